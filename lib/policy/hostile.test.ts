/**
 * Hostile policies through the public `parsePolicy` and `evaluate`: huge, deep, or built to make a
 * wildcard matcher backtrack. Each ends with a correct answer or a validation issue, never an
 * exception or an Allow. Where a regression would hang rather than fail, the work runs in a child
 * process killed after a generous bound (a guard against a hang, not a performance assertion).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { evaluate, parsePolicy } from './index';
import type { EvaluationInput } from './index';

const ROLE = 'arn:aws:iam::111111111111:role/reader';

function s3Input(document: unknown, resource = 'arn:aws:s3:::target/key'): EvaluationInput {
  return {
    request: { principal: ROLE, action: 's3:GetObject', resource },
    identityPolicies: [{ name: 'hostile', document }],
  };
}

test(
  'given 10,000 statements with the only match last, when evaluated, then Allow names that statement',
  { timeout: 60_000 },
  () => {
    const statements: object[] = [];
    for (let i = 0; i < 9_999; i++)
      statements.push({
        Sid: `S${i}`,
        Effect: 'Allow',
        Action: `s3:Get${i}*`,
        Resource: `arn:aws:s3:::bucket-${i}/*`,
      });
    statements.push({
      Sid: 'Last',
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::target/*',
    });
    const doc = { Version: '2012-10-17', Statement: statements };
    assert.deepEqual(parsePolicy(doc).issues, []);
    const ev = evaluate(s3Input(doc));
    assert.equal(ev.decision, 'Allow');
    assert.match(JSON.stringify(ev), /"Last"/);

    // One Deny in the middle of the 10,000 wins over the Allow at the end.
    statements[5_000] = { Sid: 'Middle', Effect: 'Deny', Action: 's3:*', Resource: '*' };
    const denied = evaluate(s3Input({ Version: '2012-10-17', Statement: statements }));
    assert.equal(denied.decision, 'ExplicitDeny');
    assert.match(JSON.stringify(denied), /"Middle"/);
  },
);

function nested(depth: number, leaf: unknown): unknown {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

test('given policies nested 10,000 and 1,000,000 levels deep, when parsed and evaluated, then issues and no Allow', () => {
  const depth = 10_000;
  const deepCondition = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: '*',
        Condition: { StringEquals: { 'aws:PrincipalTag/team': nested(depth, 'data') } },
      },
    ],
  };
  let deepStatement: unknown = { Effect: 'Allow', Action: '*', Resource: '*' };
  for (let i = 0; i < depth; i++) deepStatement = { Statement: deepStatement };
  const deepText = (d: number) =>
    `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":${'['.repeat(d)}"*"${']'.repeat(d)}}]}`;
  for (const doc of [
    deepCondition,
    // JSON.stringify itself overflows at this depth, so the text is built by hand.
    `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":${'['.repeat(depth)}"data"${']'.repeat(depth)}}}}]}`,
    { Version: '2012-10-17', Statement: deepStatement },
    deepText(depth),
    encodeURIComponent(deepText(depth)),
    deepText(1_000_000),
    // Unbalanced: JSON.parse rejects it; the parser must say so, not throw.
    deepText(depth).slice(0, -5),
  ]) {
    const parsed = parsePolicy(doc);
    assert.ok(
      parsed.issues.some((i) => i.severity === 'error'),
      `an error issue for ${typeof doc === 'string' ? doc.slice(0, 40) : 'an object'}`,
    );
    const ev = evaluate(s3Input(doc));
    assert.notEqual(ev.decision, 'Allow');
  }
});

test('given a wildcard built to explode (*a*a*…*b) against a long name, when matched, then no match and no hang', () => {
  // In a child process killed after 20 s: an exponential matcher would never return.
  const script = `
    import { evaluate, globMatch } from ${JSON.stringify(new URL('./index.ts', import.meta.url).pathname)};
    const pattern = '*a'.repeat(2000) + '*b';
    const text = 'a'.repeat(20000);
    const glob = globMatch(pattern, text);
    const resource = 'arn:aws:s3:::' + 'a'.repeat(5000);
    const ev = evaluate({
      request: { principal: 'arn:aws:iam::111111111111:role/r', action: 's3:GetObject', resource },
      identityPolicies: [{ document: { Version: '2012-10-17', Statement: [
        { Effect: 'Allow', Action: 's3:' + '*e'.repeat(300) + '*x', Resource: 'arn:aws:s3:::' + '*a'.repeat(2000) + '*b' },
        { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::' + '*a'.repeat(2000) + '*b' },
      ] } }],
    });
    const yes = globMatch('*a'.repeat(2000) + '*', text);
    process.stdout.write(JSON.stringify({ glob, yes, decision: ev.decision }));
  `;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    timeout: 20_000,
    encoding: 'utf8',
  });
  assert.equal(r.signal, null, 'the matcher did not finish within 20 s');
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { glob: false, yes: true, decision: 'ImplicitDeny' });
});

test('given condition values that are not JSON scalars, when evaluated, then never Allow', () => {
  for (const value of [nested(50, 'x'), { a: { b: 'c' } }, null, [], [[]], '\u0000'.repeat(10_000)]) {
    const doc = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 's3:GetObject',
          Resource: '*',
          Condition: { StringLike: { 'aws:userid': value } },
        },
      ],
    };
    const ev = evaluate({
      ...s3Input(doc),
      request: { ...s3Input(doc).request, context: { 'aws:userid': 'x' } },
    });
    assert.notEqual(ev.decision, 'Allow', JSON.stringify(value).slice(0, 40));
  }
});

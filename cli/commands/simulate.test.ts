import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { memoryIo } from '../io';
import { run } from './simulate';

const TRUST = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111111111111:root' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'sts:ExternalId': 'doris-external-id' } },
    },
  ],
};
const IDENTITY = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::222222222222:role/doris-s3-role' },
  ],
};
const caseLine = (id: string, context?: Record<string, string>, trust: unknown = TRUST): string =>
  JSON.stringify({
    id,
    request: {
      principal: 'arn:aws:iam::111111111111:role/doris-be',
      action: 'sts:AssumeRole',
      resource: 'arn:aws:iam::222222222222:role/doris-s3-role',
      ...(context ? { context } : {}),
    },
    identityPolicies: [{ name: 'AssumeDoris', document: IDENTITY }],
    resourcePolicy: trust,
  });

const outputLines = (text: string): Record<string, unknown>[] =>
  text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('rolechain simulate', () => {
  it('given cases on stdin, when run, then it writes one result line per case in order', async () => {
    const io = memoryIo(
      `${caseLine('c1', { 'sts:ExternalId': 'doris-external-id' })}\n\n${caseLine('c2')}\n`,
    );
    const code = await run([], io);
    assert.equal(code, 0);
    const out = outputLines(io.stdout);
    assert.deepEqual(
      out.map((o) => [o.id, o.decision]),
      [
        ['c1', 'Allow'],
        ['c2', 'ImplicitDeny'],
      ],
    );
    assert.ok(
      Array.isArray(out[0]?.reasons) &&
        Array.isArray(out[0]?.openConditions) &&
        Array.isArray(out[0]?.validation),
    );
  });

  it('given a trust policy with one malformed principal entry, when run without a flag, --strict or --lenient, then strict fails closed and lenient admits the well-formed entry with a warning', async () => {
    const trust = {
      Version: '2012-10-17',
      Statement: {
        Effect: 'Allow',
        Principal: { AWS: ['doris-be', 'arn:aws:iam::111111111111:root'] },
        Action: 'sts:AssumeRole',
      },
    };
    const line = `${caseLine('c1', undefined, trust)}\n`;
    const decide = async (args: string[]): Promise<Record<string, unknown> | undefined> => {
      const io = memoryIo(line);
      assert.equal(await run(args, io), 0);
      return outputLines(io.stdout)[0];
    };
    assert.equal((await decide([]))?.decision, 'ImplicitDeny', 'strict by default: pasted policies');
    assert.equal((await decide(['--strict']))?.decision, 'ImplicitDeny');
    const lenient = await decide(['--lenient']);
    assert.equal(lenient?.decision, 'Allow');
    const issues = (lenient?.validation as { issues: { severity: string; message: string }[] }[]).flatMap(
      (v) => v.issues,
    );
    assert.deepEqual(
      issues.map((i) => i.severity),
      ['warning'],
    );
    assert.match(issues[0]?.message ?? '', /matches nothing/);
  });

  it('given both --strict and --lenient, when run, then it exits 2', async () => {
    const io = memoryIo(`${caseLine('c1')}\n`);
    assert.equal(await run(['--strict', '--lenient'], io), 2);
  });

  it('given --open-context, when a key is missing, then the result is Conditional with the open condition', async () => {
    const io = memoryIo(`${caseLine('c1')}\n`);
    assert.equal(await run(['--open-context'], io), 0);
    const [out] = outputLines(io.stdout);
    assert.equal(out?.decision, 'Conditional');
    const open = out?.openConditions as { key: string; text: string }[];
    assert.equal(open[0]?.text, 'allowed if sts:ExternalId equals doris-external-id');
  });

  it('given malformed lines among good ones, when run, then each bad line gets an error with its number and the rest run', async () => {
    const io = memoryIo(
      [
        '{not json',
        caseLine('ok1'),
        '{"id":"x","request":{"action":"sts:AssumeRole"}}',
        caseLine('ok2'),
      ].join('\n'),
    );
    assert.equal(await run([], io), 0);
    const out = outputLines(io.stdout);
    assert.equal(out.length, 4);
    assert.deepEqual(out[0], {
      line: 1,
      error: { code: 'invalid_json', message: (out[0]?.error as { message: string }).message },
    });
    assert.equal(out[1]?.id, 'ok1');
    assert.equal(out[2]?.line, 3);
    assert.equal((out[2]?.error as { code: string }).code, 'invalid_case');
    assert.match((out[2]?.error as { message: string }).message, /request\.principal/);
    assert.equal(out[3]?.id, 'ok2');
  });

  it('given a policy as a JSON string and URL-encoded, when run, then both are read', async () => {
    const text = JSON.stringify(TRUST);
    const io = memoryIo(
      [
        caseLine('json', { 'sts:ExternalId': 'doris-external-id' }, text),
        caseLine('url', { 'sts:ExternalId': 'doris-external-id' }, encodeURIComponent(text)),
      ].join('\n'),
    );
    assert.equal(await run([], io), 0);
    assert.deepEqual(
      outputLines(io.stdout).map((o) => o.decision),
      ['Allow', 'Allow'],
    );
  });

  it('given a file argument, when run, then the file is read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rolechain-simulate-'));
    const file = join(dir, 'cases.jsonl');
    writeFileSync(file, `${caseLine('f1', { 'sts:ExternalId': 'doris-external-id' })}\n`);
    const io = memoryIo();
    assert.equal(await run([file], io), 0);
    assert.equal(outputLines(io.stdout)[0]?.decision, 'Allow');
  });

  it('given a file that does not exist, when run, then it exits 2 and says why', async () => {
    const io = memoryIo();
    assert.equal(await run(['/nonexistent/cases.jsonl'], io), 2);
    assert.match(io.stderr, /cannot read/);
    assert.equal(io.stdout, '');
  });

  it('given --help, when run, then it prints the usage and exits 0', async () => {
    const io = memoryIo();
    assert.equal(await run(['--help'], io), 0);
    assert.match(io.stdout, /usage: rolechain simulate/);
  });

  it('given an unknown option, when run, then it exits 2', async () => {
    const io = memoryIo();
    assert.equal(await run(['--bogus'], io), 2);
  });
});

/**
 * The line memo answers a repeated line exactly as evaluating it would: every line of a run, memo or not,
 * gives the output `simulateLine` gives for it alone. Checked on lines built to trip a text-level split
 * (a second id member, escaped ids, ids out of range, errors) and on arbitrary repeats of a few cases.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { memoryIo } from '../io';
import { run, simulateLine } from '../commands/simulate';
import { LineMemo, lineKey, restHasNoId } from './line-memo';

const TRUST = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111111111111:root' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'sts:ExternalId': 'x1' } },
    },
  ],
};
const rest = (externalId: string): string =>
  JSON.stringify({
    request: {
      principal: 'arn:aws:iam::111111111111:role/doris-be',
      action: 'sts:AssumeRole',
      resource: 'arn:aws:iam::222222222222:role/doris-s3-role',
      context: { 'sts:ExternalId': externalId },
    },
    resourcePolicy: TRUST,
  }).slice(1);

/** Each line's output as simulateLine gives it alone, one line per entry. */
async function alone(lines: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const [i, l] of lines.entries())
    if (l.trim() !== '') out.push(JSON.stringify(await simulateLine(l, i + 1, 'complete')));
  return out;
}

async function throughRun(lines: string[]): Promise<string[]> {
  const io = memoryIo(lines.join('\n') + '\n');
  assert.equal(await run([], io), 0);
  return io.stdout.trimEnd().split('\n');
}

/** The output line the memo keeps for `line`, as text. */
function kept(memo: LineMemo, line: string): string | undefined {
  const k = memo.get(lineKey(line));
  return k && k.head + Buffer.from(k.tail).toString('utf8');
}

describe('LineMemo', () => {
  it('given a line with a leading id, when keyed, then the key is the rest of the line and the id its token', () => {
    assert.deepEqual(lineKey('{"id":"c1","a":1}'), { key: '"a":1}', id: '"c1"' });
    assert.deepEqual(lineKey('{"id":-1.5e3,"a":1}'), { key: '"a":1}', id: '-1.5e3' });
    assert.equal(lineKey('{"id":"c\\"1","a":1}').id, undefined);
    assert.equal(lineKey('{"a":1,"id":"c1"}').id, undefined);
  });

  it('given a rest that names id itself (plainly or escaped), when checked, then it may not stand for other lines', () => {
    assert.equal(restHasNoId('"a":1}'), true);
    assert.equal(restHasNoId('"a":1,"id":"z"}'), false);
    assert.equal(restHasNoId('"a":1,"\\u0069d":"z"}'), false);
    assert.equal(restHasNoId('"a":"\\u0041"}'), true);
  });

  it('given a kept result, when a line with the same rest and another id comes, then the output carries the new id', () => {
    const memo = new LineMemo();
    memo.set(lineKey('{"id":"a","x":1}'), Buffer.from('{"id":"a","decision":"Allow"}'));
    assert.equal(kept(memo, '{"id":7,"x":1}'), '{"id":7,"decision":"Allow"}');
    assert.equal(kept(memo, '{"id":"b\u00e9","x":1}'), '{"id":"bé","decision":"Allow"}');
    assert.equal(kept(memo, '{"id":2.50,"x":1}'), '{"id":2.5,"decision":"Allow"}');
    assert.equal(kept(memo, '{"id":-0,"x":1}'), '{"id":0,"decision":"Allow"}');
    assert.equal(kept(memo, '{"id":"\u202e","x":1}'), '{"id":"\\u202e","decision":"Allow"}');
    assert.equal(memo.get(lineKey('{"id":1e400,"x":1}')), undefined);
    assert.equal(memo.get(lineKey('{"id":"b","x":2}')), undefined);
  });

  it('given repeated lines that try to fool a text split, when run, then every output is what the line gives alone', async () => {
    const lines = [
      `{"id":"c1",${rest('x1')}`,
      `{"id":"c2",${rest('x1')}`,
      `{"id":3,${rest('x1')}`,
      `{"id":1e400,${rest('x1')}`,
      `{"id":"c5",${rest('nope')}`,
      `{"id":"c6",${rest('nope')}`,
      `{"id":"c7",${rest('x1').slice(0, -1)},"id":"late"}`,
      `{"id":"c8",${rest('x1').slice(0, -1)},"id":"late"}`,
      `{"id":"c9",${rest('x1').slice(0, -1)},"\\u0069d":"esc"}`,
      `{"id":"c10",${rest('x1').slice(0, -1)},"\\u0069d":"esc"}`,
      `{${rest('x1')}`,
      `{${rest('x1')}`,
      `{"id":"c13",${rest('x1').slice(0, -1)},"request":null}`,
      `{"id":"c14",${rest('x1').slice(0, -1)},"request":null}`,
      `{"id":"c15",}`,
      `{"id":"c16",}`,
    ];
    const out = await throughRun(lines);
    assert.deepEqual(out, await alone(lines));
    assert.equal(JSON.parse(out[6] as string).id, 'late');
    assert.equal(JSON.parse(out[9] as string).id, 'esc');
    assert.equal(JSON.parse(out[14] as string).line, 15);
    assert.equal(JSON.parse(out[15] as string).line, 16);
  });

  it('given arbitrary repeats of a few cases under arbitrary ids, when run, then the memo changes no output', async () => {
    const ids = fc.oneof(
      fc.string({ maxLength: 4 }).map((s) => JSON.stringify(s)),
      fc.integer().map(String),
      fc.constantFrom('1e400', '-0', '2.50', 'null', 'true'),
    );
    const extra = fc.constantFrom('', ',"id":"z"', ',"\\u0069d":1', ',"id":null', ',"identityPolicies":[]');
    const line = fc
      .tuple(ids, fc.constantFrom('x1', 'x2', ''), extra)
      .map(([id, ext, more]) => `{"id":${id},${rest(ext).slice(0, -1)}${more}}`);
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 12 }), async (lines) => {
        assert.deepEqual(await throughRun(lines), await alone(lines));
      }),
      { numRuns: 60 },
    );
  });
});

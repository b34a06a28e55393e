import assert from 'node:assert/strict';
import { describe, it, test } from 'node:test';
import { decodePolicyDocument, isoDate, MAX_POLICY_CHARS, tagsToRecord } from './decode';

const doc = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/%41*' }],
};

describe('decodePolicyDocument', () => {
  it('given a decoded object (AWS CLI), when decoded, then it is returned as is', () => {
    const r = decodePolicyDocument(doc);
    assert.ok(r.ok);
    assert.deepEqual(r.value, doc);
  });

  it('given a JSON string (S3, Glue, Organizations), when decoded, then it is parsed', () => {
    const r = decodePolicyDocument(JSON.stringify(doc));
    assert.ok(r.ok);
    assert.deepEqual(r.value, doc);
  });

  it('given the raw API URL-encoded string, when decoded, then it is decoded exactly once (a literal %41 stays)', () => {
    const r = decodePolicyDocument(encodeURIComponent(JSON.stringify(doc)));
    assert.ok(r.ok);
    assert.equal((r.value.Statement as { Resource: string }[])[0]!.Resource, 'arn:aws:s3:::b/%41*');
  });

  it('given a string that is not JSON even after decoding, when decoded, then it is an error, not a document', () => {
    for (const bad of [
      '%7B%22Version%22%3A',
      '{"Version":',
      '%E0%A4%A',
      '"just a string"',
      '[1,2]',
      42,
      null,
    ]) {
      const r = decodePolicyDocument(bad);
      assert.equal(r.ok, false, String(bad));
    }
  });
});

describe('isoDate and tagsToRecord', () => {
  it('given the date forms the CLIs print, when normalised, then they are ISO-8601 UTC', () => {
    assert.equal(isoDate('2019-12-18 19:10:08+00:00'), '2019-12-18T19:10:08Z');
    assert.equal(isoDate('2026-11-19T08:00:00+01:00'), '2026-11-19T07:00:00Z');
    assert.equal(isoDate(1700000000), '2023-11-14T22:13:20Z');
    assert.equal(isoDate(''), undefined);
  });

  it('given an IAM tag list, when converted, then it is a record', () => {
    assert.deepEqual(tagsToRecord([{ Key: 'app', Value: 'doris' }, { Key: 'empty' }]), {
      app: 'doris',
      empty: '',
    });
  });
});

test('given a policy nested 10,000 levels deep, when decoded, then it is refused with a message, not a stack overflow', () => {
  let deep: unknown = 'x';
  for (let i = 0; i < 10_000; i++) deep = { a: deep };
  const r = decodePolicyDocument({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Condition: deep }],
  });
  assert.equal(r.ok, false);
  assert.match(!r.ok ? r.error.message : '', /deeper than 64 levels/);
  let text = '"x"';
  for (let i = 0; i < 1000; i++) text = `{"a":${text}}`;
  assert.equal(decodePolicyDocument(text).ok, false);
  assert.equal(decodePolicyDocument({ Version: '2012-10-17', Statement: [] }).ok, true);
});

test('given a policy string over 1 MiB, when decoded, then it is refused with its size rather than parsed', () => {
  const huge = JSON.stringify({ Version: '2012-10-17', Statement: [], Pad: 'x'.repeat(MAX_POLICY_CHARS) });
  const r = decodePolicyDocument(huge);
  assert.equal(r.ok, false);
  assert.match(r.ok ? '' : r.error.message, /^1024 KB long; AWS policies are at most a few tens of KB/);
  const real = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
  });
  assert.ok(decodePolicyDocument(encodeURIComponent(real)).ok);
});

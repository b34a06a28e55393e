import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AllowIndex, identityTargets, PatternTargetMemo } from './access-targets';
import { indexSnapshot } from './snapshot-index';
import { A, B, allow, bucket, doc, snapshotOf } from './testkit';

const snapshot = snapshotOf({
  buckets: [bucket(A, 'lake-raw'), bucket(A, 'lake-curated'), bucket(B, 'logs')],
  glueCatalogs: [{ account: A, region: 'us-west-2' }],
  kmsKeys: [{ arn: `arn:aws:kms:us-west-2:${A}:key/k1`, account: A, region: 'us-west-2' }],
});

/** Identity policies that name the same bucket first by a wildcard, then exactly (the key's value changes). */
const policies = [
  {
    name: 'wide',
    document: doc(allow(['s3:GetObject', 'glue:GetTable', 'kms:Decrypt'], '*')),
  },
  {
    name: 'lake',
    document: doc(
      allow('s3:GetObject', [
        'arn:aws:s3:::lake-*/*',
        'arn:aws:s3:::lake-raw',
        'arn:aws:s3:::lake-raw/doris/*',
      ]),
      allow('s3:ListBucket', 'arn:aws:s3:::logs'),
      allow('glue:GetTable', `arn:aws:glue:us-west-2:${A}:table/sales/*`),
      allow('kms:Decrypt', `arn:aws:kms:us-west-2:${A}:key/k1`),
    ),
  },
];

const entries = (m: Map<string, unknown>): [string, unknown][] => [...m];

describe('PatternTargetMemo: what a Resource pattern names, worked out once per build', () => {
  test('given policies naming buckets by wildcard and exactly, when read through one shared memo, then keys, order and values are those of a fresh read', () => {
    const sx = indexSnapshot(snapshot);
    const fresh = identityTargets(sx, new AllowIndex(policies));
    const memo = new PatternTargetMemo(sx);
    // A first principal fills the memo with each pattern; a second replays it.
    const first = identityTargets(sx, new AllowIndex(policies), memo);
    const second = identityTargets(sx, new AllowIndex(policies), memo);
    assert.deepEqual(entries(first), entries(fresh));
    assert.deepEqual(entries(second), entries(fresh));
    // The exact name wins over the wildcard's match, whatever was read first.
    assert.equal(second.get('b|lake-raw')?.named, true);
    assert.equal(second.get('b|lake-curated')?.named, undefined);
    assert.ok(second.has('p|lake-raw|doris/'));
    assert.equal(second.get(`g|${A}|us-west-2|sales`)?.named, true);
    assert.equal(second.get(`k|arn:aws:kms:us-west-2:${A}:key/k1`)?.named, true);
  });

  test('given two principals with a pattern in common, when read through one memo, then they share its target objects', () => {
    const sx = indexSnapshot(snapshot);
    const memo = new PatternTargetMemo(sx);
    const a = identityTargets(sx, new AllowIndex([policies[1]]), memo);
    const b = identityTargets(sx, new AllowIndex([policies[1]]), memo);
    assert.ok(a.size > 0);
    for (const [k, t] of a) assert.equal(b.get(k), t);
  });

  test('given the policies in the other order, when read through a memo filled by the first order, then the result is the fresh read of that order', () => {
    const sx = indexSnapshot(snapshot);
    const memo = new PatternTargetMemo(sx);
    identityTargets(sx, new AllowIndex(policies), memo);
    const reversed = [...policies].reverse();
    assert.deepEqual(
      entries(identityTargets(sx, new AllowIndex(reversed), memo)),
      entries(identityTargets(sx, new AllowIndex(reversed))),
    );
  });

  test('given no identity policy, when read, then no target', () => {
    const sx = indexSnapshot(snapshot);
    assert.equal(identityTargets(sx, new AllowIndex([]), new PatternTargetMemo(sx)).size, 0);
  });
});

/**
 * Hostile CloudTrail records through the public `normalizeRecord`: deep nesting, wrong types, huge
 * strings, and arbitrary values. It never throws; a chain record is an event or an invalid-record value.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { CHAIN_EVENT_NAMES } from '../model';
import { normalizeRecord } from './normalize';

function nested(depth: number, leaf: unknown): unknown {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

const BASE = {
  eventVersion: '1.08',
  eventSource: 'sts.amazonaws.com',
  eventName: 'AssumeRole',
  eventID: '11111111-2222-3333-4444-555555555555',
  eventTime: '2024-05-01T10:00:00Z',
  recipientAccountId: '111111111111',
};

test('given values nested 10,000 levels deep in every field, when normalised, then an event without them and no throw', () => {
  // JSON.stringify recurses: a deep externalId or durationSeconds made the normaliser overflow the stack.
  const deep = nested(10_000, 'x');
  const r = normalizeRecord({
    ...BASE,
    userIdentity: { type: 'AssumedRole', arn: deep, sessionContext: deep },
    requestParameters: {
      roleArn: 'arn:aws:iam::111111111111:role/r',
      roleSessionName: deep,
      externalId: deep,
      durationSeconds: deep,
      tags: deep,
      policy: deep,
    },
    responseElements: { credentials: deep, assumedRoleUser: deep },
    resources: deep,
  });
  assert.ok(r?.ok);
  assert.equal(r.value.roleArn, 'arn:aws:iam::111111111111:role/r');
  assert.equal(r.value.roleSessionName, undefined);
  assert.equal(r.value.externalIdPresent, true);
  assert.ok((r.value.externalId ?? '').length < 100);
});

test('given a record whose eventName is a chain name but whose fields are all wrong types, when normalised, then invalid-record', () => {
  for (const bad of [
    { eventID: 1 },
    { eventID: 'e', eventTime: 'yesterday' },
    { eventID: ['e'], eventTime: 5 },
  ]) {
    const r = normalizeRecord({ ...BASE, ...bad });
    assert.equal(r?.ok, false, JSON.stringify(bad));
  }
});

test('given arbitrary values and chain-shaped records, when normalised, then it never throws and events keep string ids', () => {
  const chainLike = fc.record(
    {
      eventVersion: fc.anything(),
      eventSource: fc.constantFrom('sts.amazonaws.com', 'iam.amazonaws.com', 'ec2.amazonaws.com'),
      eventName: fc.constantFrom(...CHAIN_EVENT_NAMES),
      eventID: fc.oneof(fc.uuid(), fc.anything()),
      eventTime: fc.oneof(
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
        fc.anything(),
      ),
      recipientAccountId: fc.anything(),
      userIdentity: fc.anything(),
      requestParameters: fc.oneof(fc.anything(), fc.dictionary(fc.string(), fc.anything())),
      responseElements: fc.anything(),
      resources: fc.anything(),
      errorCode: fc.anything(),
      errorMessage: fc.oneof(fc.string(), fc.anything()),
      sourceIPAddress: fc.anything(),
      userAgent: fc.string(),
    },
    { requiredKeys: ['eventSource', 'eventName'] },
  );
  fc.assert(
    fc.property(fc.oneof(fc.anything(), chainLike), (record) => {
      const r = normalizeRecord(record);
      if (r?.ok) {
        assert.equal(typeof r.value.eventId, 'string');
        assert.ok(!Number.isNaN(Date.parse(r.value.time)));
        assert.equal(typeof r.value.recordedBy, 'string');
      }
    }),
    { numRuns: 2_000 },
  );
});

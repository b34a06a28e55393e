import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AssumeEvent } from './event';
import { issuedTo } from './issuer';

const ev = (over: Partial<AssumeEvent>): AssumeEvent => ({
  eventId: 'e',
  time: '2026-11-19T08:00:00.000Z',
  recordedBy: '222222222222',
  region: 'us-west-2',
  eventName: 'AssumeRole',
  eventSource: 'sts.amazonaws.com',
  caller: { type: 'Unknown' },
  externalIdPresent: false,
  outcome: 'success',
  ...over,
});

const assume = ev({
  eventId: 'issuer',
  roleArn: 'arn:aws:iam::222222222222:role/lake',
  assumedRoleArn: 'arn:aws:sts::222222222222:assumed-role/lake/spark',
  issuedAccessKeyId: 'ASIAISSUED',
});
const session = (over: Partial<AssumeEvent['caller']>) =>
  ev({
    eventId: 'child',
    caller: {
      type: 'AssumedRole',
      arn: 'arn:aws:sts::222222222222:assumed-role/lake/spark',
      accountId: '222222222222',
      accessKeyId: 'ASIAISSUED',
      ...over,
    },
  });

test('given an AssumeRole and a call by the session it created, then the call descends from it', () => {
  assert.equal(issuedTo(assume, session({})), true);
});

test('given a shared key but a caller of another kind, session or account, then there is no link', () => {
  assert.equal(
    issuedTo(assume, session({ type: 'IAMUser', arn: 'arn:aws:iam::222222222222:user/u' })),
    false,
  );
  assert.equal(
    issuedTo(assume, session({ arn: 'arn:aws:sts::222222222222:assumed-role/lake/other' })),
    false,
  );
  assert.equal(issuedTo(assume, session({ accountId: '333333333333', arn: undefined })), false);
  assert.equal(issuedTo({ ...assume, outcome: 'denied' }, session({})), false);
});

test('given a long-lived AKIA key in a response (documentation examples, redactions), then it links nothing', () => {
  const saml = ev({ eventName: 'AssumeRoleWithSAML', issuedAccessKeyId: 'AKIAIOSFODNN7EXAMPLE' });
  const user = ev({
    eventName: 'GetSessionToken',
    caller: { type: 'IAMUser', arn: 'arn:aws:iam::123456789012:user/u', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' },
  });
  assert.equal(issuedTo(saml, user), false);
});

test("given GetSessionToken, then only the same user's calls with its key descend from it", () => {
  const user = {
    type: 'IAMUser' as const,
    arn: 'arn:aws:iam::111111111111:user/alice',
    accountId: '111111111111',
  };
  const gst = ev({
    eventName: 'GetSessionToken',
    caller: { ...user, accessKeyId: 'AKIALONG' },
    issuedAccessKeyId: 'ASIAMFA',
  });
  assert.equal(issuedTo(gst, ev({ caller: { ...user, accessKeyId: 'ASIAMFA' } })), true);
  assert.equal(
    issuedTo(
      gst,
      ev({ caller: { ...user, arn: 'arn:aws:iam::111111111111:user/bob', accessKeyId: 'ASIAMFA' } }),
    ),
    false,
  );
  assert.equal(issuedTo(gst, ev({ caller: { type: 'AssumedRole', accessKeyId: 'ASIAMFA' } })), false);
});

/**
 * An IAM Identity Center session in a published CloudTrail record, attributed to its user.
 *
 * Record: Panther's test log `364ad368…` (panther-labs/panther-analysis, Apache-2.0; see
 * test/fixtures/real/cloudtrail/README.md). It is a console sign-in (`signin.amazonaws.com`), so it is
 * not itself in the audit, but its `userIdentity` is exactly what every call of that session carries,
 * an `sts:AssumeRole` into a data role included. Expected, by hand from the IAM Identity Center User
 * Guide ("IAM roles created by IAM Identity Center": the role `AWSReservedSSO_<permission set>_<hash>`;
 * Identity Center sets the role session name to the user's user name): the session
 * `assumed-role/AWSReservedSSO_DevAdmin_635426549a280cc6/nicholas.hakmiller` of account 187901811700 is
 * the Identity Center user `nicholas.hakmiller` through the permission set `DevAdmin` in that account —
 * not an unknown session issued outside the logs.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { originOf } from '../../lib/audit/attribution';
import { callerOf } from '../../lib/audit/normalize';
import type { AssumeEvent } from '../../lib/model';

const FILE = join(import.meta.dirname, '../fixtures/real/cloudtrail/panther-analysis_chain-tests.json');
const record = (
  JSON.parse(readFileSync(FILE, 'utf8')) as { Records: Record<string, unknown>[] }
).Records.find((r) => r.eventID === '364ad368-42bf-4e05-a500-971ddfe8ebff');

/** A call the session makes: an AssumeRole into a role of the same account, caller as recorded. */
const callBySession = (): AssumeEvent => ({
  eventId: 'call-by-session',
  time: '2024-06-02T19:45:00Z',
  recordedBy: '187901811700',
  region: 'us-west-2',
  eventName: 'AssumeRole',
  eventSource: 'sts.amazonaws.com',
  caller: callerOf(record?.userIdentity),
  roleArn: 'arn:aws:iam::187901811700:role/data-reader',
  externalIdPresent: false,
  outcome: 'success',
});

test('given the Panther record of an Identity Center session, when a call of that session is attributed, then the original identity is the Identity Center user, with the permission set and account', () => {
  assert.ok(record, 'the record is in the fixture');
  assert.deepEqual(originOf(callBySession()), {
    kind: 'identity-center-user',
    id: 'identity-center-user:nicholas.hakmiller',
    label: 'Identity Center user nicholas.hakmiller via permission set DevAdmin in account 187901811700',
  });
});

test('given the identity store knows the user, when attributed, then the origin is that user by its identity-store ARN, with the display name', () => {
  const origin = originOf(callBySession(), {
    identityCenter: {
      permissionSets: [],
      assignments: [],
      principals: [
        { id: 'abc-123', type: 'USER', name: 'nicholas.hakmiller', displayName: 'Nicholas Hakmiller' },
      ],
    },
  });
  assert.equal(origin.kind, 'identity-center-user');
  assert.equal(origin.id, 'arn:aws:identitystore:::user/abc-123');
  assert.equal(
    origin.label,
    'Identity Center user nicholas.hakmiller (Nicholas Hakmiller) via permission set DevAdmin in account 187901811700',
  );
});

test('given the snapshot holds a role of that name on an ordinary path, when attributed, then it is not taken for Identity Center', () => {
  const origin = originOf(callBySession(), {
    ssoRolePaths: new Map([['187901811700/AWSReservedSSO_DevAdmin_635426549a280cc6', '/']]),
  });
  assert.equal(origin.kind, 'unknown');
});

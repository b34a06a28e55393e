import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { collectOrganization } from './organization';
import type { OrganizationOptions } from './organization';
import type { ProgressEvent } from './progress';
import { actionOfCommand, MUTATING_VERBS, READ_ONLY_ACTIONS } from './permissions';
import {
  AUDIT_ROLE,
  FakeAws,
  fakeTime,
  guideRecords,
  MANAGEMENT,
  MEMBER_A,
  MEMBER_B,
  temporaryCredentials,
} from './fixtures/mock-aws';

let aws: FakeAws;
beforeEach(() => {
  aws = new FakeAws();
  // CloudTrail in every account: the guide's records, re-dated into the lookback window.
  for (const a of aws.accounts.values())
    a.records['us-east-1'] = guideRecords().map((r, i) => ({
      ...r,
      eventID: `${a.id}-${i}`,
      eventTime: `2026-11-21T0${i}:00:00Z`,
      recipientAccountId: a.id,
    }));
});
afterEach(() => aws.restore());

async function run(opts: Partial<OrganizationOptions> = {}) {
  const time = fakeTime();
  aws.now = time.now;
  const progress: ProgressEvent[] = [];
  const result = await collectOrganization(
    aws.factory(),
    { externalId: 'ext-1234', clock: time.clock, sleep: time.sleep, ...opts },
    (e) => progress.push(e),
    new AbortController().signal,
  );
  return { result, progress, time };
}

describe('collectOrganization', () => {
  test('given an organisation of three, when collected, then every account, the OUs and the SCP/RCP with targets are in one snapshot', async () => {
    const { result, progress } = await run();
    assert.ok(result.ok, JSON.stringify(result));
    const { snapshot: s, accounts, events } = result.value;
    assert.deepEqual(accounts, { collected: [MANAGEMENT, MEMBER_A, MEMBER_B], failed: [] });
    assert.deepEqual([...new Set(s.roles.map((r) => r.account))], [MANAGEMENT, MEMBER_A, MEMBER_B]);
    assert.equal(s.organization?.id, 'o-exampleorgid');
    assert.equal(s.organization?.managementAccountId, MANAGEMENT);
    assert.deepEqual(s.organization?.units, [{ id: 'ou-ab12-prod0001', name: 'Prod', parentId: 'r-ab12' }]);
    assert.deepEqual(s.organization?.accountParents, {
      [MANAGEMENT]: 'r-ab12',
      [MEMBER_A]: 'ou-ab12-prod0001',
      [MEMBER_B]: 'ou-ab12-prod0001',
    });
    assert.deepEqual(
      s.orgPolicies.map((p) => [p.kind, p.name, p.targets]),
      [
        ['SCP', 'DenyLeaveOrganization', ['r-ab12']],
        ['RCP', 'EnforceOrgIdentities', ['ou-ab12-prod0001']],
      ],
    );
    assert.equal(s.accounts.find((a) => a.id === MEMBER_A)?.name, 'member-2');
    // The member's audit role was assumed with the ExternalId, not the management account's own.
    const assumed = aws.mocks.sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input);
    assert.deepEqual(assumed.map((i) => [i.RoleArn, i.ExternalId, i.RoleSessionName]).sort(), [
      [`arn:aws:iam::${MEMBER_A}:role/${AUDIT_ROLE}`, 'ext-1234', 'rolechain-collect'],
      [`arn:aws:iam::${MEMBER_B}:role/${AUDIT_ROLE}`, 'ext-1234', 'rolechain-collect'],
    ]);
    // AssumeRole* events of every account: 5 chain records each in the guide (the S3 call is not one).
    assert.ok(events.length > 0);
    assert.deepEqual([...new Set(events.map((e) => e.recordedBy))].sort(), [MANAGEMENT, MEMBER_A, MEMBER_B]);
    assert.ok(progress.some((p) => p.phase === 'accounts' && p.done === 3 && p.total === 3));
    assert.ok(
      s.identityProviders.some(
        (p) => p.kind === 'oidc' && p.account === MEMBER_A && p.clientIds?.[0] === 'sts.amazonaws.com',
      ),
    );
  });

  test('given one account of three cannot be assumed, when collected, then the other two are and the failure is a warning', async () => {
    aws.denyAssume.add(MEMBER_B);
    const { result } = await run();
    assert.ok(result.ok);
    const { snapshot: s, accounts } = result.value;
    assert.deepEqual(accounts, { collected: [MANAGEMENT, MEMBER_A], failed: [MEMBER_B] });
    assert.deepEqual([...new Set(s.roles.map((r) => r.account))], [MANAGEMENT, MEMBER_A]);
    const w = s.warnings.filter((x) => x.code === 'account-not-collected');
    assert.equal(w.length, 1);
    assert.match(
      w[0]!.message,
      /^account 333333333333 not collected: could not assume arn:aws:iam::333333333333:role\/RolechainAudit: AccessDenied — check that the role exists, trusts account 111111111111 with this ExternalId/,
    );
    // The member is still listed from Organizations.
    assert.ok(s.accounts.some((a) => a.id === MEMBER_B));
  });

  test('given AssumeRole hands out temporary credentials, when collected, then no key, secret or token appears in the snapshot, events, warnings or progress', async () => {
    aws.denyAssume.add(MEMBER_B);
    const { result, progress } = await run();
    assert.ok(result.ok);
    const everything = JSON.stringify([result.value, progress]);
    for (const id of [MEMBER_A, MEMBER_B]) {
      const c = temporaryCredentials(id);
      for (const secret of [c.AccessKeyId, c.SecretAccessKey, c.SessionToken])
        assert.ok(!everything.includes(secret), secret);
    }
    assert.ok(!everything.includes('base-secret-not-used'));
    // The temporary credentials were used: member A's IAM data was read with them.
    assert.ok(result.value.snapshot.roles.some((r) => r.account === MEMBER_A));
  });

  test('given a full organisation collection, when every command sent is listed, then each maps to an action of the read-only list and none is a write', async () => {
    await run();
    const sent = aws.sent();
    assert.ok(sent.length > 40);
    const actions = new Set<string>();
    for (const s of sent) {
      const action = actionOfCommand(s.service, s.command);
      assert.ok(
        action in READ_ONLY_ACTIONS,
        `${s.service} ${s.command} → ${action} is not in READ_ONLY_ACTIONS`,
      );
      const verb = action.split(':')[1]!;
      assert.ok(!MUTATING_VERBS.some((v) => verb.startsWith(v)), `${action} looks like a write`);
      actions.add(action);
    }
    // Every listed action is used by some collection (GetBucketLocation only when ListBuckets gives no region).
    const unused = Object.keys(READ_ONLY_ACTIONS).filter((a) => !actions.has(a));
    assert.deepEqual(unused, ['s3:GetBucketLocation']);
    // The only Write-level action is AssumeRole, and it was sent only for the audit role.
    for (const s of sent.filter((x) => x.command === 'AssumeRoleCommand'))
      assert.match((s.input as { RoleArn: string }).RoleArn, /:role\/RolechainAudit$/);
  });
});

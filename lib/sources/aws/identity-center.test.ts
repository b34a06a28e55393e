/**
 * Live collection of IAM Identity Center through mocked SDK clients answering in the API
 * references' response shapes (fixtures/mock-identity-center.ts): what lands in the snapshot, and
 * what a missing permission leaves (the part *not read* or *partial*, never an empty Identity Center).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ListAccountAssignmentsCommand, ListInstancesCommand } from '@aws-sdk/client-sso-admin';
import { fakeCollection, partOf } from './fixtures/fake-collection';
import {
  GROUP_ID,
  IC_REGION,
  INSTANCE_ARN,
  PERMISSION_SET_ARN,
  USER_ID,
} from './fixtures/mock-identity-center';
import { MANAGEMENT, MEMBER_A } from './fixtures/mock-aws';
import { actionOfCommand, READ_ONLY_ACTIONS } from './permissions';

const fake = fakeCollection();

describe('collectIdentityCenter', () => {
  test('given the instance lives in eu-west-1, when collected, then it is found after the home region and its permission set, assignments and names land', async () => {
    const s = await fake.collect();
    const sso = fake.aws().mocks.sso;
    // The home region (us-east-1) is asked first and has no instance; eu-west-1 has it; no more regions are asked.
    assert.equal(sso.commandCalls(ListInstancesCommand).length, 2);
    const ic = s.identityCenter;
    assert.ok(ic);
    assert.deepEqual(
      ic.permissionSets.map((p) => [p.arn, p.name, p.sessionDuration]),
      [[PERMISSION_SET_ARN, 'DataEngineer', 'PT8H']],
    );
    // Asked once per account the set is provisioned to, with the instance and the set.
    assert.deepEqual(
      sso.commandCalls(ListAccountAssignmentsCommand).map((c) => c.args[0].input),
      [MANAGEMENT, MEMBER_A].map((AccountId) => ({
        InstanceArn: INSTANCE_ARN,
        AccountId,
        PermissionSetArn: PERMISSION_SET_ARN,
      })),
    );
    assert.deepEqual(ic.assignments.map((a) => `${a.account} ${a.principalType} ${a.principalId}`).sort(), [
      `${MANAGEMENT} GROUP ${GROUP_ID}`,
      `${MANAGEMENT} USER ${USER_ID}`,
      `${MEMBER_A} GROUP ${GROUP_ID}`,
    ]);
    assert.deepEqual(ic.principals.map((p) => [p.type, p.name]).sort(), [
      ['GROUP', 'data-engineers'],
      ['USER', 'jdoe@example.com'],
    ]);
    assert.equal(partOf(s, 'identity-center', { account: MANAGEMENT })?.state, 'complete');
    // Identity stores are asked in the instance's region.
    const store = fake.aws().mocks.identitystore.calls();
    assert.equal(store.length, 2);
    for (const c of store)
      assert.deepEqual((c.args[0].input as { IdentityStoreId: string }).IdentityStoreId, 'd-1234567890');
    // Every Identity Center call is an action of the read-only list.
    const actions = new Set(
      fake
        .aws()
        .sent()
        .filter((c) => c.service === 'sso' || c.service === 'identitystore')
        .map((c) => actionOfCommand(c.service, c.command)),
    );
    assert.deepEqual([...actions].sort(), [
      'identitystore:DescribeGroup',
      'identitystore:DescribeUser',
      'sso:DescribePermissionSet',
      'sso:ListAccountAssignments',
      'sso:ListAccountsForProvisionedPermissionSet',
      'sso:ListInstances',
      'sso:ListPermissionSets',
    ]);
    for (const a of actions) assert.ok(a in READ_ONLY_ACTIONS, a);
    assert.equal(IC_REGION, 'eu-west-1');
  });

  test('given sso:ListInstances is denied, when collected, then Identity Center is not read (not an empty Identity Center), naming the call', async () => {
    fake.aws().denyActions.add('sso:ListInstances');
    const s = await fake.collect();
    assert.equal(s.identityCenter, undefined);
    const p = partOf(s, 'identity-center', { account: MANAGEMENT });
    assert.equal(p?.state, 'not-read');
    assert.equal(p?.failures[0]?.call, 'sso:ListInstances');
    assert.equal(p?.failures[0]?.code, 'AccessDeniedException');
    assert.ok(s.warnings.some((w) => /sso:ListInstances/.test(w.message)));
  });

  test('given the identity store is denied, when collected, then assignments stay by id and the part is partial', async () => {
    fake.aws().denyActions.add('identitystore:DescribeUser');
    fake.aws().denyActions.add('identitystore:DescribeGroup');
    const s = await fake.collect();
    assert.equal(s.identityCenter?.assignments.length, 3);
    assert.deepEqual(s.identityCenter?.principals, []);
    const p = partOf(s, 'identity-center', { account: MANAGEMENT });
    assert.equal(p?.state, 'partial');
    assert.deepEqual(p?.failures.map((f) => f.call).sort(), [
      'identitystore:DescribeGroup',
      'identitystore:DescribeUser',
    ]);
  });

  test('given an account that sees no instance, when collected, then Identity Center is complete and empty there', async () => {
    const s = await fake.collect({ homeRegion: 'us-east-1', regions: ['us-east-1'] });
    assert.equal(s.identityCenter, undefined);
    assert.equal(partOf(s, 'identity-center', { account: MANAGEMENT })?.state, 'complete');
  });
});

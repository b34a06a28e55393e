import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { actionOfCommand, auditRoleCloudFormation, READ_ONLY_ACTIONS, requiredPolicy } from './permissions';

describe('permissions', () => {
  test('given an organisation, when the collector policy is built, then it allows exactly the listed actions, AssumeRole only on the audit role', () => {
    const p = requiredPolicy({ organization: true, auditRoleName: 'Audit' });
    const actions = p.Statement.flatMap((s) => s.Action).sort();
    const expected = Object.keys(READ_ONLY_ACTIONS)
      .filter((a) => a !== 'sts:GetCallerIdentity')
      .sort();
    assert.deepEqual(actions, expected);
    const assume = p.Statement.find((s) => s.Action.includes('sts:AssumeRole'));
    assert.equal(assume?.Resource, 'arn:aws:iam::*:role/Audit');
    assert.ok(p.Statement.every((s) => s.Effect === 'Allow'));
  });

  test('given a member account, when its policy is built, then it has no Organizations action and no AssumeRole', () => {
    const actions = requiredPolicy({ member: true }).Statement.flatMap((s) => s.Action);
    assert.ok(actions.includes('iam:GetAccountAuthorizationDetails'));
    assert.ok(!actions.some((a) => a.startsWith('organizations:') || a === 'sts:AssumeRole'));
    assert.deepEqual(requiredPolicy(), requiredPolicy({ member: true }));
  });

  test('given the audit role template, when read, then it trusts the collector account only with the ExternalId and embeds the member policy', () => {
    const cfn = auditRoleCloudFormation('RolechainAudit');
    assert.match(cfn, /RoleName: RolechainAudit/);
    assert.match(cfn, /AWS: !Sub 'arn:\$\{AWS::Partition\}:iam::\$\{CollectorAccountId\}:root'/);
    assert.match(cfn, /sts:ExternalId: !Ref ExternalId/);
    const embedded = /PolicyDocument: (\{.*\})$/m.exec(cfn)?.[1];
    assert.deepEqual(JSON.parse(embedded ?? 'null'), requiredPolicy({ member: true }));
  });

  test('given SDK command names, when mapped, then S3 names that differ from their IAM action are translated', () => {
    assert.equal(actionOfCommand('s3', 'ListBucketsCommand'), 's3:ListAllMyBuckets');
    assert.equal(actionOfCommand('s3', 'GetPublicAccessBlockCommand'), 's3:GetBucketPublicAccessBlock');
    assert.equal(
      actionOfCommand('iam', 'GetAccountAuthorizationDetailsCommand'),
      'iam:GetAccountAuthorizationDetails',
    );
    assert.equal(actionOfCommand('iam', 'DeleteRoleCommand') in READ_ONLY_ACTIONS, false);
  });
});

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
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

  test('given the README, when its single-account policy and its audit-role template are read, then both list exactly the member actions', () => {
    const readme = readFileSync(join(import.meta.dirname, '..', '..', '..', 'README.md'), 'utf8');
    const member = requiredPolicy({ member: true }).Statement[0]!.Action;
    const json = /The identity needs this policy:\s*```json\n([\s\S]*?)\n```/.exec(readme)?.[1];
    const policy = JSON.parse(json ?? 'null') as { Statement: { Action: string[] }[] };
    assert.deepEqual(policy.Statement[0]?.Action, member);
    const yaml = /'Sid': 'RolechainReadAccount',[\s\S]*?'Action':\s*\[([\s\S]*?)\]/.exec(readme)?.[1] ?? '';
    assert.deepEqual(
      [...yaml.matchAll(/'([a-z0-9]+:[A-Za-z]+)'/g)].map((m) => m[1]),
      member,
    );
  });
});

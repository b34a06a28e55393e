/**
 * SCP reasons say where each SCP is attached. AWS attaches the managed SCP FullAWSAccess to the root,
 * to every OU and to every account when SCPs are enabled, and a call is allowed only if every level
 * from the root down to the account allows it (AWS Organizations User Guide, "SCP evaluation"). Three
 * reasons that all read "SCP FullAWSAccess allows …" do not say which level is which.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evaluate } from './evaluate';
import { describeLevel } from './reasons';

// FullAWSAccess as AWS publishes it (Organizations User Guide, "Managing SCPs").
const FULL = {
  name: 'FullAWSAccess',
  arn: 'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess',
  document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
};

describe('SCP reasons name the level', () => {
  test('given FullAWSAccess at the root, an OU and the account, then each allow reason says which', () => {
    const ev = evaluate(
      {
        request: {
          principal: 'arn:aws:iam::111111111111:role/doris-be-instance-role',
          action: 's3:GetObject',
          resource: 'arn:aws:s3:::lake/doris/x',
        },
        identityPolicies: [
          {
            name: 'read',
            document: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
            },
          },
        ],
        serviceControlPolicies: [
          { orgIdentifier: 'r-rc01', policies: [FULL] },
          { orgIdentifier: 'ou-rc01-wkld7q2m', policies: [FULL] },
          { orgIdentifier: '111111111111', policies: [FULL] },
        ],
      },
      { explain: true },
    );
    assert.equal(ev.decision, 'Allow');
    const scp = ev.reasons.filter((r) => r.policy.kind === 'scp').map((r) => r.message);
    assert.equal(scp.length, 3);
    assert.match(scp[0] ?? '', /SCP FullAWSAccess attached at the root \(r-rc01\) allows/);
    assert.match(scp[1] ?? '', /SCP FullAWSAccess attached at OU ou-rc01-wkld7q2m allows/);
    assert.match(scp[2] ?? '', /SCP FullAWSAccess attached at account 111111111111 allows/);
  });

  test('level ids in words', () => {
    assert.equal(describeLevel('r-ab12'), 'the root (r-ab12)');
    assert.equal(describeLevel('ou-ab12-34567890'), 'OU ou-ab12-34567890');
    assert.equal(describeLevel('123456789012'), 'account 123456789012');
    assert.equal(describeLevel('level 2'), 'level 2');
  });
});

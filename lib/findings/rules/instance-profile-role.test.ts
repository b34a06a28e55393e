import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  A,
  analyse,
  doc,
  instance,
  ofRule,
  profile,
  role,
  roleArn,
  snapshotOf,
  trustService,
} from '../testkit';

describe('rule instance-profile-without-role', () => {
  it('given a profile with no role used by an instance, when analysed, then it is high and the fix adds the role named like the profile', () => {
    const r = role(A, 'presto-instance-role', doc(trustService('ec2.amazonaws.com')));
    const p = profile(A, 'presto-instance-profile', []);
    const i = instance(A, 'i-0aaaaaaaaaaaaaaa1', p.arn);
    const [f, ...rest] = ofRule(
      analyse(snapshotOf({ roles: [r], instanceProfiles: [p], instances: [i] })),
      'instance-profile-without-role',
    );
    assert.equal(rest.length, 0);
    assert.equal(f?.severity, 'high');
    assert.equal(f?.fix?.policyKind, 'instance-profile');
    assert.equal(
      f?.fix?.cli,
      'aws iam add-role-to-instance-profile --instance-profile-name presto-instance-profile --role-name presto-instance-role',
    );
    assert.equal(f?.fix?.recheck?.after, 'Allow');
  });

  it('given a profile naming a role that no longer exists, when analysed, then the fix removes it first', () => {
    const p = profile(A, 'old-profile', [roleArn(A, 'gone-role')]);
    const [f] = ofRule(analyse(snapshotOf({ instanceProfiles: [p] })), 'instance-profile-without-role');
    assert.match(f?.message ?? '', /gone-role, which no longer exists/);
    assert.match(
      f?.fix?.cli ?? '',
      /^aws iam remove-role-from-instance-profile --instance-profile-name old-profile --role-name gone-role && /,
    );
  });

  it('given a profile whose role exists, when analysed, then the rule stays silent', () => {
    const r = role(A, 'doris-be-instance-role', doc(trustService('ec2.amazonaws.com')));
    const p = profile(A, 'doris-be-instance-profile', [r.arn]);
    assert.deepEqual(
      ofRule(analyse(snapshotOf({ roles: [r], instanceProfiles: [p] })), 'instance-profile-without-role'),
      [],
    );
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { A, analyse, doc, instance, ofRule, profile, role, snapshotOf, trustService } from '../testkit';

const r = role(A, 'doris-be-instance-role', doc(trustService('ec2.amazonaws.com')));
const p = profile(A, 'doris-be-instance-profile', [r.arn]);
const member = (id: string, name: string, withProfile: boolean) => ({
  ...instance(A, id, withProfile ? p.arn : undefined),
  name,
  tags: { Cluster: 'doris', Name: name },
});

describe('rule instance-without-profile', () => {
  it('given a new cluster member with no profile, when analysed, then the fix associates the profile its peers use', () => {
    const instances = [
      member('i-0000000000000001a', 'doris-be-01', true),
      member('i-0000000000000004d', 'doris-be-04', false),
    ];
    const [f, ...rest] = ofRule(
      analyse(snapshotOf({ roles: [r], instanceProfiles: [p], instances })),
      'instance-without-profile',
    );
    assert.equal(rest.length, 0);
    assert.equal(f?.id, 'instance-without-profile:i-0000000000000004d');
    assert.equal(
      f?.fix?.cli,
      'aws ec2 associate-iam-instance-profile --region us-west-2 --instance-id i-0000000000000004d --iam-instance-profile Name=doris-be-instance-profile',
    );
    assert.equal(f?.fix?.recheck?.after, 'Allow');
  });

  it('given an instance without a profile that belongs to no cluster, when analysed, then the rule stays silent', () => {
    const lone = { ...instance(A, 'i-0000000000000009f'), name: 'bastion' };
    assert.deepEqual(
      ofRule(
        analyse(snapshotOf({ roles: [r], instanceProfiles: [p], instances: [lone] })),
        'instance-without-profile',
      ),
      [],
    );
  });
});

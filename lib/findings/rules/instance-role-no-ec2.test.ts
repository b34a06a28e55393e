import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { A, analyse, doc, instance, ofRule, profile, role, snapshotOf, trustService } from '../testkit';

const profileOf = (roleArn: string) => profile(A, 'kafka-connect-instance-profile', [roleArn]);

describe('rule instance-role-trust-lacks-ec2', () => {
  it('given an instance role trusting only ecs-tasks, when analysed, then the fix adds ec2.amazonaws.com and EC2 gets in', () => {
    const r = role(A, 'kafka-connect-instance-role', doc(trustService('ecs-tasks.amazonaws.com')));
    const p = profileOf(r.arn);
    r.instanceProfileArns = [p.arn];
    const i = { ...instance(A, 'i-0123456789abcdef0', p.arn), name: 'kafka-connect-01' };
    const [f, ...rest] = ofRule(
      analyse(snapshotOf({ roles: [r], instanceProfiles: [p], instances: [i] })),
      'instance-role-trust-lacks-ec2',
    );
    assert.equal(rest.length, 0);
    assert.equal(f?.id, `instance-role-trust-lacks-ec2:${r.arn}`);
    assert.match(f?.message ?? '', /kafka-connect-01/);
    assert.ok(f?.nodes.includes(`arn:aws:ec2:us-west-2:${A}:instance/i-0123456789abcdef0`));
    assert.deepEqual(f?.fix?.addStatement, {
      Sid: 'Allowec2',
      Effect: 'Allow',
      Principal: { Service: 'ec2.amazonaws.com' },
      Action: 'sts:AssumeRole',
    });
    assert.equal(f?.fix?.recheck?.before, 'ImplicitDeny');
    assert.equal(f?.fix?.recheck?.after, 'Allow');
    assert.deepEqual(f?.fix?.recheck?.openedElsewhere, []);
  });

  it('given an instance role trusting ec2.amazonaws.com, or a role in no profile, when analysed, then the rule stays silent', () => {
    const ok = role(A, 'doris-be-instance-role', doc(trustService('ec2.amazonaws.com')));
    const lambda = role(A, 'lambda-role', doc(trustService('lambda.amazonaws.com')));
    const p = profile(A, 'doris-be-instance-profile', [ok.arn]);
    assert.deepEqual(
      ofRule(
        analyse(snapshotOf({ roles: [ok, lambda], instanceProfiles: [p] })),
        'instance-role-trust-lacks-ec2',
      ),
      [],
    );
  });
});

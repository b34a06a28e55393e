import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  A,
  B,
  allow,
  analyse,
  assumeEvent,
  doc,
  ofRule,
  role,
  roleArn,
  snapshotOf,
  trustAws,
  trustService,
} from '../testkit';

const TGT = roleArn(B, 'doris-s3-role');
const fe = role(A, 'doris-fe-instance-role', doc(trustService('ec2.amazonaws.com')), [
  doc(allow('sts:AssumeRole', TGT)),
]);
const be = role(A, 'doris-be-instance-role', doc(trustService('ec2.amazonaws.com')), [
  doc(allow('sts:AssumeRole', TGT)),
]);
const target = role(B, 'doris-s3-role', doc(trustAws([fe.arn, be.arn])));

describe('rule unused-trust-entry', () => {
  it('given a trust naming two roles and CloudTrail showing only one, when analysed, then the other entry is reported and its removal shuts only it out', () => {
    const events = [assumeEvent({ callerRole: be.arn, role: TGT })];
    const [f, ...rest] = ofRule(
      analyse(snapshotOf({ roles: [fe, be, target] }), events),
      'unused-trust-entry',
    );
    assert.equal(rest.length, 0);
    assert.equal(f?.id, `unused-trust-entry:${TGT}#${fe.arn}`);
    assert.deepEqual(
      (f?.fix?.newDocument as { Statement: { Principal: unknown }[] }).Statement[0]?.Principal,
      { AWS: be.arn },
    );
    assert.equal(f?.fix?.recheck?.before, 'Allow');
    assert.equal(f?.fix?.recheck?.after, 'ImplicitDeny');
    assert.deepEqual(f?.fix?.recheck?.openedElsewhere, []);
    assert.deepEqual(f?.fix?.recheck?.closedElsewhere, []);
  });

  it('given both entries used, or no CloudTrail at all, when analysed, then the rule stays silent', () => {
    const events = [
      assumeEvent({ callerRole: be.arn, role: TGT }),
      assumeEvent({ callerRole: fe.arn, role: TGT }),
    ];
    assert.deepEqual(
      ofRule(analyse(snapshotOf({ roles: [fe, be, target] }), events), 'unused-trust-entry'),
      [],
    );
    assert.deepEqual(ofRule(analyse(snapshotOf({ roles: [fe, be, target] })), 'unused-trust-entry'), []);
  });
});

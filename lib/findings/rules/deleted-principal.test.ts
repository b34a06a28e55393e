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

const DELETED = 'AROAYJQLGOSYNMEL56FX6';
const SRC = roleArn(A, 'presto-instance-role');
const TGT = roleArn(B, 'presto-legacy-s3-role');
const source = role(A, 'presto-instance-role', doc(trustService('ec2.amazonaws.com')), [
  doc(allow('sts:AssumeRole', TGT)),
]);

describe('rule deleted-principal-in-trust', () => {
  it('given a trust naming a unique id and no CloudTrail, when analysed, then it reports a medium finding that removes the id', () => {
    const target = role(B, 'presto-legacy-s3-role', doc(trustAws(DELETED)));
    const [f, ...rest] = ofRule(analyse(snapshotOf({ roles: [target] })), 'deleted-principal-in-trust');
    assert.equal(rest.length, 0);
    assert.equal(f?.id, `deleted-principal-in-trust:${TGT}#${DELETED}`);
    assert.equal(f?.severity, 'medium');
    assert.deepEqual(f?.evidence[0]?.statement, { index: 0 });
    assert.deepEqual(
      (f?.fix?.newDocument as { Statement: unknown[] }).Statement,
      [],
      'the only principal is gone, so is the statement',
    );
  });

  it('given denied attempts by a re-created role, when analysed, then the id is replaced by that role and the re-check lets it in', () => {
    const target = role(B, 'presto-legacy-s3-role', doc(trustAws([DELETED])));
    const events = [assumeEvent({ callerRole: SRC, role: TGT, outcome: 'denied' })];
    const [f] = ofRule(
      analyse(snapshotOf({ roles: [source, target] }), events),
      'deleted-principal-in-trust',
    );
    assert.equal(f?.severity, 'high');
    assert.deepEqual(f?.fix?.addStatement, {
      Effect: 'Allow',
      Principal: { AWS: SRC },
      Action: 'sts:AssumeRole',
    });
    assert.equal(f?.fix?.recheck?.subject, SRC);
    assert.equal(f?.fix?.recheck?.before, 'ImplicitDeny');
    assert.equal(f?.fix?.recheck?.after, 'Allow');
    assert.deepEqual(f?.fix?.recheck?.openedElsewhere, []);
    assert.deepEqual(f?.evidence[1]?.eventIds, [events[0]?.eventId]);
  });

  it('given a trust naming the role by ARN, when analysed, then the rule stays silent', () => {
    const target = role(B, 'presto-legacy-s3-role', doc(trustAws(SRC)));
    assert.deepEqual(
      ofRule(analyse(snapshotOf({ roles: [source, target] })), 'deleted-principal-in-trust'),
      [],
    );
  });
});

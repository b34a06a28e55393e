import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  A,
  B,
  allow,
  analyse,
  assumeEvent,
  doc,
  externalId,
  ofRule,
  role,
  snapshotOf,
  trustAws,
  trustService,
} from '../testkit';

const batch = role(A, 'batch-export-instance-role', doc(trustService('ec2.amazonaws.com')));
batch.inlinePolicies = [
  { name: 'assume', document: doc(allow('sts:AssumeRole', `arn:aws:iam::${B}:role/export-s3-role`)) },
];

describe('rule role-chaining-duration', () => {
  it('given a role session asking 7200 s and failing, when analysed, then it reports the call with a fix asking 3600 s', () => {
    const exp = role(B, 'export-s3-role', doc(trustAws(batch.arn, externalId('export-external-id'))));
    const events = [
      assumeEvent({
        callerRole: batch.arn,
        role: exp.arn,
        durationSeconds: 7200,
        externalId: 'export-external-id',
        outcome: 'error',
      }),
    ];
    const found = ofRule(analyse(snapshotOf({ roles: [batch, exp] }), events), 'role-chaining-duration');
    assert.equal(found.length, 1);
    assert.equal(found[0]?.id, `role-chaining-duration:${batch.arn}->${exp.arn}`);
    assert.equal(found[0]?.severity, 'medium');
    assert.match(found[0]?.fix?.cli ?? '', /--duration-seconds 3600$/);
    assert.deepEqual(found[0]?.evidence[0]?.eventIds, [events[0]?.eventId]);
  });

  it('given MaxSessionDuration 43200 on a role only roles can assume, when analysed, then it reports the setting as low', () => {
    const exp = role(B, 'export-s3-role', doc(trustAws(batch.arn)), [], { maxSessionDuration: 43200 });
    const [f] = ofRule(analyse(snapshotOf({ roles: [batch, exp] })), 'role-chaining-duration');
    assert.equal(f?.severity, 'low');
    assert.equal(f?.fix?.cli, 'aws iam update-role --role-name export-s3-role --max-session-duration 3600');
  });

  it('given a role only roles can assume whose MaxSessionDuration no source gave, when analysed, then no setting is reported', () => {
    const exp = role(B, 'export-s3-role', doc(trustAws(batch.arn)), [], { maxSessionDurationKnown: false });
    assert.deepEqual(ofRule(analyse(snapshotOf({ roles: [batch, exp] })), 'role-chaining-duration'), []);
  });

  it('given chained calls of one hour, and a long MaxSessionDuration on a role people sign in to, when analysed, then the rule stays silent', () => {
    const exp = role(B, 'export-s3-role', doc(trustAws(batch.arn)));
    const human = role(B, 'human-role', doc(trustAws(`arn:aws:iam::${B}:root`)), [], {
      maxSessionDuration: 43200,
    });
    const events = [assumeEvent({ callerRole: batch.arn, role: exp.arn, durationSeconds: 3600 })];
    assert.deepEqual(
      ofRule(analyse(snapshotOf({ roles: [batch, exp, human] }), events), 'role-chaining-duration'),
      [],
    );
  });
});

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
  roleArn,
  snapshotOf,
  trustAws,
  trustService,
} from '../testkit';

const TGT = roleArn(B, 'trino-s3-role');
const trino = role(A, 'trino-instance-role', doc(trustService('ec2.amazonaws.com')), [
  doc(allow('sts:AssumeRole', TGT)),
]);

describe('rule external-id-mismatch', () => {
  it('given denied calls sending the wrong ExternalId, when analysed, then it names both values and the fix is the caller setting', () => {
    const target = role(B, 'trino-s3-role', doc(trustAws(trino.arn, externalId('trino-prod-7d2c'))));
    const events = [
      assumeEvent({ callerRole: trino.arn, role: TGT, outcome: 'denied', externalId: 'trino-external-id' }),
      assumeEvent({ callerRole: trino.arn, role: TGT, outcome: 'denied', externalId: 'trino-external-id' }),
    ];
    const [f, ...rest] = ofRule(
      analyse(snapshotOf({ roles: [trino, target] }), events),
      'external-id-mismatch',
    );
    assert.equal(rest.length, 0);
    assert.equal(f?.id, `external-id-mismatch:${trino.arn}->${TGT}`);
    assert.match(
      f?.message ?? '',
      /denied 2 time\(s\).*requires sts:ExternalId trino-prod-7d2c, the calls sent trino-external-id/,
    );
    assert.equal(f?.fix?.policyKind, 'none');
    assert.match(f?.fix?.cli ?? '', /--external-id trino-prod-7d2c$/);
    assert.equal(f?.fix?.recheck?.before, 'ImplicitDeny');
    assert.equal(f?.fix?.recheck?.after, 'Allow');
    assert.equal(f?.evidence[1]?.eventIds?.length, 2);
  });

  it('given calls sending no ExternalId at all, when analysed, then it says so', () => {
    const target = role(B, 'trino-s3-role', doc(trustAws(trino.arn, externalId('trino-prod-7d2c'))));
    const events = [assumeEvent({ callerRole: trino.arn, role: TGT, outcome: 'denied' })];
    const [f] = ofRule(analyse(snapshotOf({ roles: [trino, target] }), events), 'external-id-mismatch');
    assert.match(f?.message ?? '', /the calls sent \(none\)/);
  });

  it('given denials whose trust asks no ExternalId, or calls with the right one, when analysed, then the rule stays silent', () => {
    const noExt = role(B, 'trino-s3-role', doc(trustAws(roleArn(A, 'someone-else'))));
    const denied = [assumeEvent({ callerRole: trino.arn, role: TGT, outcome: 'denied', externalId: 'x' })];
    assert.deepEqual(
      ofRule(analyse(snapshotOf({ roles: [trino, noExt] }), denied), 'external-id-mismatch'),
      [],
    );
    const target = role(B, 'trino-s3-role', doc(trustAws(trino.arn, externalId('trino-prod-7d2c'))));
    const ok = [assumeEvent({ callerRole: trino.arn, role: TGT, externalId: 'trino-prod-7d2c' })];
    assert.deepEqual(ofRule(analyse(snapshotOf({ roles: [trino, target] }), ok), 'external-id-mismatch'), []);
  });
});

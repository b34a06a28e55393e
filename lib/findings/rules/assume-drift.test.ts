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

const TGT = roleArn(B, 'lake-role');
const app = role(A, 'app-role', doc(trustService('ec2.amazonaws.com')), [doc(allow('sts:AssumeRole', TGT))]);

describe('rule assume-drift', () => {
  it('given successful calls that the current trust would deny, when replayed, then it reports the drift with the events', () => {
    const target = role(B, 'lake-role', doc(trustAws(roleArn(A, 'someone-else'))));
    const events = [
      assumeEvent({ callerRole: app.arn, role: TGT, daysAgo: 9 }),
      assumeEvent({ callerRole: app.arn, role: TGT, daysAgo: 2 }),
    ];
    const [f, ...rest] = ofRule(analyse(snapshotOf({ roles: [app, target] }), events), 'assume-drift');
    assert.equal(rest.length, 0);
    assert.equal(f?.id, `assume-drift:${app.arn}->${TGT}`);
    assert.match(f?.message ?? '', /assumed lake-role 2 time\(s\).*today's policies deny/);
    assert.equal(f?.evidence[0]?.eventIds?.length, 2);
  });

  it('given successful calls the current policies allow, when replayed, then the rule stays silent', () => {
    const target = role(B, 'lake-role', doc(trustAws(app.arn)));
    assert.deepEqual(
      ofRule(
        analyse(snapshotOf({ roles: [app, target] }), [assumeEvent({ callerRole: app.arn, role: TGT })]),
        'assume-drift',
      ),
      [],
    );
  });
});

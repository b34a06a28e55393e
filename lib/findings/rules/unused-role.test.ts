import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { A, B, analyse, assumeEvent, daysAgo, doc, ofRule, role, snapshotOf, trustAws } from '../testkit';

const old = { createDate: daysAgo(400) };

describe('rule unused-role', () => {
  it('given a role last used 60 days ago and no CloudTrail event, when analysed, then it is reported with the commands that remove it', () => {
    const backup = role(
      B,
      'legacy-backup-role',
      doc(trustAws(`arn:aws:iam::${B}:root`)),
      [{ Version: '2012-10-17', Statement: [] }],
      {
        ...old,
        lastUsed: { date: daysAgo(60) },
        attachedPolicyArns: ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'],
      },
    );
    const [f, ...rest] = ofRule(analyse(snapshotOf({ roles: [backup] })), 'unused-role');
    assert.equal(rest.length, 0);
    assert.equal(f?.severity, 'low');
    assert.match(f?.message ?? '', /last used 60 days ago/);
    assert.equal(
      f?.fix?.cli,
      'aws iam delete-role-policy --role-name legacy-backup-role --policy-name legacy-backup-role-inline-0 && ' +
        'aws iam detach-role-policy --role-name legacy-backup-role --policy-arn arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess && ' +
        'aws iam delete-role --role-name legacy-backup-role',
    );
  });

  it('given roles used recently by RoleLastUsed or CloudTrail, or created within the window, when analysed, then the rule stays silent', () => {
    const caller = role(A, 'caller-role', doc(trustAws(`arn:aws:iam::${A}:root`)), [], {
      ...old,
      lastUsed: { date: daysAgo(1) },
    });
    const assumed = role(B, 'assumed-role', doc(trustAws(caller.arn)), [], old);
    const fresh = role(B, 'fresh-role', doc(trustAws(`arn:aws:iam::${B}:root`)), [], {
      createDate: daysAgo(5),
    });
    const events = [assumeEvent({ callerRole: caller.arn, role: assumed.arn, daysAgo: 3 })];
    assert.deepEqual(
      ofRule(analyse(snapshotOf({ roles: [caller, assumed, fresh] }), events), 'unused-role'),
      [],
    );
  });
});

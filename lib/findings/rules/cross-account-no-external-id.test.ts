import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { A, B, EXT, analyse, doc, externalId, ofRule, role, roleArn, snapshotOf, trustAws } from '../testkit';

const VENDOR = roleArn(B, 'vendor-analytics-role');

describe('rule cross-account-no-external-id', () => {
  it('given a role trusting an account that Organizations data does not list, when analysed, then it is high and the fix makes the vendor Conditional on an ExternalId', () => {
    const vendor = role(B, 'vendor-analytics-role', doc(trustAws(`arn:aws:iam::${EXT}:root`)));
    const snap = snapshotOf({ roles: [vendor] });
    snap.accounts = [
      { id: A, status: 'ACTIVE' },
      { id: B, status: 'ACTIVE' },
    ];
    const [f, ...rest] = ofRule(analyse(snap), 'cross-account-no-external-id');
    assert.equal(rest.length, 0);
    assert.equal(f?.id, `cross-account-no-external-id:${VENDOR}#arn:aws:iam::${EXT}:root`);
    assert.equal(f?.severity, 'high');
    assert.match(f?.message ?? '', /outside the organisation/);
    assert.deepEqual((f?.fix?.addStatement as { Condition: unknown }).Condition, {
      StringEquals: { 'sts:ExternalId': `vendor-analytics-role-${EXT}` },
    });
    assert.equal(
      (f?.fix?.newDocument as { Statement: unknown[] }).Statement.length,
      1,
      'the open statement is replaced, not kept',
    );
    assert.equal(f?.fix?.recheck?.subject, `arn:aws:iam::${EXT}:role/rolechain-probe`);
    assert.equal(f?.fix?.recheck?.before, 'Allow');
    assert.equal(f?.fix?.recheck?.after, 'Conditional');
    assert.deepEqual(f?.fix?.recheck?.openedElsewhere, []);
  });

  it('given a role trusting a role of a sibling account, when analysed, then it is only low', () => {
    const caller = role(A, 'data-engineer-role', doc(trustAws(`arn:aws:iam::${A}:root`)));
    const admin = role(B, 'lakehouse-admin-role', doc(trustAws(caller.arn)));
    const [f] = ofRule(analyse(snapshotOf({ roles: [caller, admin] })), 'cross-account-no-external-id');
    assert.equal(f?.severity, 'low');
  });

  it('given a statement naming two principals, when the fix is proposed, then only the third party moves to a statement of its own', () => {
    const caller = role(A, 'app-role', doc(trustAws(`arn:aws:iam::${A}:root`)));
    const shared = role(
      B,
      'shared-role',
      doc(trustAws([caller.arn, `arn:aws:iam::${EXT}:root`], externalId('x'))),
    );
    assert.deepEqual(
      ofRule(analyse(snapshotOf({ roles: [caller, shared] })), 'cross-account-no-external-id'),
      [],
      'the condition binds both',
    );
    const open = role(B, 'shared-role', doc(trustAws([caller.arn, `arn:aws:iam::${EXT}:root`])));
    const found = ofRule(analyse(snapshotOf({ roles: [caller, open] })), 'cross-account-no-external-id');
    const ext = found.find((f) => f.id.endsWith(`${EXT}:root`));
    const statements = (ext?.fix?.newDocument as { Statement: { Principal: { AWS: unknown } }[] }).Statement;
    assert.deepEqual(
      statements.map((s) => s.Principal.AWS),
      [caller.arn, `arn:aws:iam::${EXT}:root`],
    );
  });

  it('given a cross-account trust with an ExternalId, when analysed, then the rule stays silent', () => {
    const vendor = role(
      B,
      'vendor-analytics-role',
      doc(trustAws(`arn:aws:iam::${EXT}:root`, externalId('v-1'))),
    );
    assert.deepEqual(ofRule(analyse(snapshotOf({ roles: [vendor] })), 'cross-account-no-external-id'), []);
  });

  it('given no Organizations data, when a role trusts an account outside the snapshot, then the account is not known to be in the organisation, at medium, and the finding names what settles it', () => {
    const vendor = role(B, 'vendor-analytics-role', doc(trustAws(`arn:aws:iam::${EXT}:root`)));
    const [f] = ofRule(analyse(snapshotOf({ roles: [vendor] })), 'cross-account-no-external-id');
    assert.equal(f?.severity, 'medium');
    assert.match(f?.message ?? '', /not known to be in your organisation/);
    assert.doesNotMatch(f?.message ?? '', /outside the organisation/);
    assert.ok(f?.evidence.some((e) => e.text.includes('aws organizations list-accounts')));
  });

  it('given a role only named like an AWS-created one, trusting a vendor role, when analysed, then it is not explained away', () => {
    const fake = role(B, 'OrganizationAccountAccessRole', doc(trustAws(roleArn(EXT, 'support'))));
    const [f] = ofRule(analyse(snapshotOf({ roles: [fake] })), 'cross-account-no-external-id');
    assert.equal(f?.severity, 'medium');
    assert.doesNotMatch(f?.message ?? '', /AWS Organizations creates/);
  });

  it('given Organizations data, when OrganizationAccountAccessRole trusts an account outside it, then it is high and says this is not how AWS sets it up', () => {
    const odd = role(B, 'OrganizationAccountAccessRole', doc(trustAws(`arn:aws:iam::${EXT}:root`)));
    const snap = snapshotOf({ roles: [odd] });
    snap.accounts = [{ id: B, status: 'ACTIVE' }];
    const [f] = ofRule(analyse(snap), 'cross-account-no-external-id');
    assert.equal(f?.severity, 'high');
    assert.match(f?.message ?? '', /not how AWS Organizations sets it up/);
  });
});

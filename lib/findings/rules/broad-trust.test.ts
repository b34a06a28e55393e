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
} from '../testkit';
import { OUTSIDER } from '../engine';

const DROPBOX = roleArn(B, 'shared-dropbox-role');
const onlyIp = { Condition: { IpAddress: { 'aws:SourceIp': ['198.51.100.0/24', '203.0.113.0/24'] } } };

describe('rule broad-trust', () => {
  it('given a trust to "*" held only by aws:SourceIp, when analysed, then it is critical and the fix shuts the outsider out', () => {
    const dropbox = role(B, 'shared-dropbox-role', doc(trustAws('*', onlyIp)));
    const [f, ...rest] = ofRule(analyse(snapshotOf({ roles: [dropbox] })), 'broad-trust');
    assert.equal(rest.length, 0);
    assert.equal(f?.severity, 'critical');
    assert.equal(f?.id, `broad-trust:${DROPBOX}#0:*`);
    assert.match(f?.message ?? '', /held only by IpAddress aws:SourceIp/);
    assert.equal(f?.fix?.recheck?.subject, OUTSIDER);
    assert.equal(f?.fix?.recheck?.before, 'Allow');
    assert.equal(f?.fix?.recheck?.after, 'ImplicitDeny');
    assert.deepEqual(f?.fix?.recheck?.openedElsewhere, []);
  });

  it('given CloudTrail showing who uses the role, when the fix is proposed, then it names exactly those callers and keeps them in', () => {
    const partner = role(A, 'partner-sync-role', doc(trustAws(`arn:aws:iam::${A}:root`)), [
      doc(allow('sts:AssumeRole', DROPBOX)),
    ]);
    const dropbox = role(B, 'shared-dropbox-role', doc(trustAws('*', onlyIp)));
    const events = [assumeEvent({ callerRole: partner.arn, role: DROPBOX })];
    const [f] = ofRule(analyse(snapshotOf({ roles: [partner, dropbox] }), events), 'broad-trust');
    assert.deepEqual((f?.fix?.addStatement as { Principal: unknown }).Principal, { AWS: partner.arn });
    const closed = f?.fix?.recheck?.closedElsewhere ?? [];
    assert.ok(!closed.includes(partner.arn), 'the caller CloudTrail shows keeps access');
    assert.ok(
      closed.includes(`arn:aws:iam::${B}:role/rolechain-probe`),
      'anyone else of the account is shut out, and the re-check says so',
    );
  });

  it('given CloudTrail showing a vendor outside the snapshot, when the fix is proposed, then naming the vendor alone is not offered (it adds cross-account-no-external-id) and the ExternalId-bound statement is', () => {
    // The shared-dropbox-role: "*" replaced by the vendor's account root would be a confused deputy.
    const vendor = '444455556666';
    const dropbox = role(B, 'shared-dropbox-role', doc(trustAws('*', onlyIp)));
    const events = [assumeEvent({ callerRole: `arn:aws:iam::${vendor}:role/dropbox-sync`, role: DROPBOX })];
    const [f] = ofRule(analyse(snapshotOf({ roles: [dropbox] }), events), 'broad-trust');
    const fix = f?.fix;
    const statements = (fix?.newDocument as { Statement: Record<string, unknown>[] }).Statement;
    assert.deepEqual(statements[0]?.Principal, { AWS: `arn:aws:iam::${vendor}:role/dropbox-sync` });
    assert.deepEqual((statements[0]?.Condition as Record<string, unknown>).StringEquals, {
      'sts:ExternalId': `shared-dropbox-role-${vendor}`,
    });
    assert.match(fix?.summary ?? '', /sts:ExternalId/);
    const diff = fix?.recheck?.findings;
    assert.ok(diff, 'every rule was re-run');
    assert.ok(
      diff.removed.some((c) => c.id === f?.id),
      `the broad trust is gone: ${JSON.stringify(diff)}`,
    );
    assert.deepEqual(
      diff.added.filter((c) => c.severity === 'critical' || c.severity === 'high'),
      [],
      'and nothing high or critical comes in its place',
    );
  });

  it('given the vendor sent an ExternalId in CloudTrail, when the fix binds it, then it uses the value the vendor already sends', () => {
    const vendor = '444455556666';
    const dropbox = role(B, 'shared-dropbox-role', doc(trustAws('*', onlyIp)));
    const events = [
      assumeEvent({
        callerRole: `arn:aws:iam::${vendor}:role/dropbox-sync`,
        role: DROPBOX,
        externalId: 'dbx-7731',
      }),
    ];
    const [f] = ofRule(analyse(snapshotOf({ roles: [dropbox] }), events), 'broad-trust');
    const statements = (f?.fix?.newDocument as { Statement: Record<string, unknown>[] }).Statement;
    assert.deepEqual((statements[0]?.Condition as Record<string, unknown>).StringEquals, {
      'sts:ExternalId': 'dbx-7731',
    });
  });

  it('given aws:PrincipalArn StringLike "*", when analysed, then it still counts as unnarrowed', () => {
    const dropbox = role(
      B,
      'shared-dropbox-role',
      doc(trustAws('*', { Condition: { StringLike: { 'aws:PrincipalArn': '*' } } })),
    );
    assert.equal(ofRule(analyse(snapshotOf({ roles: [dropbox] })), 'broad-trust').length, 1);
  });

  it('given "*" narrowed by aws:PrincipalOrgID, when analysed, then the rule stays silent', () => {
    const dropbox = role(
      B,
      'shared-dropbox-role',
      doc(trustAws('*', { Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } })),
    );
    assert.deepEqual(ofRule(analyse(snapshotOf({ roles: [dropbox] })), 'broad-trust'), []);
  });

  it('given a whole sibling account trusted with no condition, when analysed, then it is low; the own account is not reported', () => {
    const wide = role(B, 'wide-role', doc(trustAws(`arn:aws:iam::${A}:root`)));
    const own = role(B, 'own-role', doc(trustAws(`arn:aws:iam::${B}:root`)));
    const found = ofRule(analyse(snapshotOf({ roles: [wide, own] })), 'broad-trust');
    assert.deepEqual(
      found.map((f) => [f.nodes[0], f.severity]),
      [[wide.arn, 'low']],
    );
  });
});

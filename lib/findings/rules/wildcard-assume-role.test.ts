import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  A,
  B,
  allow,
  analyse,
  doc,
  ofRule,
  role,
  roleArn,
  snapshotOf,
  trustAws,
  trustService,
} from '../testkit';

const TGT = roleArn(B, 'etl-target-role');
const target = role(B, 'etl-target-role', doc(trustAws(roleArn(A, 'etl-role'))));
const other = role(A, 'admin-role', doc(trustAws(`arn:aws:iam::${A}:root`)));

describe('rule wildcard-assume-role', () => {
  it('given sts:AssumeRole on "*", when analysed, then the fix limits it to the roles the holder is trusted by and shuts the others', () => {
    const etl = role(A, 'etl-role', doc(trustService('ec2.amazonaws.com')), [
      doc(allow(['sts:AssumeRole', 's3:ListAllMyBuckets'], '*')),
    ]);
    const [f, ...rest] = ofRule(analyse(snapshotOf({ roles: [etl, target, other] })), 'wildcard-assume-role');
    assert.equal(rest.length, 0);
    assert.equal(f?.id, `wildcard-assume-role:${etl.arn}#etl-role-inline-0`);
    assert.deepEqual(f?.nodes, [etl.arn]);
    assert.match(f?.message ?? '', /which need only etl-target-role/);
    assert.ok(JSON.stringify(f?.fix?.newDocument).includes(TGT));
    assert.equal(
      f?.fix?.cli,
      'aws iam put-role-policy --role-name etl-role --policy-name etl-role-inline-0 --policy-document file://etl-role-inline-0.json',
    );
    assert.equal(f?.fix?.recheck?.before, f?.fix?.recheck?.after, 'the role it needs stays reachable');
    assert.deepEqual(f?.fix?.recheck?.openedElsewhere, []);
    assert.ok(f?.fix?.recheck?.closedElsewhere?.includes(other.arn), 'a role it never needed is shut out');
  });

  it('given sts:AssumeRole on named roles, or on one role name in every account, when analysed, then the rule stays silent', () => {
    const named = role(A, 'etl-role', doc(trustService('ec2.amazonaws.com')), [
      doc(allow('sts:AssumeRole', TGT)),
    ]);
    const fanOut = role(A, 'auditor', doc(trustService('ec2.amazonaws.com')), [
      doc(allow('sts:AssumeRole', 'arn:aws:iam::*:role/org-audit')),
    ]);
    const admin = role(A, 'break-glass', doc(trustService('ec2.amazonaws.com')), [doc(allow('*', '*'))]);
    assert.deepEqual(
      ofRule(analyse(snapshotOf({ roles: [named, fanOut, admin, target] })), 'wildcard-assume-role'),
      [],
    );
  });

  it('given a holder that roles trust only as one of its sessions (an Identity Center user), when analysed, then the fix keeps those roles', () => {
    const sso = role(A, 'AWSReservedSSO_Admin_0123456789abcdef', doc(trustService('ec2.amazonaws.com')), [
      doc(allow('sts:AssumeRole', '*')),
    ]);
    const bySession = role(
      A,
      'privesc-role',
      doc(trustAws(`arn:aws:sts::${A}:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/alice@example.com`)),
    );
    const [f] = ofRule(analyse(snapshotOf({ roles: [sso, bySession] })), 'wildcard-assume-role');
    assert.match(f?.message ?? '', /which need only privesc-role/);
    assert.doesNotMatch(f?.message ?? '', /no role/);
    assert.ok(JSON.stringify(f?.fix?.newDocument).includes(bySession.arn));
  });

  it('given managed policies attached to several roles, one granting sts:AssumeRole on "*" and one not, when analysed, then one finding names every holder of the first and none the second', () => {
    const wide = {
      arn: `arn:aws:iam::${A}:policy/assume-any`,
      name: 'assume-any',
      path: '/',
      account: A,
      document: doc(allow('sts:AssumeRole', '*')),
    };
    const narrow = {
      arn: `arn:aws:iam::${A}:policy/assume-target`,
      name: 'assume-target',
      path: '/',
      account: A,
      document: doc(allow('sts:AssumeRole', TGT)),
    };
    const holders = ['etl-role', 'batch-role', 'report-role'].map((n, i) =>
      role(A, n, doc(trustService('ec2.amazonaws.com')), [], {
        attachedPolicyArns: i === 1 ? [narrow.arn] : [narrow.arn, wide.arn],
      }),
    );
    const found = ofRule(
      analyse(snapshotOf({ roles: [...holders, target], managedPolicies: [wide, narrow] })),
      'wildcard-assume-role',
    );
    assert.deepEqual(
      found.map((f) => [f.id, f.nodes]),
      [[`wildcard-assume-role:${wide.arn}`, [holders[0]?.arn, holders[2]?.arn]]],
    );
    assert.match(found[0]?.message ?? '', /held by etl-role, report-role, which need only etl-target-role/);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  A,
  B,
  allow,
  analyse,
  doc,
  externalId,
  ofRule,
  role,
  roleArn,
  snapshotOf,
  trustAws,
  trustService,
} from '../testkit';

const SRC = roleArn(A, 'spark-etl-instance-role');
const TGT = roleArn(B, 'spark-etl-s3-role');
const source = role(A, 'spark-etl-instance-role', doc(trustService('ec2.amazonaws.com')), [
  doc(allow('sts:AssumeRole', TGT)),
]);

describe('rule missing-trust', () => {
  it('given a caller allowed to assume a role whose trust names only its own account, when analysed, then it proposes the trust statement and the re-check passes', () => {
    const target = role(B, 'spark-etl-s3-role', doc(trustAws(`arn:aws:iam::${B}:root`)));
    const [f, ...rest] = ofRule(analyse(snapshotOf({ roles: [source, target] })), 'missing-trust');
    assert.equal(rest.length, 0);
    assert.ok(f);
    assert.equal(f.id, `missing-trust:${SRC}->${TGT}`);
    assert.equal(f.severity, 'high');
    assert.deepEqual(f.nodes, [SRC, TGT]);
    assert.equal(f.edges.length, 1);
    assert.equal(f.fix?.policyKind, 'trust');
    assert.deepEqual(f.fix?.addStatement, {
      Sid: 'Allowsparketlinstancerole',
      Effect: 'Allow',
      Principal: { AWS: SRC },
      Action: 'sts:AssumeRole',
    });
    assert.equal(
      f.fix?.cli,
      'aws iam update-assume-role-policy --role-name spark-etl-s3-role --policy-document file://trust-spark-etl-s3-role.json',
    );
    const statements = (f.fix?.newDocument as { Statement: unknown[] }).Statement;
    assert.equal(statements.length, 2, 'the existing statement is kept and one is added');
    assert.equal(f.fix?.recheck?.before, 'ImplicitDeny');
    assert.equal(f.fix?.recheck?.after, 'Allow');
    assert.deepEqual(f.fix?.recheck?.openedElsewhere, []);
    assert.ok((f.fix?.recheck?.checked ?? 0) >= 2);
  });

  it('given a trust that asks other callers for an ExternalId, when the fix is proposed, then the new statement asks the same and the re-check is Conditional on it', () => {
    const other = roleArn(A, 'doris-be-instance-role');
    const target = role(B, 'spark-etl-s3-role', doc(trustAws(other, externalId('lake-external-id'))));
    const [f] = ofRule(analyse(snapshotOf({ roles: [source, target] })), 'missing-trust');
    assert.deepEqual((f?.fix?.addStatement as { Condition: unknown }).Condition, {
      StringEquals: { 'sts:ExternalId': 'lake-external-id' },
    });
    assert.equal(f?.fix?.recheck?.after, 'Conditional');
  });

  it('given a trust that already names the caller, when analysed, then the rule stays silent', () => {
    const target = role(B, 'spark-etl-s3-role', doc(trustAws(SRC)));
    assert.deepEqual(ofRule(analyse(snapshotOf({ roles: [source, target] })), 'missing-trust'), []);
  });
});

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

const SRC = roleArn(A, 'flink-instance-role');
const TGT = roleArn(B, 'flink-checkpoint-role');
const target = role(B, 'flink-checkpoint-role', doc(trustAws(SRC, externalId('flink-external-id'))));

describe('rule missing-permission', () => {
  it('given a cross-account trust naming a caller with no sts:AssumeRole allow, when analysed, then it proposes an inline policy and the re-check becomes Conditional on the ExternalId', () => {
    const source = role(A, 'flink-instance-role', doc(trustService('ec2.amazonaws.com')), [
      doc(allow('s3:GetObject', '*')),
    ]);
    const [f, ...rest] = ofRule(analyse(snapshotOf({ roles: [source, target] })), 'missing-permission');
    assert.equal(rest.length, 0);
    assert.equal(f?.id, `missing-permission:${SRC}->${TGT}`);
    assert.equal(f?.fix?.policyKind, 'identity');
    assert.equal(f?.fix?.target, SRC);
    assert.deepEqual(f?.fix?.newDocument, {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Assumeflinkcheckpointrole', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: TGT },
      ],
    });
    assert.equal(
      f?.fix?.cli,
      'aws iam put-role-policy --role-name flink-instance-role --policy-name rolechain-assume-flink-checkpoint-role --policy-document file://rolechain-assume-flink-checkpoint-role.json',
    );
    assert.equal(f?.fix?.recheck?.before, 'ImplicitDeny');
    assert.equal(f?.fix?.recheck?.after, 'Conditional');
    assert.deepEqual(f?.fix?.recheck?.openedElsewhere, []);
  });

  it('given the caller allowed to call sts:AssumeRole on the role, when analysed, then the rule stays silent', () => {
    const source = role(A, 'flink-instance-role', doc(trustService('ec2.amazonaws.com')), [
      doc(allow('sts:AssumeRole', TGT)),
    ]);
    assert.deepEqual(ofRule(analyse(snapshotOf({ roles: [source, target] })), 'missing-permission'), []);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { B, allow, analyse, bucket, doc, ofRule, role, snapshotOf, trustAws } from '../testkit';

const airflow = role(B, 'airflow-s3-role', doc(trustAws(`arn:aws:iam::${B}:root`)), [
  doc(
    allow(
      ['s3:GetObject', 's3:ListBucket'],
      ['arn:aws:s3:::finance-reports', 'arn:aws:s3:::finance-reports/*'],
    ),
  ),
]);
const other = role(B, 'finance-role', doc(trustAws(`arn:aws:iam::${B}:root`)), [
  doc(allow('s3:GetObject', 'arn:aws:s3:::finance-reports/*')),
]);

describe('rule bucket-policy-denies-role', () => {
  it('given a bucket policy denying the role by name, when analysed, then the fix removes the statement and the role gets in, nobody else', () => {
    const deny = {
      Sid: 'DenyAirflowRole',
      Effect: 'Deny',
      Principal: { AWS: airflow.arn },
      Action: 's3:*',
      Resource: ['arn:aws:s3:::finance-reports', 'arn:aws:s3:::finance-reports/*'],
    };
    const b = bucket(B, 'finance-reports', doc(deny));
    const [f, ...rest] = ofRule(
      analyse(snapshotOf({ roles: [airflow, other], buckets: [b] })),
      'bucket-policy-denies-role',
    );
    assert.equal(rest.length, 0);
    assert.equal(f?.id, `bucket-policy-denies-role:${airflow.arn}->s3://finance-reports`);
    assert.match(f?.message ?? '', /s3:GetObject, s3:ListBucket/);
    assert.deepEqual(f?.fix?.removeStatement, { index: 0, sid: 'DenyAirflowRole' });
    assert.deepEqual((f?.fix?.newDocument as { Statement: unknown[] }).Statement, []);
    assert.equal(
      f?.fix?.cli,
      'aws s3api put-bucket-policy --bucket finance-reports --policy file://bucket-policy-finance-reports.json',
    );
    assert.equal(f?.fix?.recheck?.before, 'ExplicitDeny');
    assert.equal(f?.fix?.recheck?.after, 'Allow');
    assert.deepEqual(f?.fix?.recheck?.openedElsewhere, []);
  });

  it('given a deny on everyone outside a list, when the fix is proposed, then the role is excepted by aws:PrincipalArn and the deny stays for others', () => {
    const deny = {
      Sid: 'OnlyFinance',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: 'arn:aws:s3:::finance-reports/*',
      Condition: { ArnNotEquals: { 'aws:PrincipalArn': other.arn } },
    };
    const b = bucket(B, 'finance-reports', doc(deny));
    const [f] = ofRule(
      analyse(snapshotOf({ roles: [airflow, other], buckets: [b] })),
      'bucket-policy-denies-role',
    );
    assert.deepEqual((f?.fix?.addStatement as { Condition: unknown }).Condition, {
      ArnNotEquals: { 'aws:PrincipalArn': [other.arn, airflow.arn] },
    });
    assert.equal(f?.fix?.recheck?.after, 'Allow');
    assert.deepEqual(f?.fix?.recheck?.openedElsewhere, []);
  });

  it('given a bucket policy that only allows, when analysed, then the rule stays silent', () => {
    const b = bucket(
      B,
      'finance-reports',
      doc({
        Effect: 'Allow',
        Principal: { AWS: airflow.arn },
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::finance-reports/*',
      }),
    );
    assert.deepEqual(
      ofRule(analyse(snapshotOf({ roles: [airflow], buckets: [b] })), 'bucket-policy-denies-role'),
      [],
    );
  });
});

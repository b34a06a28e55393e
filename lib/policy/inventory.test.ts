import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { trustPrincipals } from './inventory';
import { releaseTextMemos } from './text-memo';

/**
 * Each `AWS` / `Federated` value of a trust policy (IAM User Guide, "AWS JSON policy elements:
 * Principal") with the kind and account written out by hand.
 */
const AWS_VALUES: [value: string, kind: string, account: string | undefined][] = [
  ['arn:aws:iam::111122223333:root', 'account', '111122223333'],
  ['arn:aws:iam::111122223333:role/etl/spark-reader', 'role', '111122223333'],
  ['arn:aws:iam::111122223333:user/analyst', 'user', '111122223333'],
  ['arn:aws:sts::111122223333:assumed-role/spark-reader/emr', 'session', '111122223333'],
  ['arn:aws:sts::111122223333:federated-user/bob', 'federated-user', '111122223333'],
  ['arn:aws-cn:iam::444455556666:role/cn-reader', 'role', '444455556666'],
  // Not a 12-digit account: the kind is read, no account.
  ['arn:aws:iam::1111:role/short-account', 'role', undefined],
  // No service: not a principal ARN at all.
  ['arn:aws::us-east-1:111122223333:role/x', 'invalid', undefined],
  ['arn:aws:s3:::a-bucket', 'invalid', undefined],
];

const trust = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: {
        AWS: AWS_VALUES.map(([v]) => v),
        Federated: [
          'arn:aws:iam::111122223333:saml-provider/Okta',
          'arn:aws:iam::1111:oidc-provider/short.example.com',
          'accounts.google.com',
        ],
      },
      Action: 'sts:AssumeRole',
    },
  ],
};

describe('trustPrincipals', () => {
  test('given every shape of principal ARN, when listed, then each has the kind and account IAM gives it, again after a release', () => {
    for (const round of [1, 2]) {
      const byValue = new Map(trustPrincipals(trust).map((p) => [p.value, p]));
      for (const [value, kind, account] of AWS_VALUES) {
        assert.equal(byValue.get(value)?.kind, kind, `${round}: ${value}`);
        assert.equal(byValue.get(value)?.account, account, `${round}: ${value}`);
        assert.equal('account' in (byValue.get(value) ?? {}), account !== undefined, `${round}: ${value}`);
      }
      assert.equal(byValue.get('arn:aws:iam::111122223333:saml-provider/Okta')?.account, '111122223333');
      assert.equal(byValue.get('arn:aws:iam::1111:oidc-provider/short.example.com')?.account, undefined);
      assert.equal(byValue.get('accounts.google.com')?.account, undefined);
      releaseTextMemos();
    }
  });
});

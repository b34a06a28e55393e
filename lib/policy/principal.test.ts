import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseRequestPrincipal } from './principal';
import { releaseTextMemos } from './text-memo';

/**
 * Callers as IAM names them (IAM User Guide, "AWS JSON policy elements: Principal" and "IAM
 * identifiers"), each with the reading written out by hand. Compared as JSON, so the properties' order
 * and absence are pinned too (a reading is shown in reasons and exports).
 */
const CASES: [raw: string, expected: string][] = [
  [
    'arn:aws:iam::111122223333:role/etl/spark-reader',
    '{"raw":"arn:aws:iam::111122223333:role/etl/spark-reader","arn":"arn:aws:iam::111122223333:role/etl/spark-reader","account":"111122223333","kind":"role","roleName":"spark-reader"}',
  ],
  [
    'arn:aws:iam::ACCOUNT:role/not-an-account',
    '{"raw":"arn:aws:iam::ACCOUNT:role/not-an-account","arn":"arn:aws:iam::ACCOUNT:role/not-an-account","kind":"role","roleName":"not-an-account"}',
  ],
  [
    'arn:aws:sts::111122223333:assumed-role/spark-reader/emr-session',
    '{"raw":"arn:aws:sts::111122223333:assumed-role/spark-reader/emr-session","arn":"arn:aws:sts::111122223333:assumed-role/spark-reader/emr-session","account":"111122223333","kind":"assumed-role","roleName":"spark-reader","sessionName":"emr-session"}',
  ],
  [
    'arn:aws:iam::111122223333:user/analyst',
    '{"raw":"arn:aws:iam::111122223333:user/analyst","arn":"arn:aws:iam::111122223333:user/analyst","account":"111122223333","kind":"user","userName":"analyst"}',
  ],
  [
    'arn:aws:iam::111122223333:root',
    '{"raw":"arn:aws:iam::111122223333:root","arn":"arn:aws:iam::111122223333:root","account":"111122223333","kind":"root"}',
  ],
  [
    '111122223333',
    '{"raw":"111122223333","kind":"root","account":"111122223333","arn":"arn:aws:iam::111122223333:root"}',
  ],
  ['glue.amazonaws.com', '{"raw":"glue.amazonaws.com","kind":"service"}'],
  // No service: not an ARN to IAM, and not a provider's host either.
  [
    'arn:aws::us-east-1:111122223333:role/x',
    '{"raw":"arn:aws::us-east-1:111122223333:role/x","kind":"unknown"}',
  ],
  ['*', '{"raw":"*","kind":"anonymous"}'],
];

describe('parseRequestPrincipal', () => {
  test('given each caller, when read, then it is the hand-written reading, the same again after the memos are released', () => {
    for (const [raw, expected] of CASES) {
      const first = parseRequestPrincipal(raw, 'sts:assumerole');
      assert.equal(JSON.stringify(first), expected, raw);
      assert.equal(parseRequestPrincipal(raw, 'sts:assumerole'), first, `${raw}: one shared reading`);
    }
    releaseTextMemos();
    for (const [raw, expected] of CASES)
      assert.equal(JSON.stringify(parseRequestPrincipal(raw, 'sts:assumerole')), expected, raw);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { accountOf } from '../model';
import { arnAccount, splitArn, splitArnShared } from './match';
import { releaseTextMemos } from './text-memo';

/** Texts with every shape the split and the account readers tell apart. */
const TEXTS = [
  'arn:aws:iam::111122223333:role/path/app-reader',
  'arn:aws:sts::111122223333:assumed-role/app-reader/session-1',
  'arn:aws:s3:::data-lake-raw/prefix/rolechain-probe-object',
  'arn:aws:glue:eu-west-1:111122223333:table/db/t',
  'arn:aws-cn:kms:cn-north-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  'arn:aws::us-east-1:111122223333:no-service',
  'arn::iam::111122223333:role/no-partition',
  'arn:aws:iam::11112222333:role/eleven-digits',
  'arn:aws:iam::1111222233334:role/thirteen-digits',
  'arn:aws:iam::11112222333x:role/not-digits',
  'arn:aws:iam::111122223333',
  'arn:aws:iam',
  'not-an-arn',
  '',
  '*',
];

/** How the graph read a resource's account before it used the shared split (its own regular expression). */
const graphAccount = (text: string): string | undefined => /^arn:[^:]+:[^:]*:[^:]*:(\d{12}):/.exec(text)?.[1];

describe('splitArnShared', () => {
  test('given any text, when split twice, then it equals splitArn and the second answer is the same list', () => {
    for (const text of TEXTS) {
      const parts = splitArnShared(text);
      assert.deepEqual(parts, splitArn(text), text);
      assert.equal(splitArnShared(text), parts, text);
      if (parts) assert.equal(parts.length, 6, text);
    }
  });

  test('given the memos released, when split again, then the answer is equal', () => {
    const before = TEXTS.map((t) => splitArnShared(t));
    releaseTextMemos();
    assert.deepEqual(
      TEXTS.map((t) => splitArnShared(t)),
      before,
    );
  });
});

describe('arnAccount', () => {
  test('given a service required, then it answers as accountOf does (aws:ResourceAccount)', () => {
    for (const text of TEXTS) assert.equal(arnAccount(splitArnShared(text), true), accountOf(text), text);
  });

  test('given no service required, then it answers as the graph has read a resource account', () => {
    for (const text of TEXTS) assert.equal(arnAccount(splitArnShared(text), false), graphAccount(text), text);
    // The one text the two readings tell apart: an ARN with an empty service.
    assert.equal(
      arnAccount(splitArnShared('arn:aws::us-east-1:111122223333:no-service'), false),
      '111122223333',
    );
    assert.equal(arnAccount(splitArnShared('arn:aws::us-east-1:111122223333:no-service'), true), undefined);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildContext } from './context';
import { releaseTextMemos } from './text-memo';
import { UNKNOWN } from './variables';

const ROLE = 'arn:aws:iam::111122223333:role/etl/reader';

describe('buildContext', () => {
  test('given a role caller, when principal keys are asked, then they are derived from the ARN (IAM global keys)', () => {
    const req = buildContext(
      { principal: ROLE, action: 's3:GetObject', resource: 'arn:aws:s3:::lake/k' },
      'complete',
    );
    assert.deepEqual(req.lookup('aws:principalarn'), [ROLE]);
    assert.deepEqual(req.lookup('aws:principalaccount'), ['111122223333']);
    assert.deepEqual(req.lookup('aws:principaltype'), ['AssumedRole']);
    assert.deepEqual(req.lookup('aws:principalisawsservice'), ['false']);
    assert.equal(req.lookup('aws:username'), undefined);
    // An S3 ARN has no account: aws:ResourceAccount is not known from it.
    assert.equal(req.lookup('aws:resourceaccount'), undefined);
  });

  test('given a key the caller gave, then it wins over the derived one; in open mode an absent key is unknown', () => {
    const req = buildContext(
      {
        principal: ROLE,
        action: 'sts:AssumeRole',
        resource: 'arn:aws:iam::444455556666:role/target',
        context: { 'aws:PrincipalAccount': '999988887777' },
      },
      'open',
    );
    assert.deepEqual(req.lookup('aws:principalaccount'), ['999988887777']);
    assert.deepEqual(req.lookup('aws:principalarn'), [ROLE]);
    assert.deepEqual(req.lookup('aws:resourceaccount'), ['444455556666']);
    assert.equal(req.resourceAccount, '444455556666');
    assert.deepEqual(req.resourceParts, ['arn', 'aws', 'iam', '', '444455556666', 'role/target']);
    assert.equal(req.lookup('aws:sourcevpc'), UNKNOWN);
  });

  test('given a service caller and the memos released between two requests, then both answer the same', () => {
    const ask = () =>
      buildContext({ principal: 'glue.amazonaws.com', action: 'sts:AssumeRole', resource: ROLE }, 'complete');
    const first = ask();
    const keys = [
      'aws:principalisawsservice',
      'aws:principalservicename',
      'aws:principaltype',
      'aws:resourceaccount',
    ];
    const before = keys.map((k) => first.lookup(k));
    releaseTextMemos();
    assert.deepEqual(
      keys.map((k) => ask().lookup(k)),
      before,
    );
    assert.deepEqual(before, [['true'], ['glue.amazonaws.com'], undefined, ['111122223333']]);
  });
});

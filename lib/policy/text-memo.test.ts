import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { resourceMatches } from './match';
import { compilePolicy } from './compile';
import { trustPrincipals } from './inventory';
import { ObjectMemo, releaseTextMemos, TextMemo } from './text-memo';

describe('TextMemo', () => {
  test('given a full memo, when one more entry is set, then it starts again with that entry only', () => {
    const m = new TextMemo<number>(2);
    m.set('a', 1);
    m.set('b', 2);
    m.set('c', 3);
    assert.equal(m.size, 1);
    assert.equal(m.get('c'), 3);
    assert.equal(m.has('a'), false);
  });

  test('given memos filled by an analysis, when released, then every one is empty and answers stay the same', () => {
    const m = new TextMemo<string>(10);
    m.set('x', 'y');
    const arn = 'arn:aws:iam::111111111111:role/released-memo-role';
    assert.equal(resourceMatches('arn:aws:iam::*:role/released-*', arn), true);
    const dropped = releaseTextMemos();
    assert.ok(dropped >= 2, `dropped ${dropped}`);
    assert.equal(m.size, 0);
    assert.equal(m.get('x'), undefined);
    assert.equal(resourceMatches('arn:aws:iam::*:role/released-*', arn), true);
    assert.equal(resourceMatches('arn:aws:iam::*:role/other-*', arn), false);
  });
});

describe('ObjectMemo', () => {
  test('given entries, when the text memos are released, then it is empty and answers are made again', () => {
    const m = new ObjectMemo<object, number>();
    const k = {};
    m.set(k, 1);
    assert.equal(m.get(k), 1);
    assert.equal(m.size, 1);
    releaseTextMemos();
    assert.equal(m.get(k), undefined);
    assert.equal(m.size, 0);
  });

  test('given a trust policy read, when the memos are released, then its principals read the same again', () => {
    const doc = {
      Version: '2012-10-17',
      Statement: {
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::111111111111:root' },
        Action: 'sts:AssumeRole',
      },
    };
    compilePolicy(doc);
    const before = trustPrincipals(doc);
    assert.equal(trustPrincipals(doc), before, 'kept while the analysis runs');
    releaseTextMemos();
    const after = trustPrincipals(doc);
    assert.notEqual(after, before);
    assert.deepEqual(after, before);
  });
});

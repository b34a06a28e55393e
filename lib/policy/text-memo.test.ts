import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { resourceMatches } from './match';
import { releaseTextMemos, TextMemo } from './text-memo';

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

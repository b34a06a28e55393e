import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matchesText, searchKey } from './text-match';

describe('matchesText', () => {
  it('finds a rule id from its words, whatever the separator or case', () => {
    assert.equal(matchesText('missing trust', 'missing-trust'), true);
    assert.equal(matchesText('Missing_Trust', 'missing-trust'), true);
    assert.equal(matchesText('missing-trust', 'Missing trust: doris-s3-role'), true);
  });

  it('finds a role by the name inside its ARN, and an identity by part of its name', () => {
    const arn = 'arn:aws:iam::222222222222:role/lakehouse-admin-role';
    assert.equal(matchesText('lakehouse-admin-role', arn), true);
    assert.equal(matchesText('LAKEHOUSE', arn), true);
    assert.equal(matchesText('alice.chen', 'arn:aws:iam::111111111111:user/alice.chen'), true);
  });

  it('keeps characters other than separators significant', () => {
    assert.equal(matchesText('alice chen', 'alice.chen'), false);
    assert.equal(matchesText('doris-s4', 'doris-s3-role'), false);
    assert.equal(matchesText('role/x', 'arn:aws:iam::1:role/y'), false);
  });

  it('looks in every haystack given, skipping absent ones; an empty needle matches everything', () => {
    assert.equal(matchesText('s3', undefined, 'doris-s3-role'), true);
    assert.equal(matchesText('  ', 'anything'), true);
    assert.equal(matchesText('x', undefined), false);
  });

  it('folds runs of separators to one space', () => {
    assert.equal(searchKey('A -_ B'), 'a b');
  });
});

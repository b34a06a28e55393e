import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { suggestionsFor } from './suggestions';

const ROLES = [
  'arn:aws:iam::222222222222:role/lakehouse-admin-role',
  'arn:aws:iam::222222222222:role/doris-s3-role',
  'arn:aws:iam::111111111111:role/doris-be-instance-role',
];

describe('suggestions from stored values', () => {
  test('given words in another case and separator, then the values holding them are suggested in order', () => {
    assert.deepEqual(
      suggestionsFor('DORIS s3', ROLES).map((o) => o.value),
      ['arn:aws:iam::222222222222:role/doris-s3-role'],
    );
    assert.deepEqual(
      suggestionsFor('missing trust', ['missing-permission', 'missing-trust']).map((o) => o.value),
      ['missing-trust'],
    );
  });

  test('given nothing typed, then the first values are listed, at most max, without repeats', () => {
    assert.equal(suggestionsFor('', ROLES).length, 3);
    assert.equal(suggestionsFor('', [...ROLES, ...ROLES], 2).length, 2);
    assert.equal(suggestionsFor('role', [ROLES[0]!, ROLES[0]!]).length, 1);
  });

  test('given text no value holds, then nothing is suggested', () => {
    assert.deepEqual(suggestionsFor('trino', ROLES), []);
  });
});

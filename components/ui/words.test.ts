import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { countPhrase, duration, fact, plural } from './words';

describe('words for keys', () => {
  test('given snapshot counts, then proper plurals and words, never camelCase', () => {
    assert.equal(countPhrase('groups', 1), '1 group');
    assert.equal(countPhrase('instanceProfiles', 10), '10 instance profiles');
    assert.equal(countPhrase('instanceProfiles', 1), '1 instance profile');
    assert.equal(countPhrase('glueCatalogs', 1), '1 glue catalog');
    assert.equal(plural(0, 'role'), '0 roles');
  });

  test('given a role’s MaxSessionDuration, then seconds with hours', () => {
    assert.deepEqual(fact('maxSessionDuration', 3600), {
      label: 'Maximum session duration',
      value: '3,600 s (1 hour)',
    });
    assert.equal(duration(43200), '43,200 s (12 hours)');
    assert.equal(duration(5400), '5,400 s (1 hour 30 minutes)');
    // An unknown limit arrives as text that already says why: kept as it is.
    assert.equal(fact('maxSessionDuration', 'unknown: x').value, 'unknown: x');
  });

  test('given flags, then what they mean rather than true', () => {
    assert.deepEqual(fact('noProfile', true), {
      label: 'Role credentials',
      value: 'none: no instance profile is attached',
    });
    assert.deepEqual(fact('mfa', false), { label: 'MFA', value: 'not enabled' });
    assert.deepEqual(fact('someNewFlag', true), { label: 'Some new flag', value: 'yes' });
    // An Identity Center role whose Identity Center was not read: its users are unknown, not none.
    assert.deepEqual(fact('identityCenterNotRead', true), {
      label: 'Assigned users and groups',
      value: 'unknown: IAM Identity Center was not read',
    });
    assert.deepEqual(fact('assigned', 1), { label: 'Assigned in this account', value: '1 user or group' });
  });
});

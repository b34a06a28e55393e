import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LISTED_ACCOUNTS_MAX, accountLabel, listsWhole, matchAccounts } from './account-choice';

/** 1,000 accounts as the generator names them: 12-digit ids, a name with the id's tail. */
const ACCOUNTS = Array.from({ length: 1000 }, (_, i) => {
  const id = String(100_000_000_000 + i * 1_001);
  return { id, name: `workload-${String(i).padStart(4, '0')}`, external: false };
});

test('given 1,000 accounts, when nothing is typed, then nothing is suggested, and the sidebar does not list them whole', () => {
  assert.deepEqual(matchAccounts(ACCOUNTS, '  '), []);
  assert.equal(listsWhole(ACCOUNTS), false);
  assert.equal(listsWhole(ACCOUNTS.slice(0, LISTED_ACCOUNTS_MAX)), true);
});

test('given 1,000 accounts, when part of an id is typed, then ids that start with it come first and at most 20 are suggested', () => {
  const hits = matchAccounts(ACCOUNTS, '1000');
  assert.equal(hits.length, 20);
  assert.ok(hits.every((a) => a.id.startsWith('1000')));
  // "0042" is inside the name workload-0042 and in no id's start: found by name.
  const byName = matchAccounts(ACCOUNTS, 'WORKLOAD 0042');
  assert.deepEqual(
    byName.map((a) => a.name),
    ['workload-0042'],
  );
  // An id typed whole finds exactly that account.
  assert.deepEqual(
    matchAccounts(ACCOUNTS, ACCOUNTS[500]!.id).map((a) => a.id),
    [ACCOUNTS[500]!.id],
  );
  assert.equal(matchAccounts(ACCOUNTS, 'no-such').length, 0);
});

test('given an account with and without a name, then its label says the name and the id', () => {
  assert.equal(accountLabel({ id: '111111111111', name: 'acme' }), 'acme (111111111111)');
  assert.equal(accountLabel({ id: '111111111111', name: null }), '111111111111');
});

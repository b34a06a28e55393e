import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { emptySnapshot } from '../model';
import type { Role, Snapshot } from '../model';
import { checkCapacity, estimateHeap } from './capacity';

const GiB = 1024 ** 3;

function snapshotWith(accounts: number, rolesPerAccount: number): Snapshot {
  const s = emptySnapshot({ kind: 'files', detail: 'test' }, '2026-01-01T00:00:00Z');
  const roles: Role[] = [];
  for (let a = 0; a < accounts; a++) {
    const account = String(100000000000 + a);
    for (let r = 0; r < rolesPerAccount; r++)
      roles.push({ account, name: `r${r}`, arn: `arn:aws:iam::${account}:role/r${r}` } as Role);
  }
  return { ...s, roles };
}

describe('checkCapacity', () => {
  test('given 190,000 roles and the default heap of a 64-bit Node (4,144 MiB), when checked, then the analysis goes ahead', () => {
    const r = checkCapacity(snapshotWith(950, 200), 4144 * 1024 * 1024);
    assert.equal(r.ok, true);
  });

  test('given 200,000 roles and the default heap of a 64-bit Node (4,144 MiB), when checked, then it is refused with the flag to set (measured: about 20 KiB of heap a role, so 200k roles do not fit with room for the garbage of the analysis)', () => {
    const r = checkCapacity(snapshotWith(1000, 200), 4144 * 1024 * 1024);
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.match(r.error.message, /200,000 roles and 0 users in 1,000 accounts/);
    assert.match(r.error.message, /--max-old-space-size=\d+/);
  });

  test('given the measured heap of graph + findings (1,997 MiB at 100,100 roles, 394 MiB at 20,020), when estimated, then the estimate is above it', () => {
    assert.ok(estimateHeap(100_100) >= 1997 * 1024 * 1024);
    assert.ok(estimateHeap(20_020) >= 394 * 1024 * 1024);
  });

  test('given 500,000 roles and a 4 GiB heap, when checked, then it is refused with the size, the need and the flag to set', () => {
    const r = checkCapacity(snapshotWith(1000, 500), 4 * GiB);
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.equal(r.error.code, 'estate_too_large');
    assert.match(r.error.message, /500,000 roles and 0 users in 1,000 accounts/);
    assert.match(r.error.message, /this process may use 4\.0 GiB/);
    const flag = /--max-old-space-size=(\d+)/.exec(r.error.message);
    assert.ok(flag, r.error.message);
    // The advised heap holds the estimate.
    assert.ok(Number(flag[1]) * 1024 * 1024 >= estimateHeap(500_000));
  });

  test('given a small heap, when a small estate is checked, then the estimate grows with the principals', () => {
    assert.ok(estimateHeap(20_000) > estimateHeap(10_000));
    assert.equal(checkCapacity(snapshotWith(2, 10), 64 * 1024 * 1024).ok, false);
    assert.equal(checkCapacity(snapshotWith(2, 10), 2 * GiB).ok, true);
  });
});

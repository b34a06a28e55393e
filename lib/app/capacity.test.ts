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
  const MiB = 1024 * 1024;

  test('given 1,000 accounts × 200 roles and 3,000 users (the org-scale estate) and the default heap of a 64-bit Node (4,144 MiB), when checked, then the analysis goes ahead without a flag', () => {
    const s = snapshotWith(1000, 201);
    const users = Array.from({ length: 3000 }, (_, i) => ({ arn: `arn:aws:iam::100000000000:user/u${i}` }));
    const r = checkCapacity({ ...s, users: users as Snapshot['users'] }, 4144 * MiB);
    assert.equal(r.ok, true, r.ok ? '' : r.error.message);
  });

  test('given 240,000 roles and the default heap (4,144 MiB), when checked, then it is refused with the flag to set (its live heap would be above 90% of the limit)', () => {
    const r = checkCapacity(snapshotWith(1200, 200), 4144 * MiB);
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.match(r.error.message, /240,000 roles and 0 users in 1,200 accounts/);
    assert.match(r.error.message, /--max-old-space-size=\d+/);
  });

  test('given the live heap measured of rolechain analyze (391 MiB at 20,400 principals, 3,241 MiB at 204,000; table, JSON and SARIF), when estimated, then the estimate is at least 10% above it', () => {
    assert.ok(estimateHeap(204_000) >= 1.1 * 3241 * MiB);
    assert.ok(estimateHeap(20_400) >= 1.1 * 391 * MiB);
  });

  test('given the largest estate the default heap admits, when its live heap is extrapolated from the measurements, then it leaves the collector at least 10% of the limit', () => {
    const limit = 4144 * MiB;
    let largest = 0;
    while (estimateHeap(largest + 1000) <= limit) largest += 1000;
    assert.ok(largest >= 204_000, `${largest}`);
    // Straight line through the two measured points.
    const live = 391 * MiB + ((largest - 20_400) * (3241 - 391) * MiB) / (204_000 - 20_400);
    assert.ok(live <= 0.9 * limit, `${(live / MiB).toFixed(0)} MiB live at ${largest}`);
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

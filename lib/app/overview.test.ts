import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { generateOrg } from '../../bench/generate-org';
import type { RoleGraph } from '../graph/types';
import type { Finding } from '../findings/types';
import { loadDemo } from '../sources/demo';
import { Store } from '../store';
import { accountOverview, findingsByAccount, OverviewQuery, recordFindingsByAccount } from './overview';

function memoryStore(): Store {
  const o = Store.open(':memory:');
  assert.ok(o.ok);
  return o.value;
}

const q = (over: Record<string, string> = {}) => OverviewQuery.parse(over);

test('given a 60-account estate, when the overview is read, then it is a ranked list, paged and filtered on the store', () => {
  const store = memoryStore();
  const org = generateOrg({ accounts: 60, rolesPerAccount: 5, seed: 2 });
  store.saveSnapshot(org);
  const o = accountOverview(store, q());
  assert.ok(o.ok);
  assert.equal(o.value.scaled, true);
  assert.equal(o.value.analysed, false);
  assert.equal(o.value.totals.accounts, 60);
  assert.equal(o.value.totals.roles, org.roles.length);
  assert.equal(o.value.matched, 60);
  // The default first page: 12 cards; before an analysis no account claims findings.
  assert.equal(o.value.accounts.length, 12);
  assert.ok(o.value.accounts.every((a) => a.findings === undefined));
  // Before an analysis "most findings" ranks by size: the first account is one of the largest.
  const sizes = org.accounts.map((a) => org.roles.filter((r) => r.account === a.id).length);
  assert.equal(o.value.accounts[0]!.roles, Math.max(...sizes));

  const page = accountOverview(store, q({ sort: 'id', limit: '50', offset: '50' }));
  assert.ok(page.ok);
  assert.equal(page.value.accounts.length, 10);
  const ids = org.accounts.map((a) => a.id).sort();
  assert.deepEqual(
    page.value.accounts.map((a) => a.id),
    ids.slice(50),
  );

  const one = ids[7]!;
  const filtered = accountOverview(store, q({ q: one.slice(-6) }));
  assert.ok(filtered.ok);
  assert.ok(filtered.value.accounts.some((a) => a.id === one));
  // A filter is text, not a LIKE pattern.
  const pattern = accountOverview(store, q({ q: '%' }));
  assert.ok(pattern.ok);
  assert.equal(pattern.value.matched, 0);
  store.close();
});

test('given the demo, when the overview is read, then it is small enough to draw (not scaled)', async () => {
  const store = memoryStore();
  const demo = await loadDemo(join(process.cwd(), 'demo'));
  store.saveSnapshot(demo.snapshot);
  const o = accountOverview(store, q());
  assert.ok(o.ok);
  assert.equal(o.value.scaled, false);
  assert.equal(o.value.totals.roles, demo.snapshot.roles.length);
  store.close();
});

test('given findings on nodes of two accounts, when counted by account, then each account counts the finding once', () => {
  const graph: RoleGraph = {
    nodes: [
      { id: 'a1', kind: 'role', label: 'a1', account: '111111111111' },
      { id: 'a2', kind: 'role', label: 'a2', account: '111111111111' },
      { id: 'b1', kind: 'role', label: 'b1', account: '222222222222' },
      { id: 'svc', kind: 'service', label: 'ec2' },
    ],
    edges: [],
  } as unknown as RoleGraph;
  const f = (severity: Finding['severity'], nodes: string[]) => ({ severity, nodes }) as unknown as Finding;
  const by = findingsByAccount(graph, [f('high', ['a1', 'a2', 'b1']), f('low', ['a1']), f('info', ['svc'])]);
  assert.deepEqual(by.get('111111111111'), { critical: 0, high: 1, medium: 0, low: 1, info: 0 });
  assert.deepEqual(by.get('222222222222'), { critical: 0, high: 1, medium: 0, low: 0, info: 0 });
  assert.equal(by.size, 2);
});

test('given an analysis recorded, when the overview is read, then accounts rank by severity and the rest show 0, not unknown', () => {
  const store = memoryStore();
  const org = generateOrg({ accounts: 30, rolesPerAccount: 3, seed: 5 });
  const id = store.saveSnapshot(org);
  const [x, y] = [org.accounts[20]!.id, org.accounts[3]!.id];
  const graph = {
    nodes: [
      { id: 'rx', kind: 'role', label: 'rx', account: x },
      { id: 'ry', kind: 'role', label: 'ry', account: y },
    ],
    edges: [],
  } as unknown as RoleGraph;
  const f = (severity: Finding['severity'], nodes: string[]) => ({ severity, nodes }) as unknown as Finding;
  recordFindingsByAccount(store, id, graph, [f('critical', ['ry']), f('high', ['rx']), f('high', ['rx'])]);
  const o = accountOverview(store, q());
  assert.ok(o.ok);
  assert.equal(o.value.analysed, true);
  assert.equal(o.value.findings, 3);
  assert.deepEqual(
    o.value.accounts.slice(0, 2).map((a) => [a.id, a.findings?.total]),
    [
      [y, 1],
      [x, 2],
    ],
  );
  assert.equal(o.value.accounts[2]!.findings?.total, 0);
  store.close();
});

test('given a snapshot stored before digests existed, when the overview is read, then its digest is made from the snapshot once', () => {
  const store = memoryStore();
  const org = generateOrg({ accounts: 3, rolesPerAccount: 4, seed: 9 });
  const id = store.saveSnapshot(org);
  store.handle.prepare('DELETE FROM snapshot_digests').run();
  store.handle.prepare('DELETE FROM snapshot_accounts').run();
  const o = accountOverview(store, q());
  assert.ok(o.ok);
  assert.equal(o.value.totals.roles, org.roles.length);
  assert.deepEqual(
    store.snapshotDigest(id)?.accounts.map((a) => a.id),
    org.accounts.map((a) => a.id),
  );
  store.close();
});

test('given no snapshot, when the overview is read, then it says so', () => {
  const store = memoryStore();
  const o = accountOverview(store, q());
  assert.equal(o.ok ? 'ok' : o.error.code, 'no_snapshot');
  store.close();
});

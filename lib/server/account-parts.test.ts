import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateOrg } from '../../bench/generate-org';
import { Store } from '../store';
import { analyse } from './analysis';
import { accountPart } from './account-parts';

test("given an analysed estate, when one account is asked for, then its part is exactly what a scan of the whole graph keeps, in the graph's order", () => {
  const s = Store.open(':memory:');
  if (!s.ok) throw new Error(s.error.message);
  const org = generateOrg({ accounts: 6, rolesPerAccount: 30, seed: 7 });
  s.value.saveSnapshot(org);
  const meta = s.value.latestSnapshotMeta()!;
  const a = analyse(s.value, meta, org);
  const accounts = [...new Set(a.graph.nodes.map((n) => n.account).filter((x) => x !== undefined))];
  assert.ok(accounts.length >= 6);
  let inner = 0;
  for (const account of accounts) {
    const nodes = a.graph.nodes.filter((n) => n.account === account);
    const ids = new Set(nodes.map((n) => n.id));
    const edges = a.graph.edges.filter((e) => ids.has(e.source) && ids.has(e.target));
    const part = accountPart(a, account);
    assert.deepEqual(part.nodes, nodes, account);
    assert.deepEqual(part.edges, edges, account);
    inner += edges.length;
  }
  assert.ok(inner > 0, 'some edges lie within an account');
  assert.deepEqual(accountPart(a, '999999999999'), { nodes: [], edges: [] });
  s.value.close();
});

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { GraphEdge, RoleGraph } from '../graph/types';
import { edgeId } from '../graph/types';
import { loadDemo } from '../sources/demo';
import { Store } from '../store';
import { memoryIo } from '../../cli/io';
import { main } from '../../cli/main';
import { DiffQuery, diffGraphs, snapshotDiff } from './snapshot-diff';

const A = 'arn:aws:iam::111111111111:role/doris-be-instance-role';
const B = 'arn:aws:iam::222222222222:role/doris-s3-role';
const C = 'arn:aws:iam::222222222222:role/spark-etl-s3-role';
const LAKE = 's3://rolechain-demo-lakehouse';

const e = (
  kind: GraphEdge['kind'],
  source: string,
  target: string,
  decision?: GraphEdge['decision'],
): GraphEdge => ({
  id: edgeId(kind, source, target),
  kind,
  source,
  target,
  ...(decision ? { decision } : {}),
});
const g = (...edges: GraphEdge[]): RoleGraph => ({ nodes: [], edges });

test('given a can-assume that became missing-trust, when diffed, then the chain is broken, not closed and opened', () => {
  const d = diffGraphs(g(e('can-assume', A, B, 'Allow')), g(e('missing-trust', A, B, 'ImplicitDeny')));
  assert.deepEqual(d, [
    {
      change: 'broken',
      source: A,
      target: B,
      sourceLabel: A,
      targetLabel: B,
      before: { kind: 'can-assume', decision: 'Allow' },
      after: { kind: 'missing-trust', decision: 'ImplicitDeny' },
    },
  ]);
});

test('given edges that appeared, vanished, were fixed or turned conditional, when diffed, then each has its change', () => {
  const d = diffGraphs(
    g(
      e('can-access', B, LAKE, 'Allow'),
      e('missing-trust', A, C),
      e('can-assume', C, B, 'Allow'),
      e('observed', A, B),
    ),
    g(e('can-assume', A, C, 'Allow'), e('can-assume', C, B, 'Conditional'), e('can-assume', A, B, 'Allow')),
  );
  assert.deepEqual(
    d.map((c) => `${c.change} ${c.source} ${c.target}`),
    [`opened ${A} ${B}`, `opened ${A} ${C}`, `closed ${B} ${LAKE}`, `changed ${C} ${B}`],
  );
  // CloudTrail's observed edge is usage, not configuration: it never counts as a chain that closed.
  assert.equal(diffGraphs(g(e('observed', A, B)), g()).length, 0);
});

test('given the same graph twice, when diffed, then nothing changed', () => {
  const same = g(e('can-assume', A, B, 'Allow'), e('missing-permission', A, C));
  assert.deepEqual(diffGraphs(same, same), []);
});

test('given the demo and a later snapshot whose doris-s3-role trusts nobody, when diffed in the store, then the Doris chain is broken', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rolechain-diff-'));
  try {
    const demo = await loadDemo(join(process.cwd(), 'demo'));
    const opened = Store.open(join(dir, 'db.sqlite'));
    assert.ok(opened.ok);
    const store = opened.value;
    const first = store.saveSnapshot(demo.snapshot);
    const later = structuredClone(demo.snapshot);
    const role = later.roles.find((r) => r.arn === B);
    assert.ok(role);
    role.trustPolicy = { Version: '2012-10-17', Statement: [] };
    const second = store.saveSnapshot(later);
    const d = snapshotDiff(store, { from: first, to: second });
    assert.ok(d.ok);
    const broken = d.value.changes.filter((c) => c.change === 'broken');
    assert.ok(broken.some((c) => c.source === A && c.target === B && c.targetLabel === 'doris-s3-role'));
    assert.equal(d.value.counts.broken, broken.length);
    assert.equal(d.value.changes.filter((c) => c.change === 'opened').length, 0);
    const missing = snapshotDiff(store, { from: first, to: 999 });
    assert.equal(missing.ok ? 'ok' : missing.error.code, 'not_found');
    store.close();
    // The CLI is an adapter over the same use case: the same answer, and the same refusal.
    const io = memoryIo();
    const db = join(dir, 'db.sqlite');
    const args = ['diff', '--from', String(first), '--to', String(second), '--store', db];
    assert.equal(await main([...args, '--format', 'json'], io), 0, io.stderr);
    assert.deepEqual(JSON.parse(io.stdout), d.value);
    const text = memoryIo();
    assert.equal(await main(args, text), 0, text.stderr);
    assert.match(
      text.stdout,
      /broken\tdoris-be-instance-role → doris-s3-role\tcan-assume \(Conditional\) → missing-trust/,
    );
    const none = memoryIo();
    assert.equal(await main(['diff', '--from', String(first), '--to', '999', '--store', db], none), 2);
    assert.match(none.stderr, /No snapshot #999/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('given a query without two positive ids, when parsed, then it is refused', () => {
  assert.equal(DiffQuery.safeParse({ from: '1' }).success, false);
  assert.equal(DiffQuery.safeParse({ from: '0', to: '2' }).success, false);
  assert.deepEqual(DiffQuery.parse({ from: '1', to: '2' }), { from: 1, to: 2 });
});

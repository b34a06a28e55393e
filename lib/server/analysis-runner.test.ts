import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { generateOrg } from '../../bench/generate-org';
import { originsOf } from '../app/import';
import { loadDemo } from '../sources/demo';
import { Store } from '../store';
import { analyse, analyseCore } from './analysis';
import type { AnalysisCore } from './analysis-transfer';
import { TransferReceiver, transferMessages } from './analysis-transfer';
import { analyseInWorker, workerFile } from './analysis-runner';

/**
 * The worker from its TypeScript source: a module that registers tsx in the worker's thread, then loads
 * it (Node 20 refuses a `.ts` worker entry before any loader hook runs).
 */
function tsWorker(dir: string): string {
  const file = join(dir, 'analysis-worker.mjs');
  writeFileSync(
    file,
    `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))};\n` +
      `register();\n` +
      `await import(${JSON.stringify(new URL('./analysis-worker.ts', import.meta.url).href)});\n`,
  );
  return file;
}
const WORKER = tsWorker(mkdtempSync(join(tmpdir(), 'rolechain-worker-entry-')));
const DEMO = fileURLToPath(new URL('../../demo', import.meta.url));

/** What a route can read of an analysis, as the routes send it. */
const asSent = (a: AnalysisCore): unknown =>
  JSON.parse(JSON.stringify({ snapshot: a.snapshot, graph: a.graph, findings: a.findings }));

/** Deep equality without printing both sides of a multi-megabyte difference. */
function sameAsSent(actual: AnalysisCore, expected: AnalysisCore): void {
  try {
    assert.deepEqual(asSent(actual), asSent(expected));
  } catch (e) {
    throw new Error(`not the same: ${String((e as Error).message).slice(0, 2000)}`, { cause: e });
  }
}

function tempStore(): { store: Store; path: string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'rolechain-worker-'));
  const path = join(dir, 'rolechain.db');
  const opened = Store.open(path);
  if (!opened.ok) throw new Error(opened.error.message);
  return {
    store: opened.value,
    path,
    done: () => (opened.value.close(), rmSync(dir, { recursive: true, force: true })),
  };
}

test('given the demo analysed, when sent in slices and put back together, then every list, edge reason and finding reads as before', async () => {
  const demo = await loadDemo(DEMO);
  const s = Store.open(':memory:');
  if (!s.ok) throw new Error(s.error.message);
  s.value.transaction(() => {
    s.value.saveSnapshot(demo.snapshot);
    s.value.importEvents(demo.events, originsOf(demo.events, [demo.snapshot]));
  });
  const core = analyseCore(s.value, demo.snapshot);
  const receiver = new TransferReceiver();
  let back: AnalysisCore | undefined;
  let messages = 0;
  // Slices of 50 items: the demo's lists span many messages, as a large estate's do.
  for (const m of transferMessages(core, 50)) {
    assert.notEqual(m.kind, 'failed');
    if (m.kind !== 'failed') back = receiver.accept(m);
    messages++;
  }
  assert.ok(back, 'the last message completes the analysis');
  assert.ok(messages > 10, `${messages} messages`);
  sameAsSent(back, core);
  // Reasons derived on read arrive as plain values: an edge decided by the engine still says why.
  const decided = back.graph.edges.filter((e) => e.decision !== undefined);
  assert.ok(decided.length > 0 && decided.every((e) => Array.isArray(e.reasons)));
  assert.ok(decided.some((e) => (e.reasons ?? []).length > 0));
  s.value.close();
});

test('given a stored estate analysed in a worker, when requests come in meanwhile, then they are answered before the analysis ends, and the analysis equals the one made on this thread', async () => {
  const t = tempStore();
  try {
    const org = generateOrg({ accounts: 8, rolesPerAccount: 100, seed: 3 });
    const id = t.store.saveSnapshot(org);
    const meta = t.store.latestSnapshotMeta()!;
    assert.equal(meta.id, id);
    let finished = false;
    const answered: boolean[] = [];
    const running = analyseInWorker(WORKER, t.path, meta).then((r) => ((finished = true), r));
    // What a route answering from the store does while the analysis runs: the overview's account page.
    await new Promise((r) => setTimeout(r, 30));
    const page = t.store.accounts(id, { sort: 'findings', external: false, limit: 5, offset: 0 });
    answered.push(!finished && page.accounts.length === 5);
    await new Promise((r) => setTimeout(r, 30));
    answered.push(!finished);
    const r = await running;
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    assert.deepEqual(answered, [true, true], 'answered while the analysis was under way');
    const inline = analyse(t.store, meta, t.store.getSnapshot(id)!);
    sameAsSent(r.value, inline);
    assert.equal(r.value.index.nodes.size, inline.index.nodes.size);
    assert.deepEqual([...r.value.nodeFindings], [...inline.nodeFindings]);
    // The worker recorded the findings per account, as the overview reads them.
    assert.equal(t.store.analysisTotals(id)?.findings, inline.findings.length);
  } finally {
    t.done();
  }
});

test('given a snapshot the store does not hold, when the worker is asked for it, then the analysis answers with an error, not a hang', async () => {
  const t = tempStore();
  try {
    const r = await analyseInWorker(WORKER, t.path, { id: 42 } as never);
    assert.equal(r.ok ? 'ok' : r.error.code, 'no_snapshot');
  } finally {
    t.done();
  }
});

test('given a worker file that fails to load, when an analysis is asked of it, then an error is returned', async () => {
  const t = tempStore();
  try {
    const r = await analyseInWorker(join(tmpdir(), 'no-such-worker.mjs'), t.path, { id: 1 } as never);
    assert.equal(r.ok ? 'ok' : r.error.code, 'analysis_failed');
  } finally {
    t.done();
  }
});

test('given the environment names a worker file, then it is used; given none and no bundle, then there is none', () => {
  assert.equal(workerFile({ ROLECHAIN_ANALYSIS_WORKER: '/x/w.mjs' }), '/x/w.mjs');
  const cwd = process.cwd();
  const empty = mkdtempSync(join(tmpdir(), 'rolechain-noworker-'));
  try {
    process.chdir(empty);
    assert.equal(workerFile({}), undefined);
  } finally {
    process.chdir(cwd);
    rmSync(empty, { recursive: true, force: true });
  }
});

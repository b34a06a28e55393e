import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { getHeapStatistics } from 'node:v8';
import { fileURLToPath } from 'node:url';
import { generateOrg } from '../../bench/generate-org';
import { CheckInput } from '../app/check';
import { originsOf } from '../app/import';
import { PathsQuery, ReachQuery } from '../app/paths';
import { bucketNodeId } from '../graph/builder';
import type { Result } from '../model';
import { loadDemo } from '../sources/demo';
import { queryEvents, Store } from '../store';
import { analyse } from './analysis';
import type { AnalysisAsk } from './analysis-answers';
import { analyseInWorker, analysisThread, WORKER_MIN_PRINCIPALS, workerFile } from './analysis-runner';
import {
  ANALYSIS_SEMI_SPACE_MIB,
  ANALYSIS_YOUNG_GENERATION_MIB,
  analysisWorkerLimits,
  oldHeadroomMib,
  ownOldGenerationMib,
} from '../app/analysis-heap';
import { FindingsQuery } from './findings-api';
import { GraphQuery } from './graph-view';
import { prepareSearch } from './node-details';
import type { ServedAnalysis, ServedAnswer } from './served-analysis';
import { localAnalysis } from './served-analysis';

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

/** An answer as the client gets it: status-deciding code or type, filename and the whole body. */
async function asReceived(r: Result<ServedAnswer>): Promise<unknown> {
  if (!r.ok) return { problem: r.error.code, message: r.error.message };
  const { contentType, filename } = r.value;
  const body =
    'stream' in r.value
      ? await new Response(r.value.stream).text()
      : typeof r.value.body === 'string'
        ? r.value.body
        : new TextDecoder().decode(r.value.body);
  return { contentType, filename, body };
}

/** The analysis on this thread, as a server holding it there answers. */
function localOf(store: Store): ServedAnalysis {
  const meta = store.latestSnapshotMeta()!;
  const a = analyse(store, meta, store.getSnapshot(meta.id)!);
  prepareSearch(a);
  return localAnalysis(a);
}

test('given the demo in a file store, when each analysis route is asked of the worker and of this thread, then both answer the same bytes', async () => {
  const t = tempStore();
  try {
    const demo = await loadDemo(DEMO);
    t.store.transaction(() => {
      t.store.saveSnapshot(demo.snapshot);
      t.store.importEvents(demo.events, originsOf(demo.events, [demo.snapshot]));
    });
    const meta = t.store.latestSnapshotMeta()!;
    const local = localOf(t.store);
    const remote = await analyseInWorker(WORKER, t.path, meta);
    assert.ok(remote.ok, remote.ok ? '' : remote.error.message);
    try {
      assert.equal(remote.value.thread, 'worker');
      assert.deepEqual(remote.value.totals, local.totals);
      const role = 'arn:aws:iam::111111111111:role/doris-be-instance-role';
      const bucket = bucketNodeId('rolechain-demo-lakehouse');
      const events = queryEvents(
        t.store,
        { role: 'arn:aws:iam::222222222222:role/doris-s3-role' },
        500,
      ).events;
      // An event a finding's evidence names (the denied attempts), and a check that reads the events.
      const local0 = await local.ask({ route: 'findings', query: FindingsQuery.parse({ format: 'json' }) });
      const all = JSON.parse(((await asReceived(local0)) as { body: string }).body) as {
        findings: { evidence: { eventIds?: string[] }[] }[];
      };
      const eventId = all.findings.flatMap((f) => f.evidence.flatMap((e) => e.eventIds ?? []))[0];
      assert.ok(eventId, 'a finding of the demo names an event');
      const doris = CheckInput.parse({
        source: role,
        targetRole: 'arn:aws:iam::222222222222:role/doris-s3-role',
        resource: 's3://rolechain-demo-lakehouse/doris/backup/part-0001.parquet',
        action: 's3:GetObject',
        fillExternalId: true,
      });
      const asks: AnalysisAsk[] = [
        { route: 'graph', query: GraphQuery.parse({}) },
        { route: 'graph', query: GraphQuery.parse({ focus: role, depth: '2' }) },
        { route: 'graph', query: GraphQuery.parse({ account: '222222222222' }) },
        { route: 'graph', query: GraphQuery.parse({ focus: 'arn:aws:iam::1:role/none' }) },
        { route: 'paths', query: PathsQuery.parse({ from: role, to: bucket }) },
        { route: 'reach', query: ReachQuery.parse({ node: bucket, direction: 'to' }) },
        { route: 'reach', query: ReachQuery.parse({ node: role, direction: 'from' }) },
        { route: 'node', query: { id: role } },
        { route: 'node', query: { id: bucket } },
        { route: 'node', query: { id: 'no-such-node' } },
        { route: 'search', query: { q: 'dor', limit: 20 } },
        { route: 'search', query: { q: 'role', limit: 3 } },
        { route: 'findings', query: FindingsQuery.parse({}) },
        { route: 'findings', query: FindingsQuery.parse({ severity: 'low', limit: '5', offset: '1' }) },
        { route: 'findings', query: FindingsQuery.parse({ format: 'csv' }) },
        { route: 'findings', query: FindingsQuery.parse({ format: 'json', q: 'doris' }) },
        { route: 'eventFindings', query: { eventId } },
        { route: 'eventFindings', query: { eventId: 'no-such-event' } },
        { route: 'check', query: { input: doris, events } },
        {
          route: 'check',
          query: { input: CheckInput.parse({ source: 'not an arn', resource: 's3://x/y' }) },
        },
        {
          route: 'checkReport',
          query: { input: doris, events, generatedAt: '2026-01-02T03:04:05.000Z', link: 'http://x/' },
        },
      ];
      for (const ask of asks) {
        const mine: unknown = await asReceived(await local.ask(ask));
        const theirs: unknown = await asReceived(await remote.value.ask(ask));
        assert.deepEqual(theirs, mine, `${ask.route} ${JSON.stringify(ask.query)}`);
      }
      // The questions are answered, not all alike: bodies, problems and downloads among them.
      const received = await Promise.all(asks.map(async (ask) => asReceived(await local.ask(ask))));
      const seen = (k: string) => received.filter((x) => k in (x as object)).length;
      assert.ok(seen('problem') >= 3 && seen('body') >= 15, `${seen('problem')} problems`);
      const report = received[received.length - 1] as { filename?: string; body: string };
      assert.match(report.filename ?? '', /^rolechain-check-works-20260102030405\.html$/);
    } finally {
      remote.value.close();
    }
    // Once let go, it answers with an error, never a hang.
    const after = await remote.value.ask({ route: 'search', query: { q: 'dor', limit: 1 } });
    assert.equal(after.ok ? 'ok' : after.error.code, 'analysis_failed');
  } finally {
    t.done();
  }
});

test("given a stored estate analysed in a worker, when requests come in meanwhile, then they are answered before the analysis ends, and its answers equal this thread's", async () => {
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
    try {
      assert.deepEqual(answered, [true, true], 'answered while the analysis was under way');
      const local = localOf(t.store);
      assert.deepEqual(r.value.totals, local.totals);
      const role = org.roles[17]!.arn;
      for (const ask of [
        { route: 'findings', query: FindingsQuery.parse({ limit: '1000' }) },
        { route: 'graph', query: GraphQuery.parse({ focus: role }) },
        { route: 'node', query: { id: role } },
        { route: 'search', query: { q: 'app', limit: 20 } },
      ] satisfies AnalysisAsk[])
        assert.deepEqual(
          await asReceived(await r.value.ask(ask)),
          await asReceived(await local.ask(ask)),
          ask.route,
        );
      // The worker recorded the findings per account, as the overview reads them.
      assert.equal(t.store.analysisTotals(id)?.findings, local.totals.findings);
    } finally {
      r.value.close();
    }
  } finally {
    t.done();
  }
});

test('given a worker holding an analysis, when it dies, then the asks waiting answer with an error and the caller is told', async () => {
  const t = tempStore();
  try {
    t.store.saveSnapshot(generateOrg({ accounts: 2, rolesPerAccount: 20, seed: 5 }));
    let ended: ServedAnalysis | undefined;
    const r = await analyseInWorker(WORKER, t.path, t.store.latestSnapshotMeta()!, (a) => (ended = a));
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    // A crash, as heap exhaustion ends a worker: the findings export's first chunk is asked, then the thread ends.
    const asked = r.value.ask({ route: 'search', query: { q: 'a', limit: 5 } });
    (r.value as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate().catch(() => {});
    const answer = await asked;
    // Either it answered before the end, or it says the analysis is gone; never a hang.
    assert.ok(answer.ok || answer.error.code === 'analysis_failed');
    await new Promise((res) => setTimeout(res, 50));
    assert.equal(ended, r.value, 'the caller is told, so the next request analyses again');
    const later = await r.value.ask({ route: 'search', query: { q: 'a', limit: 5 } });
    assert.equal(later.ok ? 'ok' : later.error.code, 'analysis_failed');
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

test('given a store and its size, then a large file store is analysed in the worker by default, the demo and small ones on the request thread', () => {
  const big = WORKER_MIN_PRINCIPALS;
  assert.equal(analysisThread({}, '/d/rolechain.db', big), 'worker');
  assert.equal(analysisThread({}, '/d/rolechain.db', big - 1), 'request');
  assert.equal(analysisThread({}, ':memory:', 10 * big), 'request');
  assert.equal(
    analysisThread({ ROLECHAIN_ANALYSIS_THREAD: 'request' }, '/d/rolechain.db', 10 * big),
    'request',
  );
  assert.equal(analysisThread({ ROLECHAIN_ANALYSIS_THREAD: 'worker' }, '/d/rolechain.db', 1), 'worker');
  assert.equal(analysisThread({ ROLECHAIN_ANALYSIS_THREAD: 'worker' }, ':memory:', 1), 'request');
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

/** A worker file whose script is `body`, in a folder of its own. */
function workerScript(body: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'rolechain-worker-script-')), 'worker.mjs');
  writeFileSync(file, body);
  return file;
}

test("given a large estate's worker limits, when the worker starts, then it has the analysis's young generation and this thread's old generation with its headroom", async () => {
  // It answers as a worker that refuses the estate would, with what its heap is.
  const probe = workerScript(`import { parentPort } from 'node:worker_threads';
import v8 from 'node:v8';
let most = 0;
const keep = [];
for (let i = 0; i < 3e6; i++) {
  keep.push({ i });
  if (i % 1000 === 0) most = Math.max(most, v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size);
}
parentPort.postMessage({ kind: 'failed', code: 'probe', message: JSON.stringify({ newSpaceMiB: most / 1048576, limitMiB: v8.getHeapStatistics().heap_size_limit / 1048576 }) });
`);
  const r = await analyseInWorker(probe, '/unused.db', { id: 1 } as never, () => {}, analysisWorkerLimits());
  assert.equal(r.ok ? 'ok' : r.error.code, 'probe');
  const seen = JSON.parse(r.ok ? '{}' : r.error.message) as { newSpaceMiB: number; limitMiB: number };
  assert.equal(seen.newSpaceMiB, 2 * ANALYSIS_SEMI_SPACE_MIB);
  // heap_size_limit = old generation + young generation: the worker's old generation is this thread's
  // and half as much again (room for the collector; a limit of its own below this thread's would
  // refuse or crash a large estate sooner), its young one larger.
  const here = getHeapStatistics().heap_size_limit / 1048576;
  const own = ownOldGenerationMib();
  assert.equal(seen.limitMiB, own + oldHeadroomMib(own) + ANALYSIS_YOUNG_GENERATION_MIB);
  assert.ok(seen.limitMiB > here, `worker ${seen.limitMiB} MiB, this thread ${here} MiB`);
});

test('given a worker that runs out of its heap, when it analyses, then the caller gets a clear error, not a hang', async () => {
  const leak = workerScript(
    `const keep = []; for (;;) keep.push({ a: [1, 2, 3], b: 'x'.repeat(64) + keep.length });\n`,
  );
  const r = await analyseInWorker(leak, '/unused.db', { id: 1 } as never, () => {}, {
    ...analysisWorkerLimits(),
    maxOldGenerationSizeMb: 32,
  });
  assert.equal(r.ok ? 'ok' : r.error.code, 'analysis_failed');
  assert.match(r.ok ? '' : r.error.message, /out of memory|exit code/i);
});

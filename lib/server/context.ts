/**
 * The server's one store, the demo kept apart from it (`ServedStores`), and the cached analysis of
 * what is served. The demo is never written into the user's store: while that holds nothing, the
 * read routes serve the demo's own in-memory store; imports and refreshes write to the user's.
 */
import 'server-only';
import type { Result } from '../model';
import { err, ok } from '../model';
import { checkCapacity } from '../app/capacity';
import { isScaled, recordFindingsByAccount } from '../app/overview';
import { ServedStores } from '../app/served-store';
import { loadDemo } from '../sources/demo';
import type { SnapshotMeta } from '../store';
import { Store } from '../store';
import { analyse } from './analysis';
import type { AnalysisAsk } from './analysis-answers';
import { analyseInWorker, analysisThread, workerFile } from './analysis-runner';
import { analysisWorkerLimits, wantsAnalysisHeap } from '../app/analysis-heap';
import { readEnv } from './env';
import { prepareAccountParts } from './account-parts';
import { prepareSearch } from './node-details';
import type { ServedAnalysis, ServedAnswer } from './served-analysis';
import { localAnalysis } from './served-analysis';

interface Context {
  stores: ServedStores;
  analysis?: { store: Store; id: number; value: ServedAnalysis };
  /** The analysis under way, in a worker or on this thread; every request that needs it awaits the same one. */
  pending?: { store: Store; id: number; done: Promise<Result<ServedAnalysis>> };
}

let context: Promise<Result<Context>> | undefined;

async function open(): Promise<Result<Context>> {
  const env = readEnv();
  const opened = Store.open(env.dbPath);
  if (!opened.ok) return opened;
  return ok({ stores: new ServedStores(opened.value, () => loadDemo(env.demoDir)) });
}

export async function getContext(): Promise<Result<Context>> {
  context ??= open();
  const c = await context;
  // A failed open is retried on the next request (the user may fix the path meanwhile).
  if (!c.ok) context = undefined;
  return c;
}

/** The store the read routes serve: the user's, or the demo's while the user's holds nothing. */
export async function getStore(): Promise<Result<Store>> {
  const c = await getContext();
  if (!c.ok) return c;
  try {
    return ok(await c.value.stores.served());
  } catch (e) {
    return err(
      'demo_unreadable',
      `The demo organisation could not be read: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}

/** The store imports and refreshes write to: always the user's, never the demo's. */
export async function getUserStore(): Promise<Result<Store>> {
  const c = await getContext();
  return c.ok ? ok(c.value.stores.user) : c;
}

/** Whether what is served is the demo (for the dashboard's banner and `/api/snapshot`). */
export async function servingDemo(): Promise<boolean> {
  const c = await getContext();
  return c.ok && c.value.stores.showsDemo();
}

/**
 * The analysis of the newest snapshot of the served store, computed at most once per snapshot: held on
 * this thread, or in the analysis worker that answers for it (`analysisThread`).
 */
export async function currentAnalysis(): Promise<Result<ServedAnalysis>> {
  const c = await getContext();
  if (!c.ok) return c;
  const ctx = c.value;
  const served = await getStore();
  if (!served.ok) return served;
  const store = served.value;
  const meta = store.latestSnapshotMeta();
  if (!meta)
    return err(
      'no_snapshot',
      'No IAM snapshot is stored yet (only CloudTrail events were imported): the graph and the findings need IAM data. Import get-account-authorization-details files or refresh from AWS.',
    );
  if (ctx.analysis?.store === store && ctx.analysis.id === meta.id) return ok(ctx.analysis.value);
  if (ctx.pending?.store !== store || ctx.pending.id !== meta.id) {
    // The analysis of an older snapshot is let go now: a worker holding one keeps gigabytes.
    ctx.analysis?.value.close();
    ctx.analysis = undefined;
    const dropped = (a: ServedAnalysis) => {
      // Its worker ended (a crash, heap exhaustion): the next request analyses again.
      if (ctx.analysis?.value === a) ctx.analysis = undefined;
    };
    const done = startAnalysis(store, meta, dropped).then((r) => {
      const latest = ctx.pending?.done === done;
      if (latest) ctx.pending = undefined;
      // One superseded meanwhile (a newer snapshot came in) is not kept.
      if (r.ok && latest) ctx.analysis = { store, id: meta.id, value: r.value };
      else if (r.ok) r.value.close();
      return r;
    });
    ctx.pending = { store, id: meta.id, done };
  }
  return ctx.pending.done;
}

/** Asks the current analysis one question (`analysis-answers.ts`), wherever it is held. */
export async function askAnalysis(ask: AnalysisAsk): Promise<Result<ServedAnswer>> {
  const a = await currentAnalysis();
  return a.ok ? a.value.ask(ask) : a;
}

/**
 * A large estate on a file store (`WORKER_MIN_PRINCIPALS` roles and users and more, counted from the
 * store's digest) is analysed in the analysis worker, which keeps it and answers for it; a small one,
 * the demo (an in-memory store a worker cannot open) or a server without the worker's bundle analyses
 * on this thread. A failure is returned, not kept: the next request tries again.
 */
async function startAnalysis(
  store: Store,
  meta: SnapshotMeta,
  dropped: (a: ServedAnalysis) => void,
): Promise<Result<ServedAnalysis>> {
  const t = store.accountTotals(meta.id);
  const principals = t.roles + t.users;
  const file = analysisThread(process.env, store.path, principals) === 'worker' ? workerFile() : undefined;
  // A large estate's worker with the analysis's young generation (lib/app/analysis-heap.ts).
  const limits = wantsAnalysisHeap(process.env, { principals }) ? analysisWorkerLimits() : undefined;
  if (file) return analyseInWorker(file, store.path, meta, dropped, limits);
  const snapshot = store.getSnapshot(meta.id);
  if (!snapshot) return err('no_snapshot', `Snapshot ${meta.id} could not be read.`);
  const fits = checkCapacity(snapshot);
  if (!fits.ok) return fits;
  const value = analyse(store, meta, snapshot);
  // The overview's findings per account, kept with the snapshot: the next first view (and the next
  // server on this store) shows them without analysing again.
  recordFindingsByAccount(store, meta.id, value.graph, value.findings);
  // The search keys with the analysis, not on the first keystroke while others are served.
  prepareSearch(value);
  prepareAccountParts(value);
  return ok(localAnalysis(value));
}

/** Whether an analysis of the served store's newest snapshot is under way (for `/api/snapshot`). */
export async function analysing(): Promise<boolean> {
  const c = await getContext();
  if (!c.ok) return false;
  const served = await getStore();
  if (!served.ok) return false;
  const meta = served.value.latestSnapshotMeta();
  const p = c.value.pending;
  return p !== undefined && meta !== undefined && p.store === served.value && p.id === meta.id;
}

/**
 * The analysis of the newest snapshot if it is already computed, else undefined: never starts one.
 * For what the first view asks, which must not wait a minute for a large estate's analysis.
 */
export async function readyAnalysis(): Promise<ServedAnalysis | undefined> {
  const c = await getContext();
  if (!c.ok) return undefined;
  const served = await getStore();
  if (!served.ok) return undefined;
  const meta = served.value.latestSnapshotMeta();
  const a = c.value.analysis;
  return a && meta && a.store === served.value && a.id === meta.id ? a.value : undefined;
}

/**
 * Whether the served estate is too large to draw as a summary, so the dashboard's first view is the
 * ranked overview: read from the store's digest, in milliseconds, never from the analysis.
 */
export async function servedEstateScaled(): Promise<boolean> {
  const served = await getStore();
  if (!served.ok) return false;
  const meta = served.value.latestSnapshotMeta();
  return meta !== undefined && isScaled(served.value.accountTotals(meta.id));
}

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
import type { Analysis } from './analysis';
import { analyse } from './analysis';
import { analyseInWorker, WORKER_MIN_PRINCIPALS, workerFile } from './analysis-runner';
import { readEnv } from './env';
import { prepareSearch } from './node-details';

interface Context {
  stores: ServedStores;
  analysis?: { store: Store; id: number; value: Analysis };
  /** The analysis under way, in a worker or on this thread; every request that needs it awaits the same one. */
  pending?: { store: Store; id: number; done: Promise<Result<Analysis>> };
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

/** The analysis of the newest snapshot of the served store, computed at most once per snapshot. */
export async function currentAnalysis(): Promise<Result<Analysis>> {
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
    const done = startAnalysis(store, meta).then((r) => {
      if (ctx.pending?.done === done) ctx.pending = undefined;
      if (r.ok) {
        // The search keys with the analysis, not on the first keystroke while others are served.
        prepareSearch(r.value);
        ctx.analysis = { store, id: meta.id, value: r.value };
      }
      return r;
    });
    ctx.pending = { store, id: meta.id, done };
  }
  return ctx.pending.done;
}

/**
 * With `ROLECHAIN_ANALYSIS_THREAD=worker`, a large estate (`WORKER_MIN_PRINCIPALS` and more, counted from
 * the store's digest) is analysed in a worker thread, so this thread keeps answering requests meanwhile.
 * Not the default: the result crosses threads as JSON, which computes every edge's reasons and vets every
 * fix up front (both are computed on read otherwise), and the two threads hold the estate at once: at
 * 4,020 roles the JSON took 1.8 times the analysis's own time, and at 200,000 roles a server doing so
 * had not finished after 30 minutes, at 10 GiB of RSS (docs/scale.md). Otherwise,
 * and for the demo (an in-memory store a worker cannot open) or a server without the worker's bundle,
 * the analysis runs on this thread. A failure is returned, not kept: the next request tries again.
 */
function wantsWorker(store: Store, id: number): boolean {
  if (process.env.ROLECHAIN_ANALYSIS_THREAD !== 'worker' || store.path === ':memory:') return false;
  const t = store.accountTotals(id);
  return t.roles + t.users >= WORKER_MIN_PRINCIPALS;
}

async function startAnalysis(store: Store, meta: SnapshotMeta): Promise<Result<Analysis>> {
  const file = wantsWorker(store, meta.id) ? workerFile() : undefined;
  if (file) return analyseInWorker(file, store.path, meta);
  const snapshot = store.getSnapshot(meta.id);
  if (!snapshot) return err('no_snapshot', `Snapshot ${meta.id} could not be read.`);
  const fits = checkCapacity(snapshot);
  if (!fits.ok) return fits;
  const value = analyse(store, meta, snapshot);
  // The overview's findings per account, kept with the snapshot: the next first view (and the next
  // server on this store) shows them without analysing again.
  recordFindingsByAccount(store, meta.id, value.graph, value.findings);
  return ok(value);
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
export async function readyAnalysis(): Promise<Analysis | undefined> {
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

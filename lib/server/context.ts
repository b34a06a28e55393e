/**
 * The server's one store and the cached analysis of its current snapshot.
 * On first use with an empty store, the embedded demo organisation is loaded through the same
 * readers as user files, so a new user sees a working dashboard with no configuration.
 */
import 'server-only';
import type { Result } from '../model';
import { err, ok } from '../model';
import { loadDemo } from '../sources/demo';
import { Store } from '../store';
import type { Analysis } from './analysis';
import { analyse } from './analysis';
import { readEnv } from './env';
import { originsOf } from './ingest';

interface Context {
  store: Store;
  analysis?: { id: number; value: Analysis };
}

let context: Promise<Result<Context>> | undefined;

async function open(): Promise<Result<Context>> {
  const env = readEnv();
  const opened = Store.open(env.dbPath);
  if (!opened.ok) return opened;
  const store = opened.value;
  if (!store.latestSnapshotMeta()) {
    const demo = await loadDemo(env.demoDir);
    store.transaction(() => {
      store.saveSnapshot(demo.snapshot);
      store.importEvents(demo.events, originsOf(demo.events, [demo.snapshot]));
    });
  }
  return ok({ store });
}

export async function getContext(): Promise<Result<Context>> {
  context ??= open();
  const c = await context;
  // A failed open is retried on the next request (the user may fix the path meanwhile).
  if (!c.ok) context = undefined;
  return c;
}

export async function getStore(): Promise<Result<Store>> {
  const c = await getContext();
  return c.ok ? ok(c.value.store) : c;
}

/** The analysis of the newest snapshot, computed at most once per snapshot. */
export async function currentAnalysis(): Promise<Result<Analysis>> {
  const c = await getContext();
  if (!c.ok) return c;
  const ctx = c.value;
  const meta = ctx.store.latestSnapshotMeta();
  if (!meta) return err('no_snapshot', 'No snapshot is stored yet. Import files or refresh from AWS.');
  if (ctx.analysis?.id !== meta.id) {
    const snapshot = ctx.store.getSnapshot(meta.id);
    if (!snapshot) return err('no_snapshot', `Snapshot ${meta.id} could not be read.`);
    ctx.analysis = { id: meta.id, value: analyse(ctx.store, meta, snapshot) };
  }
  return ok(ctx.analysis.value);
}

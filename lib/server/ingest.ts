/**
 * Importing files into the store, shared by `POST /api/import` and `rolechain import`.
 * The snapshot and the events land in one transaction: an import that fails part way leaves the
 * store as it was, and the previous snapshot stays served.
 */
import type { Snapshot, SnapshotWarning } from '../model';
import { hasIam, mergeSnapshots } from '../model';
import { attribute } from '../audit/attribution';
import { loadFromPaths } from '../sources/load';
import type { EventOrigin, ImportStats, Store } from '../store';

export interface IngestResult {
  /** Set when the files held IAM data and a new snapshot was written. */
  snapshotId?: number;
  events: ImportStats;
  warnings: SnapshotWarning[];
  stats: { files: number; records: number; chainEvents: number; skippedRecords: number; duplicates: number };
}

export interface IngestOptions {
  /** Shown as the snapshot's source; defaults to the paths. */
  detail?: string;
  now?: string;
  onProgress?: (p: { phase: string; done: number; total?: number; file?: string }) => void;
}

export function originsOf(
  events: Parameters<typeof attribute>[0],
  snapshots: readonly (Snapshot | undefined)[] = [],
): Map<string, EventOrigin> {
  // The audit's original identity names an instance by its Name tag where a snapshot knows it.
  const instanceNames = new Map<string, string>();
  for (const s of snapshots)
    for (const i of s?.instances ?? []) if (i.name !== undefined) instanceNames.set(i.id, i.name);
  const out = new Map<string, EventOrigin>();
  for (const [id, a] of attribute(events, { instanceNames }))
    out.set(id, { kind: a.origin.kind, id: a.origin.id, label: a.origin.label });
  return out;
}

export async function ingest(store: Store, paths: string[], opts: IngestOptions = {}): Promise<IngestResult> {
  const now = opts.now ?? new Date().toISOString();
  const loaded = await loadFromPaths(paths, {
    source: { kind: 'files', detail: opts.detail ?? paths.join(', ') },
    createdAt: now,
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
  });
  return store.transaction(() => {
    let snapshotId: number | undefined;
    const latest = store.latestSnapshotMeta();
    // A user's files replace the demo rather than mix with it; user data from earlier imports is kept.
    const prev: Snapshot | undefined =
      latest && latest.source.kind !== 'demo' ? store.getSnapshot(latest.id) : undefined;
    if (hasIam(loaded.snapshot))
      snapshotId = store.saveSnapshot(prev ? mergeSnapshots(prev, loaded.snapshot) : loaded.snapshot, now);
    const events = store.importEvents(loaded.events, originsOf(loaded.events, [prev, loaded.snapshot]));
    return {
      ...(snapshotId !== undefined ? { snapshotId } : {}),
      events,
      warnings: loaded.warnings,
      stats: loaded.stats,
    };
  });
}

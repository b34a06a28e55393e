/**
 * Importing files into the store: the one use case behind `rolechain import` and `POST /api/import`.
 * The snapshot and the events land in one transaction: an import that fails part way leaves the
 * store as it was, and the previous snapshot stays served.
 */
import type { Snapshot, SnapshotWarning, SourceRead } from '../model';
import { gapsOf, hasSnapshotData } from '../model';
import { attribute } from '../audit/attribution';
import { loadFromPaths } from '../sources/load';
import type { EventOrigin, ImportStats, Store } from '../store';
import { latestUserSnapshot, saveMerged } from './save';

export interface ImportResult {
  /** Set when the files held snapshot data (IAM, S3, EC2…) and a new snapshot was written. */
  snapshotId?: number;
  events: ImportStats;
  warnings: SnapshotWarning[];
  stats: { files: number; records: number; chainEvents: number; skippedRecords: number; duplicates: number };
  /** What the stored snapshot holds that is stale or was not read (after this import). */
  gaps: SourceRead[];
}

export interface ImportOptions {
  /** Shown as the snapshot's source; defaults to the paths. */
  detail?: string;
  now?: string;
  onProgress?: (p: { phase: string; done: number; total?: number; file?: string }) => void;
}

/**
 * The original identity behind each event, by event id, for the store's origin columns. An
 * instance is named by its Name tag where one of `snapshots` knows it.
 */
export function originsOf(
  events: Parameters<typeof attribute>[0],
  snapshots: readonly (Snapshot | undefined)[] = [],
): Map<string, EventOrigin> {
  const instanceNames = new Map<string, string>();
  const clustersByIssuer = new Map<string, { arn: string; name: string }>();
  for (const s of snapshots) {
    for (const i of s?.instances ?? []) if (i.name !== undefined) instanceNames.set(i.id, i.name);
    for (const c of s?.eksClusters ?? [])
      if (c.oidcIssuer)
        clustersByIssuer.set(c.oidcIssuer.replace(/^https:\/\//, '').replace(/\/$/, ''), {
          arn: c.arn,
          name: c.name,
        });
  }
  // Identity Center: the newest snapshot that read it names the users; role paths tell its roles from look-alikes.
  const identityCenter = snapshots.find((s) => s?.identityCenter)?.identityCenter;
  const ssoRolePaths = new Map<string, string>();
  for (const s of snapshots)
    for (const r of s?.roles ?? [])
      if (r.name.startsWith('AWSReservedSSO_')) ssoRolePaths.set(`${r.account}/${r.name}`, r.path);
  const out = new Map<string, EventOrigin>();
  for (const [id, a] of attribute(events, {
    instanceNames,
    clustersByIssuer,
    ssoRolePaths,
    ...(identityCenter ? { identityCenter } : {}),
  }))
    out.set(id, { kind: a.origin.kind, id: a.origin.id, label: a.origin.label });
  return out;
}

export async function importFiles(
  store: Store,
  paths: string[],
  opts: ImportOptions = {},
): Promise<ImportResult> {
  const now = opts.now ?? new Date().toISOString();
  const loaded = await loadFromPaths(paths, {
    source: { kind: 'files', detail: opts.detail ?? paths.join(', ') },
    createdAt: now,
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
  });
  return store.transaction(() => {
    const saved = hasSnapshotData(loaded.snapshot) ? saveMerged(store, loaded.snapshot, now) : undefined;
    // Instance names come from what the store now holds: this import's snapshot merged over the last.
    const known = saved ? saved.snapshot : latestUserSnapshot(store);
    const events = store.importEvents(loaded.events, originsOf(loaded.events, [known, loaded.snapshot]));
    return {
      ...(saved ? { snapshotId: saved.id } : {}),
      events,
      warnings: loaded.warnings,
      stats: loaded.stats,
      gaps: saved ? gapsOf(saved.snapshot) : [],
    };
  });
}

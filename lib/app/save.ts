/**
 * Writing what a read gave over what the store holds: one merge, shared by import and collect, so
 * both keep the parts a read did not replace (`mergeSnapshots`) and neither ever builds on the demo.
 */
import type { Snapshot } from '../model';
import { mergeSnapshots } from '../model';
import type { Store } from '../store';

/** The newest stored snapshot that is the user's own (a store from before the demo was kept apart may hold one). */
export function latestUserSnapshot(store: Store): Snapshot | undefined {
  const latest = store.latestSnapshotMeta();
  return latest && latest.source.kind !== 'demo' ? store.getSnapshot(latest.id) : undefined;
}

/** `next` merged over the user's latest snapshot and saved; call inside the write's transaction. */
export function saveMerged(
  store: Store,
  next: Snapshot,
  importedAt: string,
  adjust: (merged: Snapshot) => Snapshot = (m) => m,
): { id: number; snapshot: Snapshot } {
  const prev = latestUserSnapshot(store);
  const snapshot = prev ? adjust(mergeSnapshots(prev, next)) : next;
  return { id: store.saveSnapshot(snapshot, importedAt), snapshot };
}

'use client';

import type { SnapshotInfo } from '@/components/data/hooks';
import type { UrlPatch } from '@/components/data/use-url-state';
import { ErrorState } from '@/components/ui/states';
import type { SnapshotDiff } from '@/lib/app/snapshot-diff';
import { DIFF_LABEL, DIFF_STYLE } from './diff-overlay';

const SELECT =
  'ml-1 rounded border border-slate-300 bg-white px-1 py-0.5 font-mono text-xs dark:border-slate-700 dark:bg-slate-900';

/**
 * Compare two snapshots on the canvas: the chosen pair lives in the URL (`cmp` = the earlier one,
 * `cmpto` = the later, the current by default); the changes are drawn in place by `overlayDiff`.
 */
export function CompareBar({
  history,
  currentId,
  from,
  to,
  diff,
  error,
  retry,
  set,
}: {
  history: SnapshotInfo['history'];
  currentId: number | undefined;
  from: number | undefined;
  to: number | undefined;
  diff: SnapshotDiff | undefined;
  error: unknown;
  retry: () => void;
  set: (patch: UrlPatch) => void;
}) {
  if (history.length < 2) return null;
  const option = (h: SnapshotInfo['current']) => (
    <option key={h.id} value={h.id}>
      #{h.id} {h.importedAt.slice(0, 16)}
    </option>
  );
  return (
    <div className="flex flex-wrap items-center gap-2 text-xs" role="group" aria-label="Compare snapshots">
      <label>
        Compare
        <select
          aria-label="Compare from snapshot"
          value={from ?? ''}
          onChange={(e) => set({ cmp: e.target.value || undefined })}
          className={SELECT}
        >
          <option value="">(off)</option>
          {history.map(option)}
        </select>
      </label>
      {from !== undefined && (
        <label>
          with
          <select
            aria-label="Compare to snapshot"
            value={to ?? currentId ?? ''}
            onChange={(e) => set({ cmpto: e.target.value })}
            className={SELECT}
          >
            {history.map(option)}
          </select>
        </label>
      )}
      {from !== undefined && from === to && <span>Choose two different snapshots.</span>}
      {diff && (
        <span className="flex flex-wrap items-center gap-1" data-testid="compare-counts">
          {(Object.keys(DIFF_LABEL) as (keyof typeof DIFF_LABEL)[]).map((k) => (
            <span key={k} className={`rounded px-1 font-bold ${DIFF_STYLE[k].badge}`} data-change={k}>
              {diff.counts[k]} {DIFF_LABEL[k]}
            </span>
          ))}
          {to !== currentId && (
            <span className="text-amber-700 dark:text-amber-300">
              drawn on the current snapshot #{currentId}; chains it lacks are shown dashed
            </span>
          )}
        </span>
      )}
      {error !== undefined && error !== null && <ErrorState error={error} retry={retry} />}
    </div>
  );
}

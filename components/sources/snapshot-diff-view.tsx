'use client';

import Link from 'next/link';
import { useDiff } from '@/components/data/hooks';
import type { SnapshotInfo } from '@/components/data/hooks';
import { useUrlState } from '@/components/data/use-url-state';
import { Empty, ErrorState, Loading } from '@/components/ui/states';
import type { ChangeKind } from '@/lib/app/snapshot-diff';

const CHANGE_CLS: Record<ChangeKind, string> = {
  opened: 'bg-amber-100 text-amber-900',
  broken: 'bg-red-100 text-red-900',
  closed: 'bg-slate-200 text-slate-800',
  changed: 'bg-sky-100 text-sky-900',
};

const SELECT =
  'ml-1 rounded border border-slate-300 bg-white px-1 py-0.5 font-mono dark:border-slate-700 dark:bg-slate-900';

/** Compare two stored snapshots: which chains opened, broke, closed or changed decision. */
export function SnapshotDiffView({ history }: { history: SnapshotInfo['history'] }) {
  const [params, setParams] = useUrlState();
  // History is newest first: by default, the one before the current against the current.
  const from = Number(params.get('from') ?? history[1]?.id ?? NaN);
  const to = Number(params.get('to') ?? history[0]?.id ?? NaN);
  const ready = Number.isInteger(from) && Number.isInteger(to) && from !== to;
  const diff = useDiff(ready ? from : undefined, ready ? to : undefined);
  if (history.length < 2)
    return (
      <section aria-label="Compare snapshots" className="space-y-2">
        <h2 className="font-semibold">Compare snapshots</h2>
        <Empty>Only one snapshot is stored. Import or refresh again to compare.</Empty>
      </section>
    );
  const option = (h: SnapshotInfo['current']) => (
    <option key={h.id} value={h.id}>
      #{h.id} {h.importedAt.slice(0, 19)} {h.source.kind}
    </option>
  );
  return (
    <section aria-label="Compare snapshots" className="space-y-2">
      <h2 className="font-semibold">Compare snapshots</h2>
      <div className="flex flex-wrap gap-3 text-xs">
        <label>
          From
          <select
            aria-label="From snapshot"
            value={from}
            onChange={(e) => setParams({ from: e.target.value })}
            className={SELECT}
          >
            {history.map(option)}
          </select>
        </label>
        <label>
          To
          <select
            aria-label="To snapshot"
            value={to}
            onChange={(e) => setParams({ to: e.target.value })}
            className={SELECT}
          >
            {history.map(option)}
          </select>
        </label>
      </div>
      {!ready ? (
        <Empty>Choose two different snapshots.</Empty>
      ) : diff.isPending ? (
        <Loading what="the comparison" />
      ) : diff.isError ? (
        <ErrorState error={diff.error} retry={() => void diff.refetch()} />
      ) : diff.data.changes.length === 0 ? (
        <Empty>
          No chain changed between #{from} and #{to}.
        </Empty>
      ) : (
        <>
          <p className="text-xs" data-testid="diff-counts">
            {diff.data.counts.opened} opened · {diff.data.counts.broken} broken · {diff.data.counts.closed}{' '}
            closed · {diff.data.counts.changed} changed
          </p>
          <table aria-label="Chain changes" className="w-full text-left text-xs">
            <thead>
              <tr className="text-slate-500">
                <th className="pr-2">Change</th>
                <th className="pr-2">From</th>
                <th className="pr-2">To</th>
                <th>Before → after</th>
              </tr>
            </thead>
            <tbody>
              {diff.data.changes.map((c) => (
                <tr
                  key={`${c.change}|${c.source}|${c.target}`}
                  data-testid="diff-row"
                  data-change={c.change}
                  className="align-top"
                >
                  <td className="pr-2">
                    <span className={`rounded px-1.5 py-0.5 font-semibold ${CHANGE_CLS[c.change]}`}>
                      {c.change}
                    </span>
                  </td>
                  <td className="pr-2">
                    <Link
                      className="underline"
                      href={`/?focus=${encodeURIComponent(c.source)}`}
                      title={c.source}
                    >
                      {c.sourceLabel}
                    </Link>
                  </td>
                  <td className="pr-2" title={c.target}>
                    {c.targetLabel}
                  </td>
                  <td className="font-mono">
                    {c.before ? `${c.before.kind}${c.before.decision ? ` (${c.before.decision})` : ''}` : '—'}{' '}
                    → {c.after ? `${c.after.kind}${c.after.decision ? ` (${c.after.decision})` : ''}` : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

'use client';

import { useState } from 'react';
import { ErrorState } from '@/components/ui/states';
import { FindingCard } from './finding-card';
import type { FindingGroup } from './groups';
import type { FindingsFilter } from './use-findings';
import { useFindingsGroup } from './use-findings';

/**
 * One severity-and-rule group: its header with the full count, the findings the first page held,
 * and a "show more" that pages through the rest of the group.
 */
export function FindingGroupList({
  group: g,
  filter,
  onRule,
}: {
  group: FindingGroup;
  filter: FindingsFilter;
  onRule: () => void;
}) {
  const [asked, setAsked] = useState(false);
  const start = g.items.length;
  const more = useFindingsGroup({ ...filter, severity: g.severity, rule: g.rule }, start, asked);
  const loaded = more.data?.pages.flatMap((p) => p.findings) ?? [];
  const shown = start + loaded.length;
  const left = g.count - shown;
  // Once pages have come, the API says whether there are more (the counts may be of an older snapshot).
  const hasMore = more.data ? more.hasNextPage : left > 0;
  const busy = more.isFetching;
  const next = Math.min(left, more.data?.pages[0]?.limit ?? 100);
  return (
    <div
      role="group"
      aria-label={`${g.rule} (${g.severity})`}
      data-testid="finding-group"
      data-rule={g.rule}
      className="mb-3 space-y-2"
    >
      <button
        type="button"
        onClick={onRule}
        className="text-xs font-semibold text-slate-600 hover:underline dark:text-slate-400"
      >
        {g.rule} · {g.count.toLocaleString('en-US')}
      </button>
      {g.items.map((f) => (
        <FindingCard key={f.id} finding={f} />
      ))}
      {loaded.map((f) => (
        <FindingCard key={f.id} finding={f} />
      ))}
      {more.isError ? (
        <ErrorState error={more.error} retry={() => void more.refetch()} />
      ) : (
        hasMore && (
          <button
            type="button"
            disabled={busy}
            onClick={() => {
              if (!asked) setAsked(true);
              else void more.fetchNextPage();
            }}
            className="rounded border border-slate-300 px-3 py-1 text-xs hover:bg-slate-100 disabled:opacity-60 dark:border-slate-700 dark:hover:bg-slate-800"
          >
            {busy
              ? 'Loading…'
              : shown === 0
                ? `Show ${g.rule} findings (${left.toLocaleString('en-US')})`
                : `Show ${next.toLocaleString('en-US')} more of ${left.toLocaleString('en-US')}`}
          </button>
        )
      )}
    </div>
  );
}

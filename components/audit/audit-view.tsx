'use client';

import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import { fetchJson, keys, qs } from '@/components/data/api';
import { useUrlState } from '@/components/data/use-url-state';
import { Combobox } from '@/components/ui/combobox';
import { Empty, ErrorState, Loading } from '@/components/ui/states';
import { suggestionsFor } from '@/components/ui/suggestions';
import type { StoredEvent } from '@/lib/store';
import { eventKindOf } from '@/lib/model/event';
import { EventPanel } from './event-panel';
import { VirtualRows } from './virtual-rows';

const FILTERS = ['kind', 'outcome', 'role', 'caller', 'origin', 'sourceIp', 'from', 'to'] as const;
const ROW = 34;
const GRID = 'grid grid-cols-[9.5rem_5.5rem_1fr_1fr_1fr_8rem_7rem] gap-2 px-3 items-center';

const short = (arn?: string) => (arn ? (arn.split(':').pop() ?? arn) : '');

export function AuditView() {
  const [params, setParams] = useUrlState();
  const filter = useMemo(() => {
    const f: Record<string, string> = {};
    for (const k of FILTERS) {
      const v = params.get(k);
      if (v) f[k] = v;
    }
    return f;
  }, [params]);
  const selected = params.get('event') ?? undefined;

  const events = useInfiniteQuery({
    queryKey: keys.events(filter),
    queryFn: ({ pageParam }) =>
      fetchJson<{ events: StoredEvent[]; nextCursor?: string }>(
        `/api/events${qs({ ...filter, limit: 200, cursor: pageParam })}`,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor,
  });
  const days = useQuery({
    queryKey: keys.eventsSummary({ ...filter, by: 'day' }),
    queryFn: () =>
      fetchJson<{ rows: { key: string; success: number; denied: number; error: number }[] }>(
        `/api/events/summary${qs({ kind: filter.kind, outcome: filter.outcome, role: filter.role, caller: filter.caller, origin: filter.origin, sourceIp: filter.sourceIp, from: filter.from, to: filter.to, by: 'day' })}`,
      ),
  });
  const rows = useMemo(() => events.data?.pages.flatMap((p) => p.events) ?? [], [events.data]);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = events;
  const onEnd = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  return (
    <div className="flex h-full">
      <section className="flex min-w-0 flex-1 flex-col">
        <div className="flex flex-wrap items-end gap-3 border-b border-slate-200 p-3 text-xs dark:border-slate-800">
          <h1 className="mr-2 text-lg font-semibold">Audit</h1>
          <label title="Role sessions are AssumeRole, AssumeRoleWithSAML and AssumeRoleWithWebIdentity. Other changes: role, trust, policy and instance-profile changes, GetSessionToken, GetFederationToken.">
            Events{' '}
            <select
              aria-label="Events"
              value={filter.kind ?? 'sessions'}
              onChange={(e) =>
                setParams({ kind: e.target.value === 'sessions' ? undefined : e.target.value })
              }
              className="rounded border border-slate-300 bg-white px-1 dark:border-slate-700 dark:bg-slate-900"
            >
              <option value="sessions">role sessions (AssumeRole*)</option>
              <option value="changes">other IAM/STS changes</option>
              <option value="all">both</option>
            </select>
          </label>
          <label>
            Outcome{' '}
            <select
              aria-label="Outcome"
              value={filter.outcome ?? ''}
              onChange={(e) => setParams({ outcome: e.target.value || undefined })}
              className="rounded border border-slate-300 bg-white px-1 dark:border-slate-700 dark:bg-slate-900"
            >
              <option value="">all</option>
              <option value="success">success</option>
              <option value="denied">denied</option>
              <option value="error">error</option>
            </select>
          </label>
          {(['role', 'caller', 'origin'] as const).map((k) => (
            <TextFilter
              key={k}
              field={k}
              value={filter[k]}
              kind={filter.kind}
              onApply={(v) => setParams({ [k]: v })}
            />
          ))}
          <a className="ml-auto underline" href={`/api/events${qs({ ...filter, format: 'csv' })}`}>
            Export CSV
          </a>
        </div>
        <Timeline rows={days.data?.rows ?? []} />
        <div
          className={`${GRID} border-b border-slate-200 py-1 text-[11px] font-semibold uppercase text-slate-500 dark:border-slate-800`}
          aria-hidden
        >
          <span>Time (UTC)</span>
          <span>Outcome</span>
          <span>Caller</span>
          <span>Original identity</span>
          <span>Role</span>
          <span>{filter.kind && filter.kind !== 'sessions' ? 'Session / call' : 'Session'}</span>
          <span>Source IP</span>
        </div>
        {events.isPending ? (
          <Loading what="events" />
        ) : events.isError ? (
          <ErrorState error={events.error} retry={() => void events.refetch()} />
        ) : rows.length === 0 ? (
          <Empty>No events match these filters.</Empty>
        ) : (
          <VirtualRows
            label="Events"
            rows={rows}
            rowHeight={ROW}
            onEnd={onEnd}
            render={(e) => (
              <button
                type="button"
                data-testid="event-row"
                data-outcome={e.outcome}
                data-kind={eventKindOf(e.eventName)}
                onClick={() => setParams({ event: e.eventId })}
                className={`${GRID} h-full w-full border-b border-slate-100 text-left text-xs hover:bg-slate-50 dark:border-slate-900 dark:hover:bg-slate-900 ${selected === e.eventId ? 'bg-sky-50 dark:bg-sky-950' : ''}`}
              >
                <span className="font-mono">{e.time.replace('T', ' ').slice(0, 19)}</span>
                <span className={e.outcome === 'success' ? 'text-emerald-700' : 'font-semibold text-red-700'}>
                  {e.outcome === 'success' ? 'success' : (e.errorCode ?? e.outcome)}
                </span>
                <span className="truncate" title={e.caller.arn ?? e.caller.invokedBy}>
                  {short(e.caller.arn) || e.caller.invokedBy || e.caller.type}
                </span>
                <span className="truncate" title={e.origin?.id}>
                  {e.origin?.label ?? ''}
                </span>
                <span className="truncate" title={e.roleArn}>
                  {short(e.roleArn)}
                </span>
                <span className="truncate font-mono">
                  {eventKindOf(e.eventName) === 'session' ? (e.roleSessionName ?? '') : e.eventName}
                </span>
                <span className="truncate font-mono">{e.sourceIp ?? ''}</span>
              </button>
            )}
          />
        )}
      </section>
      {selected && (
        <aside className="w-[28rem] shrink-0 overflow-auto border-l border-slate-200 dark:border-slate-800">
          <EventPanel id={selected} onClose={() => setParams({ event: undefined })} />
        </aside>
      )}
    </div>
  );
}

const FIELD_LABEL = { role: 'Role', caller: 'Caller', origin: 'Original identity' } as const;
const FIELD_HINT = {
  role: 'role name or ARN',
  caller: 'caller name or ARN',
  origin: 'user, i-…, subject',
} as const;

/**
 * A role, caller or original-identity filter: any part of a name or ARN, any case (the server
 * matches it), applied on Enter or on picking a suggestion. Suggestions are the values stored for
 * that field that match what is typed, so a person sees what there is to find. Typing adds no
 * history entry; applying does.
 */
function TextFilter({
  field,
  value,
  kind,
  onApply,
}: {
  field: 'role' | 'caller' | 'origin';
  value: string | undefined;
  kind: string | undefined;
  onApply: (v: string | undefined) => void;
}) {
  const values = useQuery({
    queryKey: keys.eventsSummary({ kind, by: field }),
    queryFn: () => fetchJson<{ rows: { key: string }[] }>(`/api/events/summary${qs({ kind, by: field })}`),
    staleTime: 60_000,
  });
  // What is typed, kept with the filter it was typed over (Back and Forward start afresh).
  const [typedOver, setTypedOver] = useState({ over: value, typed: value ?? '' });
  const typed = typedOver.over === value ? typedOver.typed : (value ?? '');
  const options = useMemo(
    () => suggestionsFor(typed, values.data?.rows.map((r) => r.key) ?? []),
    [typed, values.data],
  );
  const label = FIELD_LABEL[field];
  return (
    <div className="flex items-center gap-1">
      <span aria-hidden="true">{label}</span>
      <span className="w-56">
        <Combobox
          label={label}
          // Back and Forward show the text filtered on.
          text={value ?? ''}
          placeholder={FIELD_HINT[field]}
          options={options}
          onText={(t) => setTypedOver({ over: value, typed: t })}
          onPick={(o) => onApply(o.value)}
          onSubmit={(t) => onApply(t.trim() || undefined)}
          inputClassName="w-full rounded border border-slate-300 bg-white px-1 py-0.5 dark:border-slate-700 dark:bg-slate-900"
          listClassName="w-[32rem] text-xs"
        />
      </span>
    </div>
  );
}

function Timeline({ rows }: { rows: { key: string; success: number; denied: number; error: number }[] }) {
  const max = Math.max(1, ...rows.map((r) => r.success + r.denied + r.error));
  if (rows.length === 0) return null;
  return (
    <figure
      aria-label="Events per day"
      className="flex h-20 items-end gap-px border-b border-slate-200 px-3 py-2 dark:border-slate-800"
    >
      {rows.map((r) => {
        const total = r.success + r.denied + r.error;
        const failed = r.denied + r.error;
        return (
          <div
            key={r.key}
            className="flex h-full flex-1 flex-col justify-end"
            title={`${r.key}: ${r.success} succeeded, ${failed} failed`}
          >
            <div className="bg-red-500" style={{ height: `${(failed / max) * 100}%` }} />
            <div className="bg-emerald-500/70" style={{ height: `${((total - failed) / max) * 100}%` }} />
          </div>
        );
      })}
    </figure>
  );
}

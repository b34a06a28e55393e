'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { fetchJson, keys, qs } from '@/components/data/api';
import { FindingCard } from '@/components/findings/finding-card';
import { ErrorState, Loading } from '@/components/ui/states';
import type { Finding } from '@/lib/findings/types';
import type { StoredEvent } from '@/lib/store';

interface Detail {
  event: StoredEvent;
  ancestry: StoredEvent[];
  findings: Finding[];
}

const short = (arn?: string) => (arn ? (arn.split('/').slice(-2).join('/') ?? arn) : '?');

export function EventPanel({ id, onClose }: { id: string; onClose: () => void }) {
  const q = useQuery({
    queryKey: [...keys.events({ id }), 'detail'],
    queryFn: () => fetchJson<Detail>(`/api/events/detail${qs({ id })}`),
  });
  if (q.isPending) return <Loading what="the event" />;
  if (q.isError) return <ErrorState error={q.error} retry={() => void q.refetch()} />;
  const { event: e, ancestry, findings } = q.data;
  const facts: [string, string | undefined][] = [
    ['time', e.time],
    ['event', `${e.eventName} (${e.eventSource})`],
    ['outcome', e.errorCode ? `${e.outcome}: ${e.errorCode}` : e.outcome],
    ['caller', e.caller.arn ?? e.caller.invokedBy ?? e.caller.type],
    ['caller key', e.caller.accessKeyId],
    ['role', e.roleArn],
    ['session name', e.roleSessionName],
    ['source identity', e.sourceIdentity],
    ['ExternalId', e.externalIdPresent ? (e.externalId ?? '(given)') : '(none)'],
    ['duration', e.durationSeconds !== undefined ? `${e.durationSeconds} s` : undefined],
    ['source IP', e.sourceIp],
    ['user agent', e.userAgent],
    ['recorded by', e.recordedBy],
    ['event id', e.eventId],
  ];
  return (
    <div className="space-y-4 p-3 text-sm" role="region" aria-label="Event">
      <header className="flex items-start justify-between">
        <h2 className="font-semibold">
          {e.eventName} {e.outcome === 'success' ? 'succeeded' : 'failed'}
        </h2>
        <button
          type="button"
          aria-label="Close event"
          onClick={onClose}
          className="rounded border px-2 py-0.5 text-xs"
        >
          ✕
        </button>
      </header>
      {e.errorMessage && (
        <p className="rounded bg-red-50 p-2 text-xs text-red-900 dark:bg-red-950 dark:text-red-100">
          {e.errorMessage}
        </p>
      )}
      <section aria-label="Session ancestry">
        <h3 className="mb-1 text-xs font-semibold uppercase text-slate-500">Who was behind it</h3>
        <ol className="flex flex-wrap items-center gap-1 text-xs" data-testid="ancestry">
          <li className="rounded bg-violet-100 px-2 py-0.5 font-semibold text-violet-900">
            {e.origin?.label ?? 'unknown origin'}
          </li>
          {ancestry.map((a) => (
            <li key={a.eventId} className="flex items-center gap-1">
              <span aria-hidden="true">→</span>
              <span
                className={`rounded px-2 py-0.5 ${a.outcome === 'success' ? 'bg-slate-100 dark:bg-slate-800' : 'bg-red-100 text-red-900'}`}
                title={a.roleArn}
              >
                {short(a.roleArn)}
              </span>
            </li>
          ))}
        </ol>
        {e.sourceIdentity && <p className="mt-1 text-xs">SourceIdentity: {e.sourceIdentity}</p>}
      </section>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs">
        {facts
          .filter((f): f is [string, string] => f[1] !== undefined)
          .map(([k, v]) => (
            <div key={k} className="contents">
              <dt className="text-slate-500">{k}</dt>
              <dd className="break-all font-mono">{v}</dd>
            </div>
          ))}
      </dl>
      {e.roleArn && (
        <Link
          className="text-xs underline"
          href={`/?${new URLSearchParams({ focus: e.roleArn, sel: e.roleArn }).toString()}`}
        >
          Show the role in the graph
        </Link>
      )}
      {findings.length > 0 && (
        <section aria-label="Why" className="space-y-2">
          <h3 className="text-xs font-semibold uppercase text-slate-500">Why</h3>
          {findings.map((f) => (
            <FindingCard key={f.id} finding={f} />
          ))}
        </section>
      )}
    </div>
  );
}

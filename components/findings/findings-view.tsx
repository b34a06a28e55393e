'use client';

import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { fetchJson, keys, qs } from '@/components/data/api';
import { useUrlState } from '@/components/data/use-url-state';
import { Empty, ErrorState, Loading } from '@/components/ui/states';
import type { Finding } from '@/lib/findings/types';
import { SEVERITIES } from '@/lib/findings/types';
import { FindingCard } from './finding-card';

export function FindingsView() {
  const [params, setParams] = useUrlState();
  const severity = params.get('severity') ?? undefined;
  const rule = params.get('rule') ?? undefined;
  const q = useQuery({
    queryKey: keys.findings({ severity, rule }),
    queryFn: () => fetchJson<{ findings: Finding[] }>(`/api/findings${qs({ severity, rule })}`),
  });
  const groups = useMemo(() => {
    const out = new Map<string, Map<string, Finding[]>>();
    for (const f of q.data?.findings ?? []) {
      const bySev = out.get(f.severity) ?? new Map<string, Finding[]>();
      const list = bySev.get(f.rule) ?? [];
      list.push(f);
      bySev.set(f.rule, list);
      out.set(f.severity, bySev);
    }
    return out;
  }, [q.data]);
  return (
    <div className="mx-auto h-full max-w-5xl overflow-auto p-4">
      <div className="mb-4 flex flex-wrap items-center gap-3">
        <h1 className="text-lg font-semibold">Findings</h1>
        <label className="text-sm">
          Severity{' '}
          <select
            aria-label="Severity"
            value={severity ?? ''}
            onChange={(e) => setParams({ severity: e.target.value || undefined })}
            className="rounded border border-slate-300 bg-white px-1 dark:border-slate-700 dark:bg-slate-900"
          >
            <option value="">all</option>
            {SEVERITIES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        {rule && (
          <button
            type="button"
            onClick={() => setParams({ rule: undefined })}
            className="rounded border px-2 py-0.5 text-xs"
          >
            rule: {rule} ✕
          </button>
        )}
        <span className="ml-auto flex gap-2 text-xs">
          <a
            className="underline"
            href={`/api/findings${qs({ severity, rule })}`}
            download="rolechain-findings.json"
          >
            Export JSON
          </a>
          <a className="underline" href={`/api/findings${qs({ severity, rule, format: 'csv' })}`}>
            Export CSV
          </a>
        </span>
      </div>
      {q.isPending ? (
        <Loading what="findings" />
      ) : q.isError ? (
        <ErrorState error={q.error} retry={() => void q.refetch()} />
      ) : q.data.findings.length === 0 ? (
        <Empty>No findings{severity ? ` of severity ${severity}` : ''}. Every chain checks out.</Empty>
      ) : (
        SEVERITIES.filter((s) => groups.has(s)).map((s) => (
          <section key={s} aria-label={`${s} findings`} className="mb-6">
            <h2 className="mb-2 text-sm font-semibold uppercase text-slate-500">
              {s} ({[...groups.get(s)!.values()].reduce((n, l) => n + l.length, 0)})
            </h2>
            {[...groups.get(s)!].map(([r, list]) => (
              <div key={r} className="mb-3 space-y-2">
                <button
                  type="button"
                  onClick={() => setParams({ rule: r })}
                  className="text-xs font-semibold text-slate-600 hover:underline dark:text-slate-400"
                >
                  {r} · {list.length}
                </button>
                {list.map((f) => (
                  <FindingCard key={f.id} finding={f} />
                ))}
              </div>
            ))}
          </section>
        ))
      )}
    </div>
  );
}

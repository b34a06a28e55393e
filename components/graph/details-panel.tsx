'use client';

import { useMemo } from 'react';
import { useNode } from '@/components/data/hooks';
import { ErrorState, Loading } from '@/components/ui/states';
import { fact } from '@/components/ui/words';
import type { GraphEdge } from '@/lib/graph/types';
import { EdgeReasons } from './edge-reasons';
import { labelFrom } from './node-name';
import { kindLabel } from './nodes';
import { PolicyView } from './policy-view';

/** Statement indexes, per policy name, that the node's edges cite as deciding. */
function decidingStatements(edges: GraphEdge[]): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  for (const e of edges) {
    for (const r of e.reasons ?? []) {
      if (r.statement === undefined || (r.outcome !== 'applies' && r.outcome !== 'conditional')) continue;
      const key = r.policy.kind === 'trust' ? 'trust' : (r.policy.name ?? r.policy.arn ?? '');
      const set = out.get(key) ?? new Set<number>();
      set.add(r.statement.index);
      out.set(key, set);
    }
  }
  return out;
}

export function DetailsPanel({
  id,
  expanded,
  onFocus,
  onExpand,
  onClose,
  onOpenEdge,
  questions,
}: {
  id: string;
  expanded: boolean;
  onOpenEdge?: (id: string) => void;
  onFocus: (id: string) => void;
  onExpand: (id: string) => void;
  onClose: () => void;
  /** The path questions this node can be asked (components/graph/node-questions.tsx). */
  questions?: React.ReactNode;
}) {
  const q = useNode(id);
  const deciding = useMemo(
    () =>
      q.data ? decidingStatements([...q.data.edgesIn, ...q.data.edgesOut]) : new Map<string, Set<number>>(),
    [q.data],
  );
  if (q.isPending) return <Loading what="details" />;
  if (q.isError) return <ErrorState error={q.error} retry={() => void q.refetch()} />;
  const d = q.data;
  const labelOf = labelFrom(d.labels);
  return (
    <div className="space-y-4 p-3 text-sm" aria-label="Details" role="region">
      <header className="flex items-start justify-between gap-2">
        <div className="min-w-0">
          <h2 className="truncate text-base font-semibold" title={d.node.label}>
            {d.node.label}
          </h2>
          <p className="text-xs text-slate-500">
            {kindLabel(d.node.kind)}
            {d.node.account ? ` · account ${d.node.account}` : ''}
          </p>
        </div>
        <div className="flex shrink-0 gap-1">
          <button
            type="button"
            onClick={() => onFocus(d.node.id)}
            className="rounded border px-2 py-0.5 text-xs hover:bg-slate-100 dark:hover:bg-slate-800"
          >
            Focus
          </button>
          <button
            type="button"
            onClick={() => onExpand(d.node.id)}
            disabled={expanded}
            title="Add its neighbours to the current view"
            className="rounded border px-2 py-0.5 text-xs hover:bg-slate-100 disabled:opacity-50 dark:hover:bg-slate-800"
          >
            {expanded ? 'Expanded' : 'Expand'}
          </button>
          <button
            type="button"
            onClick={onClose}
            aria-label="Close details"
            className="rounded border px-2 py-0.5 text-xs hover:bg-slate-100 dark:hover:bg-slate-800"
          >
            ✕
          </button>
        </div>
      </header>
      {questions}
      {Object.keys(d.facts).length > 0 && (
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs">
          {Object.entries(d.facts).map(([k, v]) => {
            const f = fact(k, v);
            return (
              <div key={k} className="contents" data-fact={k}>
                <dt className="text-slate-600 dark:text-slate-400">{f.label}</dt>
                <dd className={`break-all ${typeof v === 'boolean' ? '' : 'font-mono'}`}>{f.value}</dd>
              </div>
            );
          })}
        </dl>
      )}
      {d.dataNotes.length > 0 && (
        <section
          aria-label="Data not read"
          data-testid="node-data-notes"
          className="rounded border border-amber-400 bg-amber-50 p-2 text-xs text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
        >
          <p className="font-semibold">The verdicts here rest on data that is stale or was not read:</p>
          <ul className="list-disc pl-4">
            {d.dataNotes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </section>
      )}
      {d.findings.length > 0 && (
        <section aria-label="Findings">
          <h3 className="mb-1 text-xs font-semibold uppercase text-slate-500">Findings</h3>
          <ul className="space-y-1">
            {d.findings.map((f) => (
              <li
                key={f.id}
                className="rounded border border-red-200 bg-red-50 p-2 text-xs dark:border-red-900 dark:bg-red-950"
              >
                <span className="font-semibold uppercase">{f.severity}</span> {f.title}
                <p className="text-slate-700 dark:text-slate-300">{f.message}</p>
              </li>
            ))}
          </ul>
        </section>
      )}
      {d.policies.length > 0 && (
        <section aria-label="Policies" className="space-y-2">
          <h3 className="text-xs font-semibold uppercase text-slate-500">Policies</h3>
          {d.policies.map((p, i) => (
            <PolicyView
              key={i}
              policy={p}
              highlight={deciding.get(p.kind === 'trust' ? 'trust' : p.name) ?? new Set()}
            />
          ))}
        </section>
      )}
      <section aria-label="Edges">
        <h3 className="mb-1 text-xs font-semibold uppercase text-slate-500">Incoming ({d.edgesIn.length})</h3>
        <ul className="space-y-1">
          {d.edgesIn.map((e) => (
            <EdgeReasons
              key={e.id}
              edge={e}
              labelOf={labelOf}
              far="source"
              {...(onOpenEdge ? { onOpen: onOpenEdge } : {})}
            />
          ))}
        </ul>
        <h3 className="mb-1 mt-3 text-xs font-semibold uppercase text-slate-500">
          Outgoing ({d.edgesOut.length})
        </h3>
        <ul className="space-y-1">
          {d.edgesOut.map((e) => (
            <EdgeReasons
              key={e.id}
              edge={e}
              labelOf={labelOf}
              far="target"
              {...(onOpenEdge ? { onOpen: onOpenEdge } : {})}
            />
          ))}
        </ul>
      </section>
    </div>
  );
}

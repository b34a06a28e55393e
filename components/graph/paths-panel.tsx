'use client';

import { useState } from 'react';
import { ChainResult } from '@/components/check/chain-result';
import { ReportActions } from '@/components/check/report-actions';
import { useEdgeCheck, useNode } from '@/components/data/hooks';
import { usePaths, useReach } from '@/components/data/paths-hooks';
import type { UrlPatch } from '@/components/data/use-url-state';
import { ErrorState, Loading } from '@/components/ui/states';
import type { AnswerVerdict, PathCheckRequest, PathsAnswer, ReachAnswer } from '@/lib/app/paths';
import type { PathStepNote } from '@/lib/graph';
import { NodeSearchBox } from './search-box';

/** The questions a node's panel asks, kept in the URL (`ask`, `pfrom`, `pto`). */
export const ASKS = ['paths', 'reach-from', 'reach-to'] as const;
export type Ask = (typeof ASKS)[number];

const VERDICT: Record<AnswerVerdict, { text: string; cls: string }> = {
  works: { text: 'works', cls: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100' },
  conditional: {
    text: 'conditional',
    cls: 'bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100',
  },
  incomplete: {
    text: 'incomplete',
    cls: 'bg-violet-100 text-violet-900 dark:bg-violet-900 dark:text-violet-100',
  },
  broken: { text: 'broken', cls: 'bg-red-100 text-red-900 dark:bg-red-900 dark:text-red-100' },
};

const BUTTON = 'rounded border px-2 py-0.5 text-xs hover:bg-slate-100 dark:hover:bg-slate-800';

/** "How does X reach Y?", "What can X reach?", "Who can reach Y?" — the answer beside the graph. */
export function PathsPanel({
  ask,
  from,
  to,
  set,
}: {
  ask: Ask;
  from: string | undefined;
  to: string | undefined;
  set: (patch: UrlPatch) => void;
}) {
  const title =
    ask === 'paths'
      ? 'How does it reach?'
      : ask === 'reach-from'
        ? 'What can it reach?'
        : 'Who can reach it?';
  return (
    <div className="space-y-3 p-3 text-sm" role="region" aria-label="Paths">
      <header className="flex items-start justify-between gap-2">
        <h2 className="text-base font-semibold">{title}</h2>
        <button
          type="button"
          onClick={() => set({ ask: undefined, pfrom: undefined, pto: undefined })}
          aria-label="Close paths"
          className={BUTTON}
        >
          ✕
        </button>
      </header>
      {ask === 'paths' ? (
        <Between from={from} to={to} set={set} />
      ) : (
        <Reach
          node={ask === 'reach-from' ? from : to}
          direction={ask === 'reach-from' ? 'from' : 'to'}
          set={set}
        />
      )}
    </div>
  );
}

function End({
  which,
  id,
  set,
}: {
  which: 'From' | 'To';
  id: string | undefined;
  set: (patch: UrlPatch) => void;
}) {
  const node = useNode(id);
  const key = which === 'From' ? 'pfrom' : 'pto';
  return (
    <div className="text-xs">
      <span className="font-semibold">{which}</span>{' '}
      {id ? (
        <span className="inline-flex items-center gap-1">
          <code className="break-all" data-testid={`path-${which.toLowerCase()}`} title={id}>
            {node.data?.node.label ?? id}
          </code>
          <button type="button" className={BUTTON} onClick={() => set({ [key]: undefined })}>
            change
          </button>
        </span>
      ) : (
        <NodeSearchBox
          compact
          label={`${which} node`}
          placeholder="Type a role, user, instance, bucket…"
          onPick={(picked) => set({ [key]: picked })}
        />
      )}
    </div>
  );
}

function Between({
  from,
  to,
  set,
}: {
  from: string | undefined;
  to: string | undefined;
  set: (patch: UrlPatch) => void;
}) {
  const q = usePaths(from, to);
  return (
    <div className="space-y-2">
      <End which="From" id={from} set={set} />
      <End which="To" id={to} set={set} />
      {from && to && (
        <button type="button" className={BUTTON} onClick={() => set({ pfrom: to, pto: from })}>
          Swap ends
        </button>
      )}
      {from && to && from === to && <p className="text-xs text-slate-500">Choose two different nodes.</p>}
      {q.isPending && q.fetchStatus !== 'idle' && <Loading what="the chains" />}
      {q.isError && <ErrorState error={q.error} retry={() => void q.refetch()} />}
      {q.data && <PathList answer={q.data} set={set} />}
    </div>
  );
}

function Summary({ a }: { a: PathsAnswer | ReachAnswer }) {
  return (
    <>
      <p className="text-xs font-semibold" data-testid="paths-summary">
        {a.summary}
      </p>
      {(a.truncated || a.depthLimited) && (
        <p
          className="rounded border border-amber-300 bg-amber-50 p-1.5 text-xs text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
          data-testid="paths-truncated"
        >
          {a.truncated ? 'This list is cut short: more exist than are shown. ' : ''}
          {a.depthLimited ? `Chains longer than ${a.maxDepth} steps were not followed. ` : ''}
          Not listed here does not mean no chain.
        </p>
      )}
      {a.dataNotes.length > 0 && (
        <ul
          aria-label="Data not read"
          className="list-disc rounded border border-amber-300 bg-amber-50 p-1.5 pl-5 text-xs text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
        >
          {a.dataNotes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
    </>
  );
}

function Notes({
  open,
  failing,
  dataNotes,
}: {
  open: PathStepNote[];
  failing?: PathStepNote;
  dataNotes: string[];
}) {
  return (
    <ul className="mt-1 space-y-0.5 text-xs">
      {failing && (
        <li className="text-red-800 dark:text-red-300" data-testid="path-failing">
          fails at hop {failing.index + 1} ({failing.kind}): {failing.text}
        </li>
      )}
      {open.map((o, i) => (
        <li key={i} className="text-amber-800 dark:text-amber-300" data-testid="path-open">
          open at hop {o.index + 1}: {o.text}
        </li>
      ))}
      {dataNotes.map((d) => (
        <li key={d} className="text-violet-800 dark:text-violet-300">
          not read: {d}
        </li>
      ))}
    </ul>
  );
}

function Chain({
  nodes,
  edges,
  labels,
}: {
  nodes: string[];
  edges: string[];
  labels: Record<string, string>;
}) {
  return (
    <p className="break-words font-mono text-[11px]">
      {nodes.map((id, i) => (
        <span key={id}>
          {i > 0 && <span className="text-slate-500"> —{(edges[i - 1] ?? '').split('|')[0]}→ </span>}
          <span title={id}>{labels[id] ?? id}</span>
        </span>
      ))}
    </p>
  );
}

function PathList({ answer, set }: { answer: PathsAnswer; set: (patch: UrlPatch) => void }) {
  const [open, setOpen] = useState<number | undefined>(undefined);
  return (
    <div className="space-y-2">
      <Summary a={answer} />
      <ol className="space-y-2" aria-label="Chains, best first">
        {answer.paths.map((p, i) => (
          <li
            key={p.edges.join('\n')}
            data-testid="path-row"
            data-verdict={p.verdict}
            className="rounded border border-slate-200 p-2 dark:border-slate-700"
          >
            <div className="flex items-center gap-2">
              <span className={`rounded px-1.5 text-[11px] font-bold uppercase ${VERDICT[p.verdict].cls}`}>
                {VERDICT[p.verdict].text}
              </span>
              <span className="text-xs text-slate-500">{p.edges.length} hops</span>
              <span className="ml-auto flex gap-1">
                <button
                  type="button"
                  className={BUTTON}
                  onClick={() => set({ focus: p.nodes[0], depth: String(Math.min(6, p.edges.length)) })}
                >
                  Show on graph
                </button>
                {p.check && (
                  <button
                    type="button"
                    className={BUTTON}
                    aria-expanded={open === i}
                    onClick={() => setOpen(open === i ? undefined : i)}
                  >
                    Five steps
                  </button>
                )}
              </span>
            </div>
            <Chain nodes={p.nodes} edges={p.edges} labels={answer.labels} />
            <Notes open={p.open} {...(p.failing ? { failing: p.failing } : {})} dataNotes={p.dataNotes} />
            {open === i && p.check && <FiveSteps request={p.check} />}
          </li>
        ))}
      </ol>
    </div>
  );
}

/** The five-step check of a path's last assume hop (or the source's own credentials) on its resource. */
function FiveSteps({ request }: { request: PathCheckRequest }) {
  const body = {
    source: request.source,
    ...(request.targetRole ? { targetRole: request.targetRole } : {}),
    resource: request.resource,
    action: request.action,
    fillExternalId: true,
  };
  const check = useEdgeCheck(body);
  return (
    <section
      aria-label="Five-step check"
      className="mt-2 space-y-2 border-t border-slate-200 pt-2 dark:border-slate-700"
    >
      {request.note && <p className="text-xs text-slate-500">Checked: {request.note}.</p>}
      {check.isPending && <Loading what="the check" />}
      {check.isError && <ErrorState error={check.error} retry={() => void check.refetch()} />}
      {check.data && (
        <>
          <p className="text-xs font-semibold" data-testid="check-summary" data-verdict={check.data.verdict}>
            {check.data.summary}
          </p>
          {check.data.externalIdUsed && (
            <p className="text-xs text-slate-600 dark:text-slate-400">
              ExternalId used: <code>{check.data.externalIdUsed.value}</code> —{' '}
              {check.data.externalIdUsed.from}
            </p>
          )}
          <ReportActions
            check={body}
            share={{
              source: request.source,
              targetRole: request.targetRole,
              resource: request.resource,
              action: request.action,
              externalId: check.data.externalIdUsed?.value,
            }}
          />
          {check.data.dataNotes.length > 0 && (
            <ul className="list-disc pl-5 text-xs text-amber-800 dark:text-amber-300">
              {check.data.dataNotes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          )}
          {check.data.chains.map((c, i) => (
            <ChainResult key={i} check={c} />
          ))}
        </>
      )}
    </section>
  );
}

function Reach({
  node,
  direction,
  set,
}: {
  node: string | undefined;
  direction: 'from' | 'to';
  set: (patch: UrlPatch) => void;
}) {
  const q = useReach(node, direction);
  if (!node)
    return (
      <NodeSearchBox
        compact
        label={direction === 'from' ? 'From node' : 'To node'}
        placeholder="Type a role, user, instance, bucket…"
        onPick={(id) => set(direction === 'from' ? { pfrom: id } : { pto: id })}
      />
    );
  if (q.isPending) return <Loading what={direction === 'from' ? 'what it can reach' : 'who can reach it'} />;
  if (q.isError) return <ErrorState error={q.error} retry={() => void q.refetch()} />;
  const a = q.data;
  return (
    <div className="space-y-2">
      <Summary a={a} />
      <ul className="space-y-1.5" aria-label={direction === 'from' ? 'Reachable' : 'Can reach it'}>
        {a.entries.map((e) => (
          <li
            key={e.node.id}
            data-testid="reach-row"
            data-verdict={e.verdict}
            data-node={e.node.id}
            className="rounded border border-slate-200 p-1.5 dark:border-slate-700"
          >
            <div className="flex items-center gap-2 text-xs">
              <span className={`rounded px-1.5 text-[11px] font-bold uppercase ${VERDICT[e.verdict].cls}`}>
                {VERDICT[e.verdict].text}
              </span>
              <span className="min-w-0 truncate font-medium" title={e.node.id}>
                {e.node.label}
              </span>
              <span className="text-slate-500">{e.node.kind}</span>
              <button
                type="button"
                className={`${BUTTON} ml-auto shrink-0`}
                title="Every chain between the two, ranked"
                onClick={() =>
                  set(
                    direction === 'from'
                      ? { ask: 'paths', pfrom: a.node.id, pto: e.node.id }
                      : { ask: 'paths', pfrom: e.node.id, pto: a.node.id },
                  )
                }
              >
                All chains
              </button>
            </div>
            <Chain nodes={e.path.nodes} edges={e.path.edges} labels={a.labels} />
            <Notes open={e.open} {...(e.failing ? { failing: e.failing } : {})} dataNotes={e.dataNotes} />
          </li>
        ))}
      </ul>
    </div>
  );
}

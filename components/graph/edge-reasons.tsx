'use client';

import type { GraphEdge } from '@/lib/graph/types';
import { CopyButton } from '@/components/ui/copy-button';
import { edgeHeadline } from './aria';
import { EDGE_STYLE } from './flow-mapping';

const DECISION_CLS: Record<string, string> = {
  Allow: 'bg-emerald-100 text-emerald-900',
  Conditional: 'bg-amber-100 text-amber-900',
  ImplicitDeny: 'bg-red-100 text-red-900',
  ExplicitDeny: 'bg-red-200 text-red-950',
};

export function DecisionBadge({ decision }: { decision: string }) {
  return (
    <span
      className={`rounded px-1.5 py-0.5 text-[11px] font-semibold ${DECISION_CLS[decision] ?? 'bg-slate-100'}`}
    >
      {decision}
    </span>
  );
}

/**
 * One edge with the engine's decision, its open conditions and its reasons, as the engine gave them.
 * Its headline names it in words, as a screen reader hears it ("can-assume: doris-be-instance-role →
 * doris-s3-role, conditional on ExternalId"); the ARNs are the headline's tooltip and can be copied.
 */
export function EdgeReasons({
  edge,
  labelOf,
  far,
  onOpen,
}: {
  edge: GraphEdge;
  /** A node's short name by id (the panel's labels, else the id shortened). */
  labelOf: (id: string) => string;
  /** The end a person would want the ARN of: the other end in a node's panel; both in an edge's. */
  far: 'source' | 'target' | 'both';
  /** Opens the edge's own panel: the keyboard's way from a node to each of its edges. */
  onOpen?: (id: string) => void;
}) {
  const headline = edgeHeadline(edge, labelOf);
  const copyIds = far === 'both' ? [edge.source, edge.target] : [edge[far]];
  return (
    <li
      data-testid="edge-reasons"
      data-edge-kind={edge.kind}
      className="rounded border border-slate-200 p-2 text-xs dark:border-slate-700"
    >
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-semibold">{EDGE_STYLE[edge.kind].label}</span>
        {edge.decision && <DecisionBadge decision={edge.decision} />}
        {onOpen && (
          <button
            type="button"
            onClick={() => onOpen(edge.id)}
            aria-label={`Open ${headline}`}
            className="ml-auto rounded border px-1.5 py-0.5 text-[11px] hover:bg-slate-100 dark:hover:bg-slate-800"
          >
            Open
          </button>
        )}
      </div>
      <p data-testid="edge-words" className="mt-1 break-words" title={`${edge.source} → ${edge.target}`}>
        {headline}
      </p>
      <div className="mt-1 flex flex-wrap items-center gap-1 text-[11px] text-slate-600 dark:text-slate-400">
        {copyIds.map((id) => (
          <CopyButton key={id} text={id} label={`Copy the ARN of ${labelOf(id)}`} />
        ))}
      </div>
      {edge.observation && (
        <p className="mt-1 text-slate-600">
          {edge.observation.count} times in CloudTrail, {edge.observation.firstSeen.slice(0, 10)} –{' '}
          {edge.observation.lastSeen.slice(0, 10)}
        </p>
      )}
      {edge.access && <p className="mt-1">Access: {edge.access.join(', ')}</p>}
      {(edge.openConditions ?? []).length > 0 && (
        <ul className="mt-1 list-disc pl-4 text-amber-800 dark:text-amber-300">
          {edge.openConditions!.map((c, i) => (
            <li key={i}>{c.text}</li>
          ))}
        </ul>
      )}
      {(edge.reasons ?? []).length > 0 && (
        <ul className="mt-1 space-y-0.5 text-slate-700 dark:text-slate-300">
          {edge.reasons!.slice(0, 6).map((r, i) => (
            <li key={i}>
              {r.message}
              {r.mismatches?.map((m, j) => (
                <div key={j} className="pl-3 text-slate-500">
                  {m.element}: required {m.required}, given {m.given}
                </div>
              ))}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

'use client';

import { useState } from 'react';
import { ChainResult } from '@/components/check/chain-result';
import { useEdgeCheck, useNode } from '@/components/data/hooks';
import { ErrorState, Loading } from '@/components/ui/states';
import type { GraphEdge, NodeKind } from '@/lib/graph/types';
import { EdgeReasons } from './edge-reasons';
import { EDGE_STYLE } from './flow-mapping';

const CHECKED_KINDS = new Set(['can-assume', 'missing-trust', 'missing-permission']);

/** The action a chain check asks for on a resource of this kind. */
export function probeAction(kind: NodeKind | undefined): string {
  if (kind === 'glue-catalog' || kind === 'glue-database') return 'glue:GetDatabase';
  if (kind === 'kms-key') return 'kms:Decrypt';
  return 's3:GetObject';
}

/** An edge's decision, reasons and open conditions; for an assume edge, the five-step check too. */
export function EdgePanel({
  id,
  edge,
  label,
  onClose,
}: {
  id: string;
  edge: GraphEdge | undefined;
  label: (nodeId: string) => string;
  onClose: () => void;
}) {
  return (
    <div className="space-y-3 p-3 text-sm" role="region" aria-label="Edge">
      <header className="flex items-start justify-between gap-2">
        <h2 className="min-w-0 text-base font-semibold">
          {edge ? EDGE_STYLE[edge.kind].label : 'Edge'}
          {edge && (
            <span className="block break-all text-xs font-normal text-slate-600 dark:text-slate-400">
              {label(edge.source)} → {label(edge.target)}
            </span>
          )}
        </h2>
        <button
          type="button"
          onClick={onClose}
          aria-label="Close edge"
          className="rounded border px-2 py-0.5 text-xs hover:bg-slate-100 dark:hover:bg-slate-800"
        >
          ✕
        </button>
      </header>
      {!edge ? (
        <p className="text-xs text-slate-500">
          The edge <code className="break-all">{id}</code> is not in the current view. Clear the filters or
          focus on one of its ends.
        </p>
      ) : (
        <>
          <WithReasons edge={edge} label={label} />
          {CHECKED_KINDS.has(edge.kind) && <FiveSteps edge={edge} />}
        </>
      )}
    </div>
  );
}

/**
 * The edge with the engine's reasons. A graph view sends its edges without them (they were most of its
 * bytes), so they come from the source node's details; until then the view's decision shows alone.
 */
function WithReasons({ edge, label }: { edge: GraphEdge; label: (nodeId: string) => string }) {
  const source = useNode(edge.source);
  const full = source.data?.edgesOut.find((e) => e.id === edge.id);
  return (
    <>
      <ul>
        <EdgeReasons edge={full ?? edge} labelOf={label} far="both" />
      </ul>
      {source.isError && <ErrorState error={source.error} retry={() => void source.refetch()} />}
    </>
  );
}

/** Picks a resource the target role can reach (the first, or the user's choice) and runs the check on it. */
function FiveSteps({ edge }: { edge: GraphEdge }) {
  const target = useNode(edge.target);
  const reachable = (target.data?.edgesOut ?? []).filter((e) => e.kind === 'can-access');
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  const [typed, setTyped] = useState('');
  const [externalId, setExternalId] = useState('');
  const resource = typed.trim() || chosen || reachable[0]?.target;
  // Node ids are ARNs or s3:// URLs, so the service shows in the id.
  const resourceKind: NodeKind = resource?.startsWith('arn:aws:glue')
    ? 'glue-catalog'
    : resource?.startsWith('arn:aws:kms')
      ? 'kms-key'
      : 'bucket';
  const check = useEdgeCheck(
    resource
      ? {
          source: edge.source,
          targetRole: edge.target,
          resource,
          action: probeAction(resourceKind),
          ...(externalId.trim().length >= 2 ? { externalId: externalId.trim() } : { fillExternalId: true }),
        }
      : undefined,
  );
  return (
    <section aria-label="Five-step check" className="space-y-2">
      <h3 className="text-xs font-semibold uppercase text-slate-500">Five-step check</h3>
      {target.isPending ? (
        <Loading what="what the role can reach" />
      ) : target.isError ? (
        <ErrorState error={target.error} retry={() => void target.refetch()} />
      ) : (
        <div className="space-y-1 text-xs">
          {reachable.length > 0 && (
            <label className="block">
              Resource{' '}
              <select
                aria-label="Resource to check"
                value={chosen ?? reachable[0]?.target ?? ''}
                onChange={(e) => {
                  setChosen(e.target.value);
                  setTyped('');
                }}
                className="mt-1 block w-full rounded border border-slate-300 bg-white px-1 py-0.5 font-mono dark:border-slate-700 dark:bg-slate-900"
              >
                {reachable.map((e) => (
                  <option key={e.id} value={e.target}>
                    {e.target}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label className="block">
            {reachable.length > 0 ? 'or another' : 'The role reaches no resource here; give one'}
            <input
              aria-label="Other resource"
              placeholder="s3://bucket/path"
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              className="mt-1 block w-full rounded border border-slate-300 bg-white px-1 py-0.5 font-mono dark:border-slate-700 dark:bg-slate-900"
            />
          </label>
          <label className="block">
            ExternalId the caller sends (empty: the value CloudTrail saw, else the one the trust requires)
            <input
              aria-label="ExternalId"
              placeholder={check.data?.externalIdUsed?.value ?? ''}
              value={externalId}
              onChange={(e) => setExternalId(e.target.value)}
              className="mt-1 block w-full rounded border border-slate-300 bg-white px-1 py-0.5 font-mono dark:border-slate-700 dark:bg-slate-900"
            />
          </label>
        </div>
      )}
      {check.isFetching && !check.data && <Loading what="the check" />}
      {check.isError && <ErrorState error={check.error} retry={() => void check.refetch()} />}
      {check.data?.externalIdUsed && (
        <p className="text-xs text-slate-600 dark:text-slate-400" data-testid="external-id-used">
          ExternalId used: <code>{check.data.externalIdUsed.value}</code> — {check.data.externalIdUsed.from}
        </p>
      )}
      {check.data?.chains.map((c, i) => (
        <ChainResult key={i} check={c} />
      ))}
    </section>
  );
}

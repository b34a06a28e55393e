'use client';

import { Background, Controls, MiniMap, ReactFlow, type Node } from '@xyflow/react';
import { useCallback, useMemo } from 'react';
import { useGraph, useSnapshot } from '@/components/data/hooks';
import { useUrlState } from '@/components/data/use-url-state';
import { Empty, ErrorState, Loading } from '@/components/ui/states';
import type { EdgeKind } from '@/lib/graph/types';
import { EDGE_KINDS } from '@/lib/graph/types';
import { edgeTypes } from './chain-edge';
import { DetailsPanel } from './details-panel';
import { Legend } from './legend';
import { nodeTypes } from './nodes';
import { SearchBox } from './search-box';
import { useLayout } from './use-layout';

const ALL_KINDS = new Set<EdgeKind>(EDGE_KINDS);

function parseKinds(s: string | null): Set<EdgeKind> {
  if (!s) return ALL_KINDS;
  return new Set(s.split(',').filter((k): k is EdgeKind => (EDGE_KINDS as readonly string[]).includes(k)));
}

export function GraphExplorer() {
  const [params, setParams] = useUrlState();
  const focus = params.get('focus') ?? undefined;
  const depth = Number(params.get('depth') ?? 2) || 2;
  const account = params.get('account') ?? undefined;
  const selected = params.get('sel') ?? undefined;
  const shown = useMemo(() => parseKinds(params.get('kinds')), [params]);
  const kinds = shown.size === ALL_KINDS.size ? undefined : [...shown];

  const snapshot = useSnapshot();
  const graph = useGraph({ focus, depth, kinds, account });
  const accountNames = useMemo(
    () =>
      Object.fromEntries(
        (snapshot.data?.accounts ?? []).filter((a) => a.name).map((a) => [a.id, a.name as string]),
      ),
    [snapshot.data],
  );
  const view = graph.data && !graph.data.truncated ? graph.data : undefined;
  const { laid, error: layoutError } = useLayout(view, { ...(focus ? { focus } : {}), accountNames });

  const toggleKind = useCallback(
    (k: EdgeKind) => {
      const next = new Set(shown);
      if (next.has(k)) next.delete(k);
      else next.add(k);
      setParams({ kinds: next.size === ALL_KINDS.size ? undefined : [...next].join(',') || 'none' });
    },
    [shown, setParams],
  );
  const onNodeClick = useCallback(
    (_: unknown, n: Node) => {
      if (n.type === 'entity') setParams({ sel: n.id });
    },
    [setParams],
  );
  const onNodeDoubleClick = useCallback(
    (_: unknown, n: Node) => {
      if (n.type === 'entity') setParams({ focus: n.id, sel: n.id });
    },
    [setParams],
  );

  return (
    <div className="flex h-full">
      <aside className="w-60 shrink-0 space-y-4 overflow-auto border-r border-slate-200 p-3 dark:border-slate-800">
        <label className="block text-xs">
          <span className="font-semibold text-slate-600 dark:text-slate-300">Depth</span>
          <select
            aria-label="Depth"
            value={depth}
            onChange={(e) => setParams({ depth: e.target.value })}
            className="ml-2 rounded border border-slate-300 bg-white px-1 dark:border-slate-700 dark:bg-slate-900"
          >
            {[1, 2, 3, 4, 5, 6].map((d) => (
              <option key={d}>{d}</option>
            ))}
          </select>
        </label>
        <label className="block text-xs">
          <span className="font-semibold text-slate-600 dark:text-slate-300">Account</span>
          <select
            aria-label="Account"
            value={account ?? ''}
            onChange={(e) => setParams({ account: e.target.value || undefined })}
            className="mt-1 block w-full rounded border border-slate-300 bg-white px-1 py-0.5 dark:border-slate-700 dark:bg-slate-900"
          >
            <option value="">All accounts</option>
            {(snapshot.data?.accounts ?? []).map((a) => (
              <option key={a.id} value={a.id}>
                {a.name ? `${a.name} (${a.id})` : a.id}
              </option>
            ))}
          </select>
        </label>
        <Legend shown={shown} onToggle={toggleKind} />
      </aside>
      <section className="relative flex min-w-0 flex-1 flex-col">
        <div className="flex items-center gap-3 border-b border-slate-200 px-3 py-2 dark:border-slate-800">
          <SearchBox onPick={(id) => setParams({ focus: id, sel: id })} />
          {focus && (
            <span className="flex min-w-0 items-center gap-2 text-xs text-slate-600 dark:text-slate-300">
              <span className="truncate">
                Around <code data-testid="focus">{focus}</code>
              </span>
              <button
                type="button"
                onClick={() => setParams({ focus: undefined })}
                className="rounded border px-2 py-0.5 hover:bg-slate-100 dark:hover:bg-slate-800"
              >
                Show all
              </button>
            </span>
          )}
          {graph.data && (
            <span className="ml-auto text-xs text-slate-500" data-testid="graph-counts">
              {graph.data.nodes.length} of {graph.data.total.nodes} nodes · {graph.data.edges.length} edges
            </span>
          )}
        </div>
        <div className="min-h-0 flex-1">
          {graph.isPending ? (
            <Loading what="the role graph" />
          ) : graph.isError ? (
            <ErrorState error={graph.error} retry={() => void graph.refetch()} />
          ) : graph.data.truncated ? (
            <TooLarge summary={graph.data.summary ?? []} />
          ) : graph.data.nodes.length === 0 ? (
            <Empty>Nothing matches these filters.</Empty>
          ) : layoutError ? (
            <ErrorState error={new Error(`Layout failed: ${layoutError}`)} />
          ) : !laid ? (
            <Loading what="the layout" />
          ) : (
            <ReactFlow
              key={`${focus ?? ''}|${depth}|${account ?? ''}|${kinds?.join(',') ?? ''}`}
              nodes={laid.nodes}
              edges={laid.edges}
              nodeTypes={nodeTypes}
              edgeTypes={edgeTypes}
              onNodeClick={onNodeClick}
              onNodeDoubleClick={onNodeDoubleClick}
              nodesDraggable={false}
              nodesConnectable={false}
              fitView
              minZoom={0.1}
              proOptions={{ hideAttribution: true }}
            >
              <Background gap={24} />
              <Controls showInteractive={false} />
              <MiniMap pannable zoomable />
            </ReactFlow>
          )}
        </div>
      </section>
      {selected && (
        <aside className="w-[26rem] shrink-0 overflow-auto border-l border-slate-200 dark:border-slate-800">
          <DetailsPanel
            id={selected}
            onFocus={(id) => setParams({ focus: id })}
            onClose={() => setParams({ sel: undefined })}
          />
        </aside>
      )}
    </div>
  );
}

function TooLarge({ summary }: { summary: { account: string; kind: string; count: number }[] }) {
  return (
    <div className="p-6 text-sm">
      <p className="mb-3">
        This snapshot is too large to draw at once. Find a node above, or choose an account.
      </p>
      <table className="text-xs">
        <thead>
          <tr className="text-left text-slate-500">
            <th className="pr-4">Account</th>
            <th className="pr-4">Kind</th>
            <th>Nodes</th>
          </tr>
        </thead>
        <tbody>
          {summary.map((s) => (
            <tr key={`${s.account}|${s.kind}`}>
              <td className="pr-4 font-mono">{s.account}</td>
              <td className="pr-4">{s.kind}</td>
              <td>{s.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

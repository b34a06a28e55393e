'use client';

import { Controls, MiniMap, ReactFlow, type Edge, type Node } from '@xyflow/react';
import { useCallback, useEffect, useMemo } from 'react';
import { useDiff, useSnapshot } from '@/components/data/hooks';
import { useUrlState } from '@/components/data/use-url-state';
import { Empty, ErrorState, Loading } from '@/components/ui/states';
import { useTheme } from '@/components/ui/theme-toggle';
import type { Severity } from '@/lib/findings/types';
import { SEVERITIES } from '@/lib/findings/types';
import type { EdgeKind } from '@/lib/graph/types';
import { EDGE_KINDS } from '@/lib/graph/types';
import { edgeTypes } from './chain-edge';
import { CompareBar } from './compare-bar';
import { DetailsPanel } from './details-panel';
import { overlayDiff } from './diff-overlay';
import { DotGrid } from './dot-grid';
import { EdgePanel } from './edge-panel';
import { ExportMenu } from './export-menu';
import { GraphControls } from './graph-controls';
import { NodeQuestions } from './node-questions';
import { nodeTypes } from './nodes';
import type { Ask } from './paths-panel';
import { ASKS, PathsPanel } from './paths-panel';
import { SearchBox } from './search-box';
import { TooLarge } from './too-large';
import { useExplorerView } from './use-explorer-view';
import { GRAPH_ARIA, useGraphKeyboard } from './use-graph-keyboard';
import { useLayout } from './use-layout';
import type { UsageFilter } from './view-transform';
import { USAGE_FILTERS } from './view-transform';

const ALL_KINDS = new Set<EdgeKind>(EDGE_KINDS);
const COLLAPSED_PREFIX = 'collapsed:';
/** Above this many nodes the minimap (a second drawing of every node on each pan frame) is left out. */
const MINIMAP_MAX_NODES = 120;

function parseKinds(s: string | null): Set<EdgeKind> {
  if (!s) return ALL_KINDS;
  return new Set(s.split(',').filter((k): k is EdgeKind => (EDGE_KINDS as readonly string[]).includes(k)));
}

const snapshotId = (v: string | null): number | undefined => {
  const n = Number(v ?? NaN);
  return Number.isInteger(n) && n > 0 ? n : undefined;
};

const oneOf = <T extends string>(all: readonly T[], v: string | null): T | undefined =>
  (all as readonly string[]).includes(v ?? '') ? (v as T) : undefined;

export function GraphExplorer() {
  const [params, setParams] = useUrlState();
  const focus = params.get('focus') ?? undefined;
  const depth = Number(params.get('depth') ?? 2) || 2;
  const account = params.get('account') ?? undefined;
  const selected = params.get('sel') ?? undefined;
  const edgeSel = params.get('edge') ?? undefined;
  const severity = oneOf<Severity>(SEVERITIES, params.get('sev'));
  const usage: UsageFilter = oneOf(USAGE_FILTERS, params.get('use')) ?? 'all';
  const expandedKey = params.getAll('exp').join('\n');
  const collapsedKey = params.getAll('col').join('\n');
  const expanded = useMemo(() => (expandedKey ? expandedKey.split('\n') : []), [expandedKey]);
  const collapsed = useMemo(() => (collapsedKey ? collapsedKey.split('\n') : []), [collapsedKey]);
  const shown = useMemo(() => parseKinds(params.get('kinds')), [params]);
  const kinds = shown.size === ALL_KINDS.size ? undefined : [...shown];
  const theme = useTheme();
  // Path questions (paths-panel.tsx) and snapshot comparison (compare-bar.tsx), in the URL like the rest.
  const ask = oneOf<Ask>(ASKS, params.get('ask'));
  const pathFrom = params.get('pfrom') ?? undefined;
  const pathTo = params.get('pto') ?? undefined;
  const cmpFrom = snapshotId(params.get('cmp'));

  const snapshot = useSnapshot();
  const accountNames = useMemo(
    () =>
      Object.fromEntries(
        (snapshot.data?.accounts ?? []).filter((a) => a.name).map((a) => [a.id, a.name as string]),
      ),
    [snapshot.data],
  );
  const { graph, view, expansion, findingsByNode } = useExplorerView({
    focus,
    depth,
    kinds,
    account,
    expanded,
    collapsed,
    severity,
    usage,
    accountNames,
  });
  const currentId = snapshot.data?.current.id;
  const cmpTo = cmpFrom !== undefined ? (snapshotId(params.get('cmpto')) ?? currentId) : undefined;
  const diff = useDiff(cmpFrom !== cmpTo ? cmpFrom : undefined, cmpFrom !== cmpTo ? cmpTo : undefined);
  const changes = diff.data?.changes;
  // A focused view gets only the lost chains that touch it; the overview gets all of them.
  const diffScope = focus ? 'view' : 'all';
  const drawn = useMemo(
    () => (view && changes ? overlayDiff(view, changes, diffScope).graph : view),
    [view, changes, diffScope],
  );
  const laid = useLayout(drawn, {
    ...(focus ? { focus } : {}),
    accountNames,
    ...(findingsByNode ? { findingsByNode } : {}),
  });
  const nodeLabels = useMemo(() => new Map((drawn?.nodes ?? []).map((n) => [n.id, n.label])), [drawn]);
  const edgesById = useMemo(() => new Map((drawn?.edges ?? []).map((e) => [e.id, e])), [drawn]);

  const toggleKind = useCallback(
    (k: EdgeKind) => {
      const next = new Set(shown);
      if (next.has(k)) next.delete(k);
      else next.add(k);
      setParams({ kinds: next.size === ALL_KINDS.size ? undefined : [...next].join(',') || 'none' });
    },
    [shown, setParams],
  );
  const openNode = useCallback(
    (id: string) => {
      // A collapsed account opens again on click; it has no details of its own.
      if (id.startsWith(COLLAPSED_PREFIX)) {
        const acct = id.slice(COLLAPSED_PREFIX.length);
        setParams({ col: collapsed.filter((c) => c !== acct) });
      } else if (!id.startsWith('group:')) setParams({ sel: id, edge: undefined });
    },
    [setParams, collapsed],
  );
  const onNodeClick = useCallback((_: unknown, n: Node) => openNode(n.id), [openNode]);
  const onEdgeClick = useCallback(
    (_: unknown, e: Edge) => setParams({ edge: e.id, sel: undefined }),
    [setParams],
  );
  const onNodeDoubleClick = useCallback(
    (_: unknown, n: Node) => {
      if (n.type === 'entity' && !n.id.startsWith(COLLAPSED_PREFIX)) setParams({ focus: n.id, sel: n.id });
    },
    [setParams],
  );
  const expand = useCallback(
    (id: string) => {
      if (!expanded.includes(id)) setParams({ exp: [...expanded, id] });
    },
    [expanded, setParams],
  );
  const openEdge = useCallback((id: string) => setParams({ edge: id, sel: undefined }), [setParams]);
  const toggleAccount = useCallback(
    (acct: string) =>
      setParams({
        col: collapsed.includes(acct) ? collapsed.filter((c) => c !== acct) : [...collapsed, acct],
      }),
    [setParams, collapsed],
  );
  const onKeyDown = useGraphKeyboard(view, { openNode, openEdge, toggleAccount });
  // Escape closes the open panel wherever the focus is (a panel's own field included).
  const panelOpen = selected !== undefined || edgeSel !== undefined || ask !== undefined;
  useEffect(() => {
    if (!panelOpen) return;
    const onEscape = (ev: globalThis.KeyboardEvent) => {
      if (ev.key === 'Escape' && !ev.defaultPrevented)
        setParams({ sel: undefined, edge: undefined, ask: undefined, pfrom: undefined, pto: undefined });
    };
    window.addEventListener('keydown', onEscape);
    return () => window.removeEventListener('keydown', onEscape);
  }, [panelOpen, setParams]);

  return (
    <div className="flex h-full" onKeyDown={onKeyDown}>
      <GraphControls
        depth={depth}
        account={account}
        severity={severity}
        usage={usage}
        collapsed={collapsed}
        accounts={snapshot.data?.accounts ?? []}
        shown={shown}
        onToggleKind={toggleKind}
        set={setParams}
      />
      <section className="relative flex min-w-0 flex-1 flex-col">
        <div className="flex flex-wrap items-center gap-3 border-b border-slate-200 px-3 py-2 dark:border-slate-800">
          <SearchBox onPick={(id) => setParams({ focus: id, sel: id, exp: undefined })} />
          {focus && (
            <span className="flex min-w-0 items-center gap-2 text-xs text-slate-600 dark:text-slate-300">
              <span className="truncate">
                Around <code data-testid="focus">{focus}</code>
              </span>
              <button
                type="button"
                onClick={() => setParams({ focus: undefined, exp: undefined })}
                className="rounded border px-2 py-0.5 hover:bg-slate-100 dark:hover:bg-slate-800"
              >
                Show all
              </button>
            </span>
          )}
          {expanded.length > 0 && (
            <button
              type="button"
              data-testid="expanded"
              onClick={() => setParams({ exp: undefined })}
              className="rounded border px-2 py-0.5 text-xs hover:bg-slate-100 dark:hover:bg-slate-800"
            >
              {expanded.length} expanded ✕
            </button>
          )}
          {graph.data && view && (
            <span className="ml-auto text-xs text-slate-500" data-testid="graph-counts">
              {view.nodes.length} of {graph.data.total.nodes} nodes · {view.edges.length} edges
            </span>
          )}
          {laid && <ExportMenu laid={laid} name="rolechain-graph" />}
          <CompareBar
            history={snapshot.data?.history ?? []}
            currentId={currentId}
            from={cmpFrom}
            to={cmpTo}
            diff={diff.data}
            error={diff.error ?? undefined}
            retry={() => void diff.refetch()}
            set={setParams}
          />
        </div>
        {expansion.error !== undefined && <ErrorState error={expansion.error} retry={expansion.retry} />}
        <div className="min-h-0 flex-1">
          {graph.isPending ? (
            <Loading what="the role graph" />
          ) : graph.isError ? (
            <ErrorState error={graph.error} retry={() => void graph.refetch()} />
          ) : graph.data.truncated ? (
            <TooLarge summary={graph.data.summary ?? []} />
          ) : !view || view.nodes.length === 0 ? (
            <Empty>Nothing matches these filters.</Empty>
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
              onEdgeClick={onEdgeClick}
              onNodeDoubleClick={onNodeDoubleClick}
              nodesDraggable={false}
              nodesConnectable={false}
              nodesFocusable
              edgesFocusable
              colorMode={theme}
              onlyRenderVisibleElements={laid.nodes.length > MINIMAP_MAX_NODES}
              fitView
              minZoom={0.1}
              proOptions={{ hideAttribution: true }}
              ariaLabelConfig={GRAPH_ARIA}
            >
              <DotGrid gap={24} />
              <Controls showInteractive={false} />
              {laid.nodes.length <= MINIMAP_MAX_NODES && <MiniMap pannable zoomable />}
            </ReactFlow>
          )}
        </div>
      </section>
      {(selected || edgeSel || ask) && (
        <aside className="w-[26rem] shrink-0 overflow-auto border-l border-slate-200 dark:border-slate-800">
          {ask ? (
            <PathsPanel ask={ask} from={pathFrom} to={pathTo} set={setParams} />
          ) : edgeSel ? (
            <EdgePanel
              id={edgeSel}
              edge={edgesById.get(edgeSel)}
              label={(id) => nodeLabels.get(id) ?? id}
              onClose={() => setParams({ edge: undefined })}
            />
          ) : selected ? (
            <DetailsPanel
              id={selected}
              expanded={expanded.includes(selected)}
              onFocus={(id) => setParams({ focus: id, exp: undefined })}
              onExpand={expand}
              onClose={() => setParams({ sel: undefined })}
              onOpenEdge={openEdge}
              questions={
                <NodeQuestions
                  id={selected}
                  ask={(q, end, id) =>
                    setParams({
                      ask: q,
                      pfrom: end === 'from' ? id : undefined,
                      pto: end === 'to' ? id : undefined,
                    })
                  }
                />
              }
            />
          ) : null}
        </aside>
      )}
    </div>
  );
}

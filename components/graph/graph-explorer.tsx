'use client';

import { Controls, MiniMap, ReactFlow, type Edge, type Node } from '@xyflow/react';
import { useCallback, useEffect, useMemo } from 'react';
import { OVERVIEW_FIRST, useDiff, useOverview, useSnapshot } from '@/components/data/hooks';
import { useUrlState } from '@/components/data/use-url-state';
import { Empty, ErrorState, Loading } from '@/components/ui/states';
import { useTheme } from '@/components/ui/theme-toggle';
import { useHydrated } from '@/components/ui/use-hydrated';
import type { Severity } from '@/lib/findings/types';
import { SEVERITIES } from '@/lib/findings/types';
import type { EdgeKind } from '@/lib/graph/types';
import { EDGE_KINDS } from '@/lib/graph/types';
import { edgeTypes } from './chain-edge';
import { AccountOverview } from './account-overview';
import { CompareBar } from './compare-bar';
import { DetailsPanel } from './details-panel';
import { overlayDiff } from './diff-overlay';
import { EdgeMarkerDefs } from './edge-markers';
import { DotGrid } from './dot-grid';
import { EdgePanel } from './edge-panel';
import { ExportMenu } from './export-menu';
import { absolute, NODE_HEIGHT, NODE_WIDTH } from './flow-mapping';
import { GraphControls } from './graph-controls';
import { NodeQuestions } from './node-questions';
import { KeepInView } from './keep-in-view';
import { LabelZoom } from './label-zoom';
import { kindLabel, nodeTypes } from './nodes';
import { partialNotice } from './partial-view';
import type { Ask } from './paths-panel';
import { ASKS, PathsPanel } from './paths-panel';
import type { Chain } from './path-highlight';
import { paintChain, showChain } from './path-highlight';
import { shortNodeName } from './node-name';
import { NodeSearchBox } from './search-box';
import { SearchLoading } from './search-loading';
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
/** The lowest zoom a view opens at: every card's name at 9 px or more (13 px × 0.7). */
const FIT_MIN_ZOOM = 0.7;

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

/**
 * `scaled`: the server's guess, from the store, that the estate is too large to draw as a summary
 * (app/page.tsx), so the first render asks for the overview and not the whole graph; the overview's
 * own answer wins once it arrives.
 */
export function GraphExplorer({ scaled: scaledGuess = false }: { scaled?: boolean } = {}) {
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
  const hubs = params.get('hubs') === 'through' ? ('through' as const) : undefined;
  const openKey = params.getAll('open').join('\n');
  const opened = useMemo(() => (openKey ? openKey.split('\n') : []), [openKey]);
  const kinds = shown.size === ALL_KINDS.size ? undefined : [...shown];
  const theme = useTheme();
  // Until the page is live, the search box is drawn disabled: text typed into the server's HTML
  // before hydration would be dropped (./search-loading.tsx).
  const hydrated = useHydrated();
  // Path questions (paths-panel.tsx) and snapshot comparison (compare-bar.tsx), in the URL like the rest.
  const ask = oneOf<Ask>(ASKS, params.get('ask'));
  const pathFrom = params.get('pfrom') ?? undefined;
  const pathTo = params.get('pto') ?? undefined;
  const cmpFrom = snapshotId(params.get('cmp'));
  // A chain picked in the paths panel, highlighted in place (./path-highlight.ts): one edge id a step.
  const hlKey = params.getAll('hl').join('\n');
  const chain = useMemo(() => (hlKey ? hlKey.split('\n') : []), [hlKey]);

  const snapshot = useSnapshot();
  // What the snapshot says (account names, history) is used from the render after hydration: the
  // server's HTML was drawn without it, and it may arrive while this part of the page is still
  // hydrating (the layout's own use of it starts the request, and this part's scripts load later);
  // drawn then, it would not match the server's HTML, and React would throw that HTML away (error 418).
  const snap = hydrated ? snapshot.data : undefined;
  const accountNames = useMemo(
    () =>
      Object.fromEntries((snap?.accounts ?? []).filter((a) => a.name).map((a) => [a.id, a.name as string])),
    [snap],
  );
  // The overview starts as a summary: every account one box with its count, the chains between them
  // (merged by kind); `open` opens single accounts, `view=all` draws every node.
  const summary = !focus && !account && params.get('view') !== 'all';
  const ownAccounts = useMemo(
    () => (snap?.accounts ?? []).filter((a) => !a.external).map((a) => a.id),
    [snap],
  );
  const shut = useMemo(
    () => (summary ? ownAccounts.filter((a) => !opened.includes(a)) : collapsed),
    [summary, ownAccounts, opened, collapsed],
  );
  const toggleCollapsed = useCallback(
    (acct: string) => {
      if (summary)
        setParams({ open: opened.includes(acct) ? opened.filter((a) => a !== acct) : [...opened, acct] });
      else
        setParams({
          col: collapsed.includes(acct) ? collapsed.filter((c) => c !== acct) : [...collapsed, acct],
        });
    },
    [summary, opened, collapsed, setParams],
  );
  // A large estate's first view is the ranked overview (account-overview.tsx), read from the store: the
  // drawn summary needs the whole graph, and its analysis takes a minute at 200,000 roles.
  const overview = useOverview(OVERVIEW_FIRST, summary);
  const scaled = summary && (overview.data?.scaled ?? scaledGuess);
  const { graph, view, expansion, findingsByNode } = useExplorerView({
    skip: scaled,
    focus,
    ...(hubs ? { hubs } : {}),
    depth,
    kinds,
    account,
    expanded,
    collapsed: shut,
    severity,
    usage,
    accountNames,
  });
  const currentId = snap?.current.id;
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
  // A view that holds fewer nodes than its query matched says so, and what it left out.
  const partial = useMemo(
    () =>
      graph.data
        ? partialNotice(
            graph.data,
            (k) => kindLabel(k as Parameters<typeof kindLabel>[0]),
            (id) => nodeLabels.get(id) ?? shortNodeName(id),
          )
        : undefined,
    [graph.data, nodeLabels],
  );
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
      if (id.startsWith(COLLAPSED_PREFIX)) toggleCollapsed(id.slice(COLLAPSED_PREFIX.length));
      else if (!id.startsWith('group:')) setParams({ sel: id, edge: undefined });
    },
    [setParams, toggleCollapsed],
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
  // The selection drawn from the URL: the selected node, or the selected edge and both its ends; then
  // the highlighted chain, if any, over the rest dimmed.
  const painted = useMemo(() => {
    if (!laid) return { nodes: [], edges: [], missing: 0 };
    const ends = new Set<string>();
    const edges = laid.edges.map((e) => {
      if (e.id !== edgeSel) return e;
      ends.add(e.source).add(e.target);
      return { ...e, selected: true };
    });
    const nodes = laid.nodes.map((n) =>
      n.id === selected ? { ...n, selected: true } : ends.has(n.id) ? { ...n, className: 'rc-edge-end' } : n,
    );
    if (chain.length === 0) return { nodes, edges, missing: 0 };
    const p = paintChain(nodes, edges, chain);
    return {
      ...p,
      edges: p.edges.map((e) => (e.zIndex === 3 ? { ...e, data: { ...e.data, onPath: true } } : e)),
    };
  }, [laid, selected, edgeSel, chain]);
  const drawnEdges = useMemo(() => new Set((laid?.edges ?? []).map((e) => e.id)), [laid]);
  const showPath = useCallback((c: Chain) => setParams(showChain(c, drawnEdges)), [setParams, drawnEdges]);
  // What must stay in sight beside the panel: the node, or the edge's route and its two cards, or the
  // highlighted chain's routes and cards.
  const keep = useMemo(() => {
    if (!laid || (!selected && !edgeSel && chain.length === 0)) return undefined;
    const ids = selected ? [selected] : [];
    const points: { x: number; y: number }[] = [];
    const picked = new Set(edgeSel ? [edgeSel] : selected ? [] : chain);
    for (const e of laid.edges) {
      if (!picked.has(e.id)) continue;
      ids.push(e.source, e.target);
      points.push(...(e.data.route ?? []));
    }
    for (const id of ids) {
      const p = absolute(laid.nodes, id);
      if (p) points.push(p, { x: p.x + NODE_WIDTH, y: p.y + NODE_HEIGHT });
    }
    if (points.length === 0) return undefined;
    const xs = points.map((p) => p.x);
    const ys = points.map((p) => p.y);
    const x = Math.min(...xs);
    const y = Math.min(...ys);
    return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
  }, [laid, selected, edgeSel, chain]);
  const onKeyDown = useGraphKeyboard(view, { openNode, openEdge, toggleAccount });
  // Escape clears a highlighted chain first, then closes the open panel, wherever the focus is (a
  // panel's own field included).
  const panelOpen = selected !== undefined || edgeSel !== undefined || ask !== undefined;
  const highlighted = chain.length > 0;
  useEffect(() => {
    if (!panelOpen && !highlighted) return;
    const onEscape = (ev: globalThis.KeyboardEvent) => {
      if (ev.key !== 'Escape' || ev.defaultPrevented) return;
      if (highlighted) setParams({ hl: undefined });
      else setParams({ sel: undefined, edge: undefined, ask: undefined, pfrom: undefined, pto: undefined });
    };
    window.addEventListener('keydown', onEscape);
    return () => window.removeEventListener('keydown', onEscape);
  }, [panelOpen, highlighted, setParams]);

  return (
    <div className="flex h-full" onKeyDown={onKeyDown}>
      <EdgeMarkerDefs />
      <GraphControls
        depth={depth}
        account={account}
        severity={severity}
        usage={usage}
        collapsed={shut}
        accounts={snap?.accounts ?? []}
        shown={shown}
        onToggleKind={toggleKind}
        onToggleCollapsed={toggleCollapsed}
        focused={focus !== undefined}
        hubs={hubs !== undefined}
        set={setParams}
      />
      <section className="relative flex min-w-0 flex-1 flex-col">
        <div className="flex flex-wrap items-center gap-3 border-b border-slate-200 px-3 py-2 dark:border-slate-800">
          {hydrated ? (
            <NodeSearchBox onPick={(id) => setParams({ focus: id, sel: id, exp: undefined })} />
          ) : (
            <SearchLoading />
          )}
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
          {!focus && !account && (
            <button
              type="button"
              data-testid={summary ? 'show-all' : 'show-summary'}
              onClick={() =>
                setParams(summary ? { view: 'all', open: undefined } : { view: undefined, col: undefined })
              }
              className="rounded border px-2 py-0.5 text-xs hover:bg-slate-100 dark:hover:bg-slate-800"
              title={
                summary
                  ? 'Draw every node of every account'
                  : 'One box per account with its count, and the chains between accounts'
              }
            >
              {summary ? 'Show all nodes' : 'Summary by account'}
            </button>
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
          {highlighted && (
            <span
              data-testid="path-highlight"
              className="flex items-center gap-1 rounded border border-violet-400 bg-violet-50 px-2 py-0.5 text-xs text-violet-900 dark:border-violet-600 dark:bg-violet-950 dark:text-violet-100"
            >
              Chain of {chain.length} {chain.length === 1 ? 'step' : 'steps'} highlighted
              {painted.missing > 0 && (
                <strong data-testid="path-missing">
                  {' '}
                  · {painted.missing === chain.length ? 'none' : painted.missing} of them not in this view
                </strong>
              )}
              <button
                type="button"
                onClick={() => setParams({ hl: undefined })}
                aria-label="Clear the chain highlight"
                title="Clear the highlight (Esc)"
                className="ml-1 rounded px-1 hover:bg-violet-100 dark:hover:bg-violet-900"
              >
                ✕
              </button>
            </span>
          )}
          {graph.data && view && (
            <span className="ml-auto text-xs text-slate-500" data-testid="graph-counts">
              {view.nodes.length} of {graph.data.total.nodes} nodes · {view.edges.length} edges
            </span>
          )}
          {laid && <ExportMenu laid={laid} name="rolechain-graph" />}
          <CompareBar
            history={snap?.history ?? []}
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
        {partial && !scaled && (
          <p
            role="status"
            data-testid="partial-view"
            className={`border-b px-3 py-1.5 text-xs ${
              partial.findingsLeftOut
                ? 'border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100'
                : 'border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100'
            }`}
          >
            {partial.text}
          </p>
        )}
        <div className="min-h-0 flex-1">
          {scaled ? (
            <AccountOverview onOpen={(acct) => setParams({ account: acct, open: undefined })} />
          ) : graph.isPending ? (
            <Loading what="the role graph" />
          ) : graph.isError ? (
            <ErrorState error={graph.error} retry={() => void graph.refetch()} />
          ) : graph.data.truncated && graph.data.nodes.length === 0 ? (
            <TooLarge summary={graph.data.summary ?? []} />
          ) : !view || view.nodes.length === 0 ? (
            <Empty>Nothing matches these filters.</Empty>
          ) : !laid ? (
            <Loading what="the layout" />
          ) : (
            <ReactFlow
              // A new view fits anew: the summary, each account opened or shut, the hub toggle.
              key={`${focus ?? ''}|${depth}|${account ?? ''}|${kinds?.join(',') ?? ''}|${hubs ?? ''}|${shut.join(',')}`}
              nodes={painted.nodes}
              edges={painted.edges}
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
              // A focus or an account opens with its names legible (see LabelZoom), panning if it must;
              // only "show all nodes" fits the whole estate, names hidden until zoomed in.
              fitViewOptions={{ minZoom: summary || focus || account ? FIT_MIN_ZOOM : 0.1 }}
              minZoom={0.1}
              proOptions={{ hideAttribution: true }}
              ariaLabelConfig={GRAPH_ARIA}
            >
              <DotGrid gap={24} />
              <LabelZoom />
              <KeepInView target={keep} />
              <Controls showInteractive={false} />
              {/* The summary fits on screen: a minimap would only cover part of it. */}
              {!summary && laid.nodes.length <= MINIMAP_MAX_NODES && <MiniMap pannable zoomable />}
            </ReactFlow>
          )}
        </div>
      </section>
      {(selected || edgeSel || ask) && (
        <aside className="w-[26rem] shrink-0 overflow-auto border-l border-slate-200 dark:border-slate-800">
          {ask ? (
            <PathsPanel
              ask={ask}
              from={pathFrom}
              to={pathTo}
              set={setParams}
              onShow={showPath}
              shown={chain}
            />
          ) : edgeSel ? (
            <EdgePanel
              id={edgeSel}
              edge={edgesById.get(edgeSel)}
              label={(id) => nodeLabels.get(id) ?? shortNodeName(id)}
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

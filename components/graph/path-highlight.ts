/**
 * A chain picked in the paths panel, drawn in place on the canvas: its cards and edges highlighted,
 * everything else dimmed. The chain is kept in the URL (`hl`, one edge id per step) like the rest of the
 * view, so Back undoes it and a link shows it. Pure, so it is tested as plain functions.
 */
import type { UrlPatch } from '@/components/data/use-url-state';

export interface Chain {
  nodes: readonly string[];
  edges: readonly string[];
}

/** The deepest neighbourhood the graph API draws (lib/server/graph-view.ts, `depth`). */
const MAX_DEPTH = 8;

/**
 * Hubs a focus does not walk through unless asked (HUB_KINDS in lib/graph/query.ts), told by their id
 * as lib/graph/builder.ts makes them (not imported: the builder would join the page's bundle; the unit
 * test checks the two agree).
 */
export const isHubId = (id: string): boolean =>
  id === 'anonymous' || id.startsWith('service:') || id.startsWith('account:');

/**
 * The URL change that draws `chain` highlighted: in the view on screen when that view draws every step
 * of it; otherwise in the neighbourhood of its first node, deep enough to hold every step (walking on
 * through a hub when the chain passes through one), the panel left open.
 */
export function showChain(chain: Chain, drawnEdges: ReadonlySet<string>): UrlPatch {
  const hl = [...chain.edges];
  if (chain.edges.every((id) => drawnEdges.has(id))) return { hl };
  const inner = chain.nodes.slice(1, -1);
  return {
    hl,
    focus: chain.nodes[0],
    depth: String(Math.min(MAX_DEPTH, Math.max(1, chain.edges.length))),
    hubs: inner.some(isHubId) ? 'through' : undefined,
    // Filters that could hide a step, and the summary's and all-nodes view's own state.
    kinds: undefined,
    sev: undefined,
    use: undefined,
    account: undefined,
    view: undefined,
    open: undefined,
    col: undefined,
    exp: undefined,
    sel: undefined,
    edge: undefined,
  };
}

export interface Painted<N, E> {
  nodes: N[];
  edges: E[];
  /** Steps of the chain this view does not draw (a filter, a collapsed account): said, never hidden. */
  missing: number;
}

type NodeLike = { id: string; type?: string; className?: string };
type EdgeLike = { id: string; source: string; target: string; className?: string; zIndex?: number };

const add = (cls: string | undefined, more: string): string => (cls ? `${cls} ${more}` : more);

/**
 * Marks the chain's edges and their cards `rc-path` and every other card and edge `rc-dim` (account boxes
 * stay as they are: they say where a card is). Nothing changes when the chain is empty or none of it is drawn.
 */
export function paintChain<N extends NodeLike, E extends EdgeLike>(
  nodes: readonly N[],
  edges: readonly E[],
  chain: readonly string[],
): Painted<N, E> {
  const want = new Set(chain);
  const on = edges.filter((e) => want.has(e.id));
  if (on.length === 0) return { nodes: [...nodes], edges: [...edges], missing: want.size };
  const ends = new Set<string>();
  for (const e of on) ends.add(e.source).add(e.target);
  return {
    nodes: nodes.map((n) =>
      n.type === 'account' ? n : { ...n, className: add(n.className, ends.has(n.id) ? 'rc-path' : 'rc-dim') },
    ),
    edges: edges.map((e) =>
      want.has(e.id)
        ? { ...e, className: add(e.className, 'rc-path'), zIndex: 3 }
        : { ...e, className: add(e.className, 'rc-dim') },
    ),
    missing: want.size - on.length,
  };
}

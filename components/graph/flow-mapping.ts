/**
 * Pure mapping between the API's graph and what React Flow draws: nodes grouped by account,
 * laid out left to right (entry points → roles → data) by `layeredLayout`.
 * No React here, so it is tested as plain functions.
 */
import type { EdgeKind, GraphEdge, GraphNode, RoleGraph } from '@/lib/graph/types';
import { accountAriaLabel, edgeAriaLabel, nodeAriaLabel } from './aria';
import type { Placed } from './layered-layout';
import type { Point, Rect } from './edge-routes';
import { isDiagnostic, routeEdges } from './edge-routes';
import type { EdgeStyle } from './edge-style';
import { EDGE_STYLES } from './edge-style';
import { GROUP_PREFIX, LAYER_PITCH, NODE_HEIGHT, NODE_WIDTH } from './layered-layout';

export { groupId, NODE_HEIGHT, NODE_WIDTH } from './layered-layout';

export interface EntityData extends Record<string, unknown> {
  node: GraphNode;
  focused: boolean;
  findings: number;
}

export interface AccountData extends Record<string, unknown> {
  account: string;
  label: string;
  external: boolean;
}

export interface FlowNode {
  id: string;
  type: 'entity' | 'account';
  position: { x: number; y: number };
  parentId?: string;
  width: number;
  height: number;
  data: EntityData | AccountData;
  /** Groups draw behind their members. */
  zIndex?: number;
  /** What a screen reader says: kind, name, account (./aria.ts). */
  ariaLabel?: string;
}

export interface FlowEdge {
  id: string;
  source: string;
  target: string;
  type: 'chain';
  /** `route`: the polyline the edge is drawn along, in flow coordinates (see edge-routes.ts). */
  data: { edge: GraphEdge; route?: Point[] };
  zIndex?: number;
  /** "can-assume: a → b, conditional on ExternalId" (./aria.ts). */
  ariaLabel?: string;
  /**
   * Edges stay out of the Tab sequence: React Flow puts them before the nodes in the page, so Tab
   * would cross every edge before the first node. They are reached from their node (arrow keys),
   * and listed in its details panel.
   */
  domAttributes?: { tabIndex: -1 };
}

export interface FlowOptions {
  focus?: string;
  accountNames?: Record<string, string>;
  findingsByNode?: Record<string, number>;
}

/** React Flow's elements from the layout; child positions stay relative to their group, as React Flow expects. */
export function toFlow(
  laid: { children: Placed[] },
  view: RoleGraph,
  opts: FlowOptions = {},
): { nodes: FlowNode[]; edges: FlowEdge[] } {
  return { nodes: toFlowNodes(laid, view, opts), edges: toFlowEdges(laid, view) };
}

/** Every card's rectangle in absolute flow coordinates, by node id. */
function cardsOf(laid: { children: Placed[] }): Map<string, Rect> {
  const cards = new Map<string, Rect>();
  const put = (e: Placed, origin: { x: number; y: number }) =>
    cards.set(e.id, { x: origin.x + e.x, y: origin.y + e.y, width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const child of laid.children) {
    if (child.id.startsWith(GROUP_PREFIX)) for (const m of child.children ?? []) put(m, child);
    else put(child, { x: 0, y: 0 });
  }
  return cards;
}

/** The cards and account boxes of the layout (what the first frame draws). */
export function toFlowNodes(
  laid: { children: Placed[] },
  view: RoleGraph,
  opts: FlowOptions = {},
): FlowNode[] {
  const byId = new Map(view.nodes.map((n) => [n.id, n]));
  const nodes: FlowNode[] = [];
  const entity = (e: Placed, parentId?: string) => {
    const n = byId.get(e.id);
    if (!n) return;
    const findings = opts.findingsByNode?.[n.id] ?? 0;
    nodes.push({
      id: n.id,
      type: 'entity',
      position: { x: e.x, y: e.y },
      ...(parentId ? { parentId } : {}),
      width: NODE_WIDTH,
      height: NODE_HEIGHT,
      data: { node: n, focused: n.id === opts.focus, findings },
      ariaLabel:
        n.meta?.collapsed === true
          ? accountAriaLabel(n.label, Number(n.meta.members ?? 0), true)
          : nodeAriaLabel(n, findings, n.account ? opts.accountNames?.[n.account] : undefined),
    });
  };
  for (const child of laid.children) {
    if (child.id.startsWith(GROUP_PREFIX)) {
      const account = child.id.slice(GROUP_PREFIX.length);
      const members = child.children ?? [];
      const external = members.every((m) => byId.get(m.id)?.external === true);
      const name = opts.accountNames?.[account];
      // A group comes before its members: React Flow requires parents first.
      nodes.push({
        id: child.id,
        type: 'account',
        position: { x: child.x, y: child.y },
        width: child.width,
        height: child.height,
        zIndex: -1,
        data: { account, label: name ? `${name} (${account})` : account, external },
        ariaLabel: accountAriaLabel(name ? `${name} (${account})` : account, members.length, false),
      });
      for (const m of members) entity(m, child.id);
    } else entity(child);
  }
  return nodes;
}

/** The edges of the layout, each along its route (edge-routes.ts) between the cards it joins. */
export function toFlowEdges(laid: { children: Placed[] }, view: RoleGraph): FlowEdge[] {
  const byId = new Map(view.nodes.map((n) => [n.id, n]));
  const cards = cardsOf(laid);
  // Only the view's own nodes have cards (a layout lists nothing else, but a stale one might).
  for (const id of cards.keys()) if (!byId.has(id)) cards.delete(id);
  const routes = routeEdges(cards, view.edges, { pitch: LAYER_PITCH, cardWidth: NODE_WIDTH });
  return view.edges.map((e) => {
    const route = routes.get(e.id);
    return {
      id: e.id,
      source: e.source,
      target: e.target,
      type: 'chain',
      data: route ? { edge: e, route } : { edge: e },
      // Diagnostic edges are drawn over the others where they cross, and take the click.
      zIndex: isDiagnostic(e) ? 2 : 1,
      ariaLabel: edgeAriaLabel(e, (id) => byId.get(id)?.label ?? id),
      domAttributes: { tabIndex: -1 },
    };
  });
}

/** Absolute position of a node (its group's position added), for hit tests and tests. */
export function absolute(nodes: FlowNode[], id: string): { x: number; y: number } | undefined {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const n = byId.get(id);
  if (!n) return undefined;
  const p = n.parentId ? byId.get(n.parentId) : undefined;
  return { x: n.position.x + (p?.position.x ?? 0), y: n.position.y + (p?.position.y ?? 0) };
}

/** How each edge kind is drawn (labels for panels); the full table is `EDGE_STYLES` in edge-style.ts. */
export const EDGE_STYLE: Record<EdgeKind, EdgeStyle> = EDGE_STYLES;

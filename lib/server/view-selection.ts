/**
 * Which nodes of an account a view draws when the account holds more than a view can draw: the nodes
 * with findings first (most severe first), then the nodes around them, nearest first, then the best
 * connected of the rest. Pure; the caller says how many and tells the user what was left out.
 *
 * Why this order: a security tool's account view is read for what is wrong in it, so what the findings
 * name must be on the canvas, with the chain around it (the instance and profile that lead into a role,
 * the bucket it reaches), before anything else. A node that carries a finding is never left out while a
 * node without one is drawn; if the findings alone are more than the view holds, `findings.drawn` says
 * how many of them are drawn, and the UI says so.
 */
import type { GraphNode, RoleGraph } from '../graph/types';
import type { NodeFindings } from '../findings/node-summary';
import { SEVERITIES } from '../findings/types';

export interface ViewSelection {
  /** Nodes the account holds in this view (after the edge-kind filter). */
  of: number;
  /** Nodes drawn. */
  drawn: number;
  /** Of the account's nodes that carry findings: how many, and how many are drawn. */
  findings: { of: number; drawn: number };
  /** What is not drawn, per kind, most first: what the notice names. */
  omitted: { kind: string; count: number }[];
}

const NO_FINDINGS = SEVERITIES.length;

/**
 * At most `limit` nodes of `view` (an account's closed view: every edge has both ends in it), chosen as
 * above, with the edges between them. Node order is the view's own, so a layout keeps its shape.
 */
export function selectForDrawing(
  view: RoleGraph,
  findings: ReadonlyMap<string, NodeFindings>,
  limit: number,
): { graph: RoleGraph; selection: ViewSelection } {
  const n = view.nodes.length;
  const rank = (node: GraphNode): number => {
    const f = findings.get(node.id);
    return f === undefined ? NO_FINDINGS : SEVERITIES.indexOf(f.worst);
  };
  const position = new Map<string, number>();
  view.nodes.forEach((node, i) => position.set(node.id, i));
  const neighbours: number[][] = view.nodes.map(() => []);
  for (const e of view.edges) {
    const s = position.get(e.source);
    const t = position.get(e.target);
    if (s === undefined || t === undefined || s === t) continue;
    neighbours[s]?.push(t);
    neighbours[t]?.push(s);
  }
  const taken = new Uint8Array(n);
  const order: number[] = [];
  const take = (i: number): void => {
    if (taken[i] === 1 || order.length >= limit) return;
    taken[i] = 1;
    order.push(i);
  };
  // 1. Nodes with findings: most severe, then most findings, then the view's order.
  const flagged = view.nodes
    .map((node, i) => ({ i, rank: rank(node), count: findings.get(node.id)?.count ?? 0 }))
    .filter((x) => x.rank < NO_FINDINGS)
    .sort((a, b) => a.rank - b.rank || b.count - a.count || a.i - b.i);
  for (const f of flagged) take(f.i);
  // 2. Breadth-first from them: the chains around what the findings name, nearest first.
  for (let head = 0; head < order.length && order.length < limit; head++)
    for (const j of neighbours[order[head] as number] ?? []) take(j);
  // 3. The rest, best connected first (hubs of the account before leaves), each followed by its own
  //    neighbourhood, so what is drawn stays in connected pieces.
  const rest = view.nodes
    .map((_, i) => i)
    .filter((i) => taken[i] === 0)
    .sort((a, b) => (neighbours[b]?.length ?? 0) - (neighbours[a]?.length ?? 0) || a - b);
  for (const i of rest) {
    if (order.length >= limit) break;
    if (taken[i] === 1) continue;
    const start = order.length;
    take(i);
    for (let head = start; head < order.length && order.length < limit; head++)
      for (const j of neighbours[order[head] as number] ?? []) take(j);
  }
  const nodes = view.nodes.filter((_, i) => taken[i] === 1);
  const kept = new Set(nodes.map((node) => node.id));
  const edges = view.edges.filter((e) => kept.has(e.source) && kept.has(e.target));
  const omittedByKind = new Map<string, number>();
  for (const [i, node] of view.nodes.entries())
    if (taken[i] === 0) omittedByKind.set(node.kind, (omittedByKind.get(node.kind) ?? 0) + 1);
  const omitted = [...omittedByKind]
    .map(([kind, count]) => ({ kind, count }))
    .sort((a, b) => b.count - a.count || a.kind.localeCompare(b.kind));
  return {
    graph: { nodes, edges },
    selection: {
      of: n,
      drawn: nodes.length,
      findings: { of: flagged.length, drawn: flagged.filter((f) => taken[f.i] === 1).length },
      omitted,
    },
  };
}

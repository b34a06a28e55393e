/** `/api/graph`: a bounded view of the graph, never the whole estate. */
import { z } from 'zod';
import { accountPart } from './account-parts';
import type { EdgeKind, GraphEdge, GraphNode, RoleGraph } from '../graph/types';
import { EDGE_KINDS } from '../graph/types';
import { neighbourhood } from '../graph';
import type { NodeFindings } from '../findings/node-summary';
import { summaryFor } from '../findings/node-summary';
import type { Result } from '../model';
import { err, ok } from '../model';
import type { Analysis } from './analysis';
import type { ViewSelection } from './view-selection';
import { selectForDrawing } from './view-selection';

/** About the most nodes a view draws and still pans smoothly (STACK.md figures). */
export const MAX_DRAWN_NODES = 300;
/**
 * The most nodes one account's view draws. Higher than `MAX_DRAWN_NODES` because an account's view opens
 * at a zoom where names are legible (not fitted whole), so only the cards in the window are rendered
 * while panning; measured with `npm run bench -- ui-graph` on accounts of 435 and 600 nodes (every account
 * of the generated 1,000 × 200 estate holds about 427): docs/scale.md, ninth session. Beyond it the view
 * draws the nodes with findings and the chains around them first (./view-selection.ts) and says what it
 * left out.
 */
export const MAX_ACCOUNT_NODES = 600;

const csv = <T extends string>(values: readonly [T, ...T[]]) =>
  z
    .string()
    .transform((s) => s.split(',').filter((x) => x !== ''))
    .pipe(z.array(z.enum(values)));

export const GraphQuery = z.object({
  focus: z.string().min(1).max(2048).optional(),
  depth: z.coerce.number().int().min(1).max(8).default(2),
  kinds: csv(EDGE_KINDS as unknown as [EdgeKind, ...EdgeKind[]]).optional(),
  account: z
    .string()
    .regex(/^\d{12}$/, 'an account id is 12 digits')
    .optional(),
  direction: z.enum(['in', 'out', 'both']).default('both'),
  /** `through`: a neighbourhood walks on through services, `*` and account roots (see `HUB_KINDS`). */
  hubs: z.enum(['stop', 'through']).default('stop'),
});
export type GraphQuery = z.infer<typeof GraphQuery>;

export interface GraphView extends RoleGraph {
  snapshot: { id: number; createdAt: string; source: string };
  focus?: string;
  /** The view holds fewer nodes than the query matched. */
  truncated: boolean;
  /**
   * With a focus: the node whose neighbours were not all taken when the view reached its node limit, and
   * how many edges it has (e.g. the EC2 service trusted by 60,000 roles), so the UI can say what it left out.
   */
  cappedHubs?: { id: string; degree: number }[];
  total: { nodes: number; edges: number };
  /**
   * When truncated without a focus: how many nodes per account and kind, so the UI can offer a table.
   * An account's view that draws part of the account keeps it too (a client older than `selection`
   * shows the table, as it did).
   */
  summary?: { account: string; kind: string; count: number }[];
  /**
   * An account's view above `MAX_ACCOUNT_NODES`: the nodes sent are its most relevant (findings first),
   * and this says how many of how many, and what is left out, so the UI never drops nodes silently.
   */
  selection?: ViewSelection;
  /** For each node of the view that has findings: how many and the worst severity (badges, severity filter). */
  findings: Record<string, NodeFindings>;
}

function filterKinds(edges: GraphEdge[], kinds?: EdgeKind[]): GraphEdge[] {
  if (!kinds || kinds.length === 0) return edges;
  const set = new Set(kinds);
  return edges.filter((e) => set.has(e.kind));
}

/**
 * Keeps edges whose both ends are kept, and drops nodes left without an edge unless `keepIsolated` — or
 * unless they have findings: an instance without a profile or a profile without a role has no edge by
 * definition, and is exactly what the overview must show.
 */
function closed(
  nodes: GraphNode[],
  edges: GraphEdge[],
  keepIsolated: boolean,
  hasFindings: (id: string) => boolean,
): RoleGraph {
  const ids = new Set(nodes.map((n) => n.id));
  const kept = edges.filter((e) => ids.has(e.source) && ids.has(e.target));
  if (keepIsolated) return { nodes, edges: kept };
  const touched = new Set<string>();
  for (const e of kept) {
    touched.add(e.source);
    touched.add(e.target);
  }
  return { nodes: nodes.filter((n) => touched.has(n.id) || hasFindings(n.id)), edges: kept };
}

/**
 * An edge as a view sends it: all but the engine's reasons, which only the edge panel shows, for one
 * edge at a time (from `/api/node`). They were most of a view's bytes (0.45–1.2 MB for 300 nodes) and
 * of its first request's CPU: reasons are built lazily, and serialising the view built every one.
 * `reasons` is skipped by name, never read, so it stays unbuilt.
 */
export function withoutReasons(e: GraphEdge): GraphEdge {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(e)) if (k !== 'reasons') out[k] = e[k as keyof GraphEdge];
  return out as unknown as GraphEdge;
}

function findingsOf(a: Analysis, nodes: readonly GraphNode[]): Record<string, NodeFindings> {
  return summaryFor(
    a.nodeFindings,
    nodes.map((n) => n.id),
  );
}

export function graphView(a: Analysis, q: GraphQuery): Result<GraphView> {
  const snapshot = { id: a.meta.id, createdAt: a.meta.createdAt, source: a.meta.source.detail };
  const total = { nodes: a.graph.nodes.length, edges: a.graph.edges.length };
  if (q.focus !== undefined) {
    if (!a.index.nodes.has(q.focus))
      return err('node_not_found', `No node ${q.focus} in the current snapshot.`);
    const n = neighbourhood(a.index, q.focus, q.depth, {
      direction: q.direction,
      throughHubs: q.hubs === 'through',
      ...(q.kinds ? { edgeKinds: q.kinds } : {}),
      maxNodes: MAX_DRAWN_NODES,
    });
    return ok({
      ...n,
      edges: n.edges.map(withoutReasons),
      snapshot,
      focus: q.focus,
      total,
      findings: findingsOf(a, n.nodes),
    });
  }
  // One account's nodes and inner edges come from an index, not a scan of the whole graph (`accountPart`).
  const { nodes, edges } = q.account !== undefined ? accountPart(a, q.account) : a.graph;
  const view = closed(nodes, filterKinds(edges, q.kinds), q.account !== undefined, (id) =>
    a.nodeFindings.has(id),
  );
  const limit = q.account !== undefined ? MAX_ACCOUNT_NODES : MAX_DRAWN_NODES;
  if (view.nodes.length <= limit)
    return ok({
      nodes: view.nodes,
      edges: view.edges.map(withoutReasons),
      snapshot,
      truncated: false,
      total,
      findings: findingsOf(a, view.nodes),
    });
  const summary = summaryOf(view.nodes);
  if (q.account === undefined)
    return ok({ nodes: [], edges: [], snapshot, truncated: true, total, summary, findings: {} });
  const picked = selectForDrawing(view, a.nodeFindings, limit);
  return ok({
    nodes: picked.graph.nodes,
    edges: picked.graph.edges.map(withoutReasons),
    snapshot,
    truncated: true,
    total,
    summary,
    selection: picked.selection,
    findings: findingsOf(a, picked.graph.nodes),
  });
}

/** How many nodes per account and kind. */
function summaryOf(nodes: readonly GraphNode[]): { account: string; kind: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const n of nodes) {
    const k = `${n.account ?? '-'}|${n.kind}`;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts].map(([k, count]) => {
    const [account = '-', kind = ''] = k.split('|');
    return { account, kind, count };
  });
}

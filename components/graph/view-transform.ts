/**
 * Pure transforms of the graph the API sent, before layout: merging expanded neighbourhoods,
 * collapsing accounts into one node, and the usage and severity filters. No React here.
 */
import type { GraphEdge, GraphNode, RoleGraph } from '@/lib/graph/types';
import type { NodeFindings } from '@/lib/findings/node-summary';
import type { Severity } from '@/lib/findings/types';
import { SEVERITIES } from '@/lib/findings/types';

export const USAGE_FILTERS = ['all', 'observed', 'unused'] as const;
export type UsageFilter = (typeof USAGE_FILTERS)[number];

/** The id of the node an account collapses into. */
export const collapsedId = (account: string): string => `collapsed:${account}`;

/** Union of several views; the first occurrence of a node or edge id wins. */
export function mergeViews(views: readonly RoleGraph[]): RoleGraph {
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  for (const v of views) {
    for (const n of v.nodes) if (!nodes.has(n.id)) nodes.set(n.id, n);
    for (const e of v.edges) if (!edges.has(e.id)) edges.set(e.id, e);
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}

/**
 * Replaces every node of the given accounts with one node per account. Edges are redirected to it;
 * edges inside a collapsed account disappear, and parallel edges of one kind merge (observations summed).
 */
export function collapseAccounts(
  view: RoleGraph,
  accounts: ReadonlySet<string>,
  names: Readonly<Record<string, string>> = {},
): RoleGraph {
  if (accounts.size === 0) return view;
  const into = new Map<string, string>();
  const members = new Map<string, number>();
  const nodes: GraphNode[] = [];
  for (const n of view.nodes) {
    if (n.account !== undefined && accounts.has(n.account) && n.kind !== 'account') {
      into.set(n.id, collapsedId(n.account));
      members.set(n.account, (members.get(n.account) ?? 0) + 1);
    } else nodes.push(n);
  }
  for (const [account, count] of members) {
    nodes.push({
      id: collapsedId(account),
      kind: 'account',
      label: names[account] ? `${names[account]} (${account})` : account,
      account,
      meta: { collapsed: true, members: count },
    });
  }
  const edges = new Map<string, GraphEdge>();
  for (const e of view.edges) {
    const source = into.get(e.source) ?? e.source;
    const target = into.get(e.target) ?? e.target;
    if (source === target && source !== e.source) continue;
    const id = `${e.kind}|${source}|${target}`;
    const prev = edges.get(id);
    if (!prev) {
      edges.set(id, source === e.source && target === e.target ? e : { ...e, id, source, target });
      continue;
    }
    if (prev.observation && e.observation) {
      edges.set(id, {
        ...prev,
        observation: {
          count: prev.observation.count + e.observation.count,
          firstSeen:
            prev.observation.firstSeen < e.observation.firstSeen
              ? prev.observation.firstSeen
              : e.observation.firstSeen,
          lastSeen:
            prev.observation.lastSeen > e.observation.lastSeen
              ? prev.observation.lastSeen
              : e.observation.lastSeen,
        },
      });
    }
  }
  return { nodes, edges: [...edges.values()] };
}

const pairKey = (e: GraphEdge): string => `${e.source}\u0000${e.target}`;
const USED_KINDS = new Set(['observed', 'denied-attempt']);
const POSSIBLE_KINDS = new Set(['can-assume']);

/**
 * `observed`: CloudTrail's edges and the assume edges of the same pairs.
 * `unused`: `can-assume` edges between a pair CloudTrail never saw (neither success nor denial).
 * Nodes left without an edge are dropped, except `keep` (the focus).
 */
export function filterUsage(view: RoleGraph, mode: UsageFilter, keep?: string): RoleGraph {
  if (mode === 'all') return view;
  const seen = new Set<string>();
  for (const e of view.edges) if (USED_KINDS.has(e.kind)) seen.add(pairKey(e));
  const edges = view.edges.filter((e) =>
    mode === 'observed' ? seen.has(pairKey(e)) : POSSIBLE_KINDS.has(e.kind) && !seen.has(pairKey(e)),
  );
  return withTouchedNodes(view.nodes, edges, keep);
}

/** Keeps the edges that touch a node with a finding at `min` severity or worse, and their nodes. */
export function filterSeverity(
  view: RoleGraph,
  severityByNode: ReadonlyMap<string, Severity>,
  min: Severity | undefined,
  keep?: string,
): RoleGraph {
  if (min === undefined) return view;
  const rank = SEVERITIES.indexOf(min);
  const hit = (id: string) => {
    const s = severityByNode.get(id);
    return s !== undefined && SEVERITIES.indexOf(s) <= rank;
  };
  const edges = view.edges.filter((e) => hit(e.source) || hit(e.target));
  const flagged = view.nodes.filter((n) => hit(n.id)).map((n) => n.id);
  return withTouchedNodes(view.nodes, edges, keep, flagged);
}

/** The findings summaries of several views (the focused one and each expansion), by node id. */
export function mergeFindings(
  views: readonly ({ findings?: Readonly<Record<string, NodeFindings>> } | undefined)[],
): Map<string, NodeFindings> {
  const out = new Map<string, NodeFindings>();
  // A node's summary is the same in every view that holds it: the first one seen is kept.
  for (const v of views)
    for (const [id, s] of Object.entries(v?.findings ?? {})) if (!out.has(id)) out.set(id, s);
  return out;
}

function withTouchedNodes(
  all: readonly GraphNode[],
  edges: GraphEdge[],
  keep?: string,
  extra: readonly string[] = [],
): RoleGraph {
  const touched = new Set<string>(extra);
  if (keep !== undefined) touched.add(keep);
  for (const e of edges) {
    touched.add(e.source);
    touched.add(e.target);
  }
  return { nodes: all.filter((n) => touched.has(n.id)), edges };
}

/**
 * One account's part of the graph: its nodes, and the edges whose both ends are in it, each in the
 * graph's own order. Made for every account in one pass over the graph, once per analysis, because
 * `/api/graph?account=` scanned all nodes and all edges for each request: at 200,000 roles, about
 * 260,000 nodes and over a million edges to answer with one account's few hundred.
 */
import type { GraphEdge, GraphNode } from '../graph/types';
import type { Analysis } from './analysis';

/** Shared by every request of the analysis: read them, never change them. */
export interface AccountPart {
  nodes: GraphNode[];
  /** Edges from a node of the account to a node of the account; the view keeps no others. */
  edges: GraphEdge[];
}

const EMPTY: AccountPart = { nodes: [], edges: [] };
const partsOf = new WeakMap<Analysis, Map<string, AccountPart>>();

function build(a: Analysis): Map<string, AccountPart> {
  const parts = new Map<string, AccountPart>();
  for (const n of a.graph.nodes) {
    if (n.account === undefined) continue;
    let p = parts.get(n.account);
    if (!p) parts.set(n.account, (p = { nodes: [], edges: [] }));
    p.nodes.push(n);
  }
  for (const e of a.graph.edges) {
    const account = a.index.nodes.get(e.source)?.account;
    if (account !== undefined && a.index.nodes.get(e.target)?.account === account)
      parts.get(account)!.edges.push(e);
  }
  return parts;
}

function partsFor(a: Analysis): Map<string, AccountPart> {
  let parts = partsOf.get(a);
  if (!parts) partsOf.set(a, (parts = build(a)));
  return parts;
}

/** The part of `account` (empty if it has no node), built for all accounts on first use. */
export function accountPart(a: Analysis, account: string): AccountPart {
  return partsFor(a).get(account) ?? EMPTY;
}

/** Builds the parts now (a pass over the graph), as the analysis completes, not on a request. */
export function prepareAccountParts(a: Analysis): void {
  partsFor(a);
}

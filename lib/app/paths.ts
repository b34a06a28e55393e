/**
 * The path questions, once: "How does X reach Y?" (`runPaths`), "What can X reach?" and "Who can
 * reach Y?" (`runReach`). `rolechain paths`, `GET /api/paths` and the graph's paths panel call these
 * and render their answer, so they agree by construction.
 *
 * The graph's edges give each path a verdict (working, conditional, broken); this layer applies the
 * truth rule on top: a path that holds on data not read fully (or stale), or that starts outside the
 * collected accounts, is `incomplete` — never `works` — and names what would settle it.
 */
import { z } from 'zod';
import type { GraphIndex, PathStepNote, PathVerdict, RankedPath, ReachEntry } from '../graph';
import { pathsBetween, reach, RESOURCE_KINDS } from '../graph';
import type { GraphNode, NodeKind } from '../graph/types';
import type { Result, Snapshot, SourceName, SourceRead } from '../model';
import { err, gapMessage, gapsOf, ok } from '../model';

export const ANSWER_VERDICTS = ['works', 'conditional', 'incomplete', 'broken'] as const;
export type AnswerVerdict = (typeof ANSWER_VERDICTS)[number];

const depth = z.coerce.number().int().min(1).max(12).optional();
const nodeId = z.string().trim().min(1).max(2048);

export const PathsQuery = z.object({
  from: nodeId,
  to: nodeId,
  maxDepth: depth,
  maxPaths: z.coerce.number().int().min(1).max(500).optional(),
});
export type PathsQuery = z.infer<typeof PathsQuery>;

export const ReachQuery = z.object({
  node: nodeId,
  direction: z.enum(['from', 'to']),
  maxDepth: depth,
  maxResults: z.coerce.number().int().min(1).max(2000).optional(),
});
export type ReachQuery = z.infer<typeof ReachQuery>;

/** What the five-step checker is asked for a path: its last assume hop (or the source's own credentials) on the resource. */
export interface PathCheckRequest {
  source: string;
  targetRole?: string;
  resource: string;
  action: string;
  /** What the request stands for, when it is not the whole path. */
  note?: string;
}

export interface PathAnswer {
  nodes: string[];
  edges: string[];
  verdict: AnswerVerdict;
  /** The verdict from the graph's edges alone, before the data's gaps were applied. */
  graphVerdict: PathVerdict;
  open: PathStepNote[];
  failing?: PathStepNote;
  failures: PathStepNote[];
  /** Parts of the data this path rests on that were not read fully, or are stale; and unknown principals. */
  dataNotes: string[];
  check?: PathCheckRequest;
}

export interface PathsAnswer {
  from: GraphNode;
  to: GraphNode;
  paths: PathAnswer[];
  counts: Record<AnswerVerdict, number>;
  truncated: boolean;
  depthLimited: boolean;
  maxDepth: number;
  maxPaths: number;
  /** Labels of every node on a path, for rendering. */
  labels: Record<string, string>;
  /** One line a person reads first; says when a bound cut the list, and what no path means here. */
  summary: string;
  /** Data gaps in the accounts of both ends (where a missing path may hide). */
  dataNotes: string[];
}

export interface ReachAnswerEntry extends Omit<ReachEntry, 'verdict'> {
  verdict: AnswerVerdict;
  graphVerdict: PathVerdict;
  dataNotes: string[];
  check?: PathCheckRequest;
}

export interface ReachAnswer {
  node: GraphNode;
  direction: 'from' | 'to';
  entries: ReachAnswerEntry[];
  counts: Record<AnswerVerdict, number>;
  truncated: boolean;
  depthLimited: boolean;
  maxDepth: number;
  maxResults: number;
  labels: Record<string, string>;
  summary: string;
  dataNotes: string[];
}

/** What a use case needs of an analysis: the snapshot (for its completeness record) and the graph's index. */
export interface PathsContext {
  snapshot: Snapshot;
  index: GraphIndex;
  /** The snapshot's gaps when already worked out (the server's analysis keeps them); else derived. */
  gaps?: readonly SourceRead[];
}

const CHAIN_SOURCES: readonly SourceName[] = ['iam', 'list-roles', 's3', 'ec2', 'organizations'];
const ASSUME_KINDS = new Set(['can-assume', 'missing-trust', 'missing-permission']);

/** The action a five-step check asks on a resource of this kind (as the edge panel does). */
export function probeActionFor(kind: NodeKind | undefined): string {
  if (kind === 'glue-catalog' || kind === 'glue-database') return 'glue:GetDatabase';
  if (kind === 'kms-key') return 'kms:Decrypt';
  return 's3:GetObject';
}

/** The data notes of a path: gaps in the accounts it touches, and principals outside the collected accounts. */
function notesOf(ctx: PathsContext, nodeIds: readonly string[], gaps: readonly SourceRead[]): string[] {
  const accounts = new Set<string>();
  const sources = new Set<SourceName>(CHAIN_SOURCES);
  const notes: string[] = [];
  for (const id of nodeIds) {
    const n = ctx.index.nodes.get(id);
    if (!n) continue;
    if (n.account) accounts.add(n.account);
    if (n.kind === 'glue-catalog' || n.kind === 'glue-database') sources.add('glue');
    if (n.kind === 'kms-key') sources.add('kms');
    if (n.external || n.kind === 'external-account' || n.kind === 'external-principal')
      notes.push(
        `${n.label} is outside the collected accounts: its own policies are unknown (collect or import its account to settle whether it may call sts:AssumeRole)`,
      );
  }
  for (const g of gaps)
    if (sources.has(g.source) && (g.account === undefined || accounts.has(g.account)))
      notes.push(gapMessage(g));
  return [...new Set(notes)];
}

function applyTruth(graphVerdict: PathVerdict, notes: readonly string[]): AnswerVerdict {
  return graphVerdict === 'works' && notes.length > 0 ? 'incomplete' : graphVerdict;
}

/** The five-step request for a path: its last assume hop, or the source's own credentials, on the resource it ends at. */
export function checkRequestOf(
  index: GraphIndex,
  nodes: readonly string[],
  edges: readonly string[],
): PathCheckRequest | undefined {
  const end = index.nodes.get(nodes[nodes.length - 1] ?? '');
  let lastHop: number | undefined;
  edges.forEach((id, i) => {
    if (ASSUME_KINDS.has(index.edges.get(id)?.kind ?? '')) lastHop = i;
  });
  const assume = lastHop !== undefined ? index.edges.get(edges[lastHop] ?? '') : undefined;
  let resource = end && RESOURCE_KINDS.has(end.kind) ? end : undefined;
  let note: string | undefined;
  const hops = edges.filter((id) => ASSUME_KINDS.has(index.edges.get(id)?.kind ?? '')).length;
  if (hops > 1) note = `the last of ${hops} assume steps; the earlier ones are the path's own edges`;
  if (!resource && assume) {
    // A path to a role: check the role on the first resource it can act on, as the edge panel does.
    const first = (index.out.get(assume.target) ?? []).find((e) => e.kind === 'can-access');
    resource = first ? index.nodes.get(first.target) : undefined;
    if (!resource) return undefined;
    note = `${note ? `${note}; ` : ''}steps 4–5 on ${resource.label}, the first resource the role can act on`;
  }
  if (!resource) return undefined;
  const base = { resource: resource.id, action: probeActionFor(resource.kind), ...(note ? { note } : {}) };
  if (assume) return { source: assume.source, targetRole: assume.target, ...base };
  // No role assumed: the first IAM principal on the path uses its own credentials.
  const principal = nodes.find((id) => {
    const k = index.nodes.get(id)?.kind;
    return k === 'role' || k === 'user';
  });
  return principal ? { source: principal, ...base } : undefined;
}

const countOf = (vs: readonly AnswerVerdict[]): Record<AnswerVerdict, number> => {
  const c = { works: 0, conditional: 0, incomplete: 0, broken: 0 };
  for (const v of vs) c[v]++;
  return c;
};

const RANK: Record<AnswerVerdict, number> = { works: 0, conditional: 1, incomplete: 2, broken: 3 };

function labelsOf(index: GraphIndex, ids: Iterable<string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const id of ids) out[id] = index.nodes.get(id)?.label ?? id;
  return out;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function countWords(c: Record<AnswerVerdict, number>): string {
  return ANSWER_VERDICTS.filter((v) => c[v] > 0)
    .map((v) => `${c[v]} ${v}`)
    .join(', ');
}

/** "How does X reach Y?": every chain between two nodes, ranked, each with its check request. */
export function runPaths(ctx: PathsContext, q: PathsQuery): Result<PathsAnswer> {
  const from = ctx.index.nodes.get(q.from);
  const to = ctx.index.nodes.get(q.to);
  if (!from) return err('not_found', `No node ${q.from} in the graph.`);
  if (!to) return err('not_found', `No node ${q.to} in the graph.`);
  if (from.id === to.id) return err('bad_query', 'Choose two different nodes.');
  const r = pathsBetween(ctx.index, q.from, q.to, {
    ...(q.maxDepth !== undefined ? { maxDepth: q.maxDepth } : {}),
    ...(q.maxPaths !== undefined ? { maxPaths: q.maxPaths } : {}),
  });
  const gaps = ctx.gaps ?? gapsOf(ctx.snapshot);
  const paths: PathAnswer[] = r.paths.map((p: RankedPath) => {
    const dataNotes = notesOf(ctx, p.nodes, gaps);
    const check = checkRequestOf(ctx.index, p.nodes, p.edges);
    return {
      nodes: p.nodes,
      edges: p.edges,
      verdict: applyTruth(p.verdict, dataNotes),
      graphVerdict: p.verdict,
      open: p.open,
      failures: p.failures,
      ...(p.failing ? { failing: p.failing } : {}),
      dataNotes,
      ...(check ? { check } : {}),
    };
  });
  paths.sort((a, b) => RANK[a.verdict] - RANK[b.verdict]);
  const counts = countOf(paths.map((p) => p.verdict));
  const endNotes = notesOf(ctx, [from.id, to.id], gaps);
  const bound = boundWords(r.truncated, r.depthLimited, r.maxPaths, r.maxDepth, 'paths');
  const summary =
    paths.length === 0
      ? `no chain from ${from.label} to ${to.label} within ${plural(r.maxDepth, 'step')}${bound ? ` (${bound})` : ''}${endNotes.length > 0 ? `; on data not read fully, so a chain may exist that the snapshot does not show` : ''}`
      : `${plural(paths.length, 'chain')} from ${from.label} to ${to.label}: ${countWords(counts)}${bound ? ` — ${bound}` : ''}`;
  return ok({
    from,
    to,
    paths,
    counts,
    truncated: r.truncated,
    depthLimited: r.depthLimited,
    maxDepth: r.maxDepth,
    maxPaths: r.maxPaths,
    labels: labelsOf(ctx.index, new Set(paths.flatMap((p) => p.nodes))),
    summary,
    dataNotes: endNotes,
  });
}

function boundWords(
  truncated: boolean,
  depthLimited: boolean,
  max: number,
  maxDepth: number,
  what: string,
): string {
  const parts: string[] = [];
  if (truncated) parts.push(`only the first ${max} ${what} are listed, more exist`);
  if (depthLimited) parts.push(`chains longer than ${maxDepth} steps were not followed`);
  return parts.join('; ');
}

/** "What can X reach?" (`from`) / "Who can reach Y?" (`to`), each with the verdict of its best chain. */
export function runReach(ctx: PathsContext, q: ReachQuery): Result<ReachAnswer> {
  const node = ctx.index.nodes.get(q.node);
  if (!node) return err('not_found', `No node ${q.node} in the graph.`);
  const r = reach(ctx.index, q.node, q.direction, {
    ...(q.maxDepth !== undefined ? { maxDepth: q.maxDepth } : {}),
    ...(q.maxResults !== undefined ? { maxResults: q.maxResults } : {}),
  });
  const gaps = ctx.gaps ?? gapsOf(ctx.snapshot);
  const entries: ReachAnswerEntry[] = r.entries.map((e) => {
    const dataNotes = notesOf(ctx, e.path.nodes, gaps);
    const check = checkRequestOf(ctx.index, e.path.nodes, e.path.edges);
    return {
      ...e,
      verdict: applyTruth(e.verdict, dataNotes),
      graphVerdict: e.verdict,
      dataNotes,
      ...(check ? { check } : {}),
    };
  });
  entries.sort((a, b) => RANK[a.verdict] - RANK[b.verdict]);
  const counts = countOf(entries.map((e) => e.verdict));
  const endNotes = notesOf(ctx, [node.id], gaps);
  const bound = boundWords(r.truncated, r.depthLimited, r.maxResults, r.maxDepth, 'results');
  const what = q.direction === 'from' ? `${node.label} can reach` : `can reach ${node.label}`;
  const summary =
    entries.length === 0
      ? `${q.direction === 'from' ? `${node.label} reaches no role or resource` : `nothing in the graph reaches ${node.label}`}${bound ? ` (${bound})` : ''}${endNotes.length > 0 ? '; on data not read fully, so the snapshot may not show everything' : ''}`
      : `${plural(entries.length, q.direction === 'from' ? 'role or resource' : 'principal', q.direction === 'from' ? 'roles and resources' : 'principals')} ${q.direction === 'from' ? what : `${what}`}: ${countWords(counts)}${bound ? ` — ${bound}` : ''}`;
  return ok({
    node,
    direction: q.direction,
    entries,
    counts,
    truncated: r.truncated,
    depthLimited: r.depthLimited,
    maxDepth: r.maxDepth,
    maxResults: r.maxResults,
    labels: labelsOf(ctx.index, new Set(entries.flatMap((e) => e.path.nodes))),
    summary,
    dataNotes: endNotes,
  });
}

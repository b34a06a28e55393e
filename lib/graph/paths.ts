/**
 * "How does X reach Y?", "What can X reach?" and "Who can reach Y?" on a built graph.
 *
 * Unlike `chains()` (working and conditional paths only), these walks also follow the edges that
 * break a chain (`missing-trust`, `missing-permission`, a denied step), so an analyst sees the chain
 * that *would* work and the step that stops it. Every walk is iterative and bounded (depth, number
 * of paths or results) and says when a bound cut it short: a truncated list is never "no other path".
 */
import type { OpenCondition } from '../policy/types';
import type { GraphIndex } from './query';
import { CHAIN_EDGE_KINDS, covers, passable, RESOURCE_KINDS } from './query';
import type { EdgeKind, GraphEdge, GraphNode, Path } from './types';

export const PATH_VERDICTS = ['works', 'conditional', 'broken'] as const;
/** How one path (or the best path to a node) ends, from the graph's edges alone. */
export type PathVerdict = (typeof PATH_VERDICTS)[number];

/** Edges a chain is made of; `missing-*` are the broken versions of `can-assume`. */
export const PATH_EDGE_KINDS: readonly EdgeKind[] = [
  ...CHAIN_EDGE_KINDS,
  'missing-trust',
  'missing-permission',
];

export interface PathStepNote {
  /** The edge id. */
  edge: string;
  kind: EdgeKind;
  /** 0-based position of the edge in the path. */
  index: number;
  text: string;
}

export interface RankedPath extends Path {
  verdict: PathVerdict;
  /** `conditional`: every condition still open on the way, with the edge it sits on. */
  open: PathStepNote[];
  /** `broken`: the first step that fails (the others are in `failing`). */
  failing?: PathStepNote;
  /** Every failing step (a broken path may fail in more than one place). */
  failures: PathStepNote[];
}

export interface PathsOptions {
  /** Longest path, in edges (default 6: instance → profile → role → role → role → bucket). */
  maxDepth?: number;
  /** Stop after this many paths (default 50). */
  maxPaths?: number;
}

export interface PathsResult {
  from: string;
  to: string;
  paths: RankedPath[];
  /** True when `maxPaths` stopped the search: more paths exist than are listed. */
  truncated: boolean;
  /** True when some walk stopped at `maxDepth` with edges left to follow: longer paths may exist. */
  depthLimited: boolean;
  maxDepth: number;
  maxPaths: number;
}

const VERDICT_RANK: Record<PathVerdict, number> = { works: 0, conditional: 1, broken: 2 };
const NO_EDGES: readonly GraphEdge[] = [];

/** Whether an edge is a step that fails (as opposed to one that holds, perhaps under conditions). */
export function failsStep(e: GraphEdge): boolean {
  return !passable(e);
}

/** Whether a passable edge holds only under conditions nobody can settle from the data. */
export function conditionalStep(e: GraphEdge): boolean {
  if (failsStep(e)) return false;
  if (e.decision === 'Conditional' || fromWholeAccount(e) || e.session !== undefined) return true;
  return e.kind === 'can-access' && (e.access?.length ?? 0) === 0;
}

/**
 * An edge from a whole account (the trust names the account root): it holds only for those principals
 * of that account whose own policies allow the call, which an account node does not say.
 */
const fromWholeAccount = (e: GraphEdge): boolean => e.source.startsWith('account:');

function stepVerdict(e: GraphEdge): PathVerdict {
  return failsStep(e) ? 'broken' : conditionalStep(e) ? 'conditional' : 'works';
}

const condText = (c: OpenCondition): string => c.text;

/** Why an edge fails, in words, from its kind and decision (the five-step panel gives the full reasons). */
function failText(e: GraphEdge): string {
  if (e.kind === 'missing-trust') return "the target's trust policy does not admit the source";
  if (e.kind === 'missing-permission') return "the source's own policies do not allow the call";
  if (e.decision === 'ExplicitDeny') return 'an explicit Deny stops this step';
  if (e.decision === 'ImplicitDeny') return 'no policy allows this step';
  if (e.kind === 'can-access') return 'no access is granted on the resource';
  return 'this step does not hold';
}

/** Ranks one walk: its verdict, open conditions and failing steps. */
export function rankPath(index: GraphIndex, path: Path): RankedPath {
  const open: PathStepNote[] = [];
  const failures: PathStepNote[] = [];
  path.edges.forEach((id, i) => {
    const e = index.edges.get(id);
    if (!e) return;
    if (failsStep(e)) failures.push({ edge: id, kind: e.kind, index: i, text: failText(e) });
    else if (conditionalStep(e)) {
      const texts = (e.openConditions ?? []).map(condText);
      if (e.session !== undefined)
        texts.push(
          `holds only for the role session named ${e.session} (the trust names that session, not the role)`,
        );
      if (fromWholeAccount(e))
        texts.push(
          `holds for a principal of account ${e.source.slice('account:'.length)} only if its own policies allow ${e.action ?? 'sts:AssumeRole'} on it`,
        );
      if (e.kind === 'can-access' && (e.conditionalAccess?.length ?? 0) > 0)
        texts.unshift(`${(e.conditionalAccess ?? []).join(', ')} access only under conditions`);
      for (const text of texts.length > 0 ? texts : ['holds only under conditions the data does not settle'])
        open.push({ edge: id, kind: e.kind, index: i, text });
    }
  });
  const verdict: PathVerdict = failures.length > 0 ? 'broken' : open.length > 0 ? 'conditional' : 'works';
  return { ...path, verdict, open, failures, ...(failures[0] ? { failing: failures[0] } : {}) };
}

/** Working first, then conditional, then broken (fewest failing steps first); shorter before longer. */
export function comparePaths(a: RankedPath, b: RankedPath): number {
  return (
    VERDICT_RANK[a.verdict] - VERDICT_RANK[b.verdict] ||
    a.failures.length - b.failures.length ||
    a.open.length - b.open.length ||
    a.edges.length - b.edges.length ||
    a.nodes.join('\n').localeCompare(b.nodes.join('\n'))
  );
}

/**
 * Every simple path from `from` to `to` (a bucket reaches its prefixes, a catalog its databases), at
 * most `maxDepth` edges long, over chain edges including the broken ones, ranked. Paths that hold
 * (working or conditional) are searched first, so the bound on the number of paths never hides a
 * working chain behind broken ones.
 */
export function pathsBetween(
  index: GraphIndex,
  from: string,
  to: string,
  opts: PathsOptions = {},
): PathsResult {
  const maxDepth = Math.max(1, Math.min(12, opts.maxDepth ?? 6));
  const maxPaths = Math.max(1, Math.min(500, opts.maxPaths ?? 50));
  const base = { from, to, maxDepth, maxPaths };
  if (!index.nodes.has(from) || !index.nodes.has(to) || from === to)
    return { ...base, paths: [], truncated: false, depthLimited: false };
  const holding = enumerate(index, from, to, maxDepth, maxPaths, false);
  // Then the broken ones, in the room left (none left: the walk only looks whether one exists).
  const failing = enumerate(index, from, to, maxDepth, maxPaths - holding.paths.length, true);
  const found = [...holding.paths, ...failing.paths];
  const truncated = holding.truncated || failing.truncated;
  const depthLimited = holding.depthLimited || failing.depthLimited;
  const paths = found.map((p) => rankPath(index, p)).sort(comparePaths);
  return { ...base, paths, truncated, depthLimited };
}

/**
 * Depth-first enumeration of simple paths with an explicit stack. With `broken`, failing edges are
 * followed too and only paths with at least one are reported.
 */
function enumerate(
  index: GraphIndex,
  from: string,
  to: string,
  maxDepth: number,
  maxPaths: number,
  broken: boolean,
): { paths: Path[]; truncated: boolean; depthLimited: boolean } {
  const kinds = new Set(broken ? PATH_EDGE_KINDS : CHAIN_EDGE_KINDS);
  const usable = (e: GraphEdge) => kinds.has(e.kind) && (broken || passable(e));
  const paths: Path[] = [];
  const nodes = [from];
  const edges: string[] = [];
  const onPath = new Set([from]);
  const cursor = [0];
  let truncated = false;
  let depthLimited = false;
  while (cursor.length > 0) {
    const depth = cursor.length - 1;
    const here = nodes[depth] as string;
    const list = index.out.get(here) ?? NO_EDGES;
    const i = cursor[depth] as number;
    // A resource ends a chain: nothing is assumed from a bucket.
    const isEnd = depth > 0 && RESOURCE_KINDS.has(index.nodes.get(here)?.kind ?? 'role');
    if (i >= list.length || isEnd || depth >= maxDepth) {
      if (depth >= maxDepth && !isEnd && list.some((e) => usable(e) && !onPath.has(e.target)))
        depthLimited = true;
      cursor.pop();
      onPath.delete(nodes.pop() as string);
      edges.pop();
      continue;
    }
    cursor[depth] = i + 1;
    const e = list[i] as GraphEdge;
    if (!usable(e) || onPath.has(e.target)) continue;
    nodes.push(e.target);
    edges.push(e.id);
    onPath.add(e.target);
    cursor.push(0);
    if (covers(index, e.target, to)) {
      const hasBroken = edges.some((id) => {
        const x = index.edges.get(id);
        return x !== undefined && failsStep(x);
      });
      if (!broken || hasBroken) {
        if (paths.length >= maxPaths) {
          truncated = true;
          break;
        }
        paths.push({ nodes: [...nodes], edges: [...edges] });
      }
      // The target is reached: a path does not go on through it.
      cursor[cursor.length - 1] = Number.MAX_SAFE_INTEGER;
    }
  }
  return { paths, truncated, depthLimited };
}

export interface ReachEntry {
  node: GraphNode;
  /** The verdict of the best chain to (or from) this node: working beats conditional beats broken. */
  verdict: PathVerdict;
  /** That best chain, from the asking node (reach) or to it (who can reach), node ids in chain order. */
  path: Path;
  /** `conditional`: the conditions open on that chain. `broken`: its failing step. */
  open: PathStepNote[];
  failing?: PathStepNote;
}

export interface ReachResult {
  node: string;
  direction: 'from' | 'to';
  entries: ReachEntry[];
  /** True when `maxResults` cut the list, or a walk stopped at `maxDepth` with edges left to follow. */
  truncated: boolean;
  depthLimited: boolean;
  maxDepth: number;
  maxResults: number;
}

export interface ReachOptions {
  maxDepth?: number;
  maxResults?: number;
}

/** The kinds "what can X reach" lists: roles and data. */
const REACH_KINDS = new Set(['role', ...RESOURCE_KINDS]);

/**
 * What `nodeId` can reach (`from`), or who can reach it (`to`), each with the verdict of its best chain.
 *
 * The best chain is the one whose worst step is best (working, then conditional, then broken), found
 * level by level: a breadth-first walk over working steps, then one that also takes conditional steps,
 * then one that also takes failing steps. A node reached at a level keeps that level's path, so every
 * verdict is that of a real chain, and the shortest such. Broken entries are one failing step beyond
 * what holds (the step a fix would open), never chains that fail twice.
 */
export function reach(
  index: GraphIndex,
  nodeId: string,
  direction: 'from' | 'to',
  opts: ReachOptions = {},
): ReachResult {
  const maxDepth = Math.max(1, Math.min(12, opts.maxDepth ?? 8));
  const maxResults = Math.max(1, Math.min(2000, opts.maxResults ?? 300));
  const base = { node: nodeId, direction, maxDepth, maxResults };
  const start = index.nodes.get(nodeId);
  if (!start) return { ...base, entries: [], truncated: false, depthLimited: false };
  const kinds = new Set(PATH_EDGE_KINDS);
  const adjacency = direction === 'from' ? index.out : index.in;
  const far = (e: GraphEdge) => (direction === 'from' ? e.target : e.source);
  // Who can reach a prefix: whoever reaches its bucket (or a shorter prefix) too.
  const seeds =
    direction === 'to' && (start.kind === 'bucket-prefix' || start.kind === 'glue-database')
      ? [...index.nodes.values()].filter((n) => covers(index, n.id, nodeId)).map((n) => n.id)
      : [nodeId];
  // parent edge per node, and the level that reached it.
  const parent = new Map<string, string | undefined>(seeds.map((s) => [s, undefined]));
  const level = new Map<string, PathVerdict>(seeds.map((s) => [s, 'works']));
  const depthOf = new Map<string, number>(seeds.map((s) => [s, 0]));
  let depthLimited = false;
  const stopsHere = (id: string): boolean => {
    if (seeds.includes(id)) return false;
    const k = index.nodes.get(id)?.kind ?? 'role';
    // Walking forward, data ends a chain; walking back, nothing leads out of a resource into a chain.
    return direction === 'from' && RESOURCE_KINDS.has(k);
  };
  for (const lv of PATH_VERDICTS) {
    const queue = [...parent.keys()].filter((id) => !(level.get(id) === 'broken'));
    for (let head = 0; head < queue.length; head++) {
      const id = queue[head] as string;
      if (stopsHere(id)) continue;
      const d = depthOf.get(id) ?? 0;
      for (const e of adjacency.get(id) ?? NO_EDGES) {
        if (!kinds.has(e.kind)) continue;
        const v = stepVerdict(e);
        if (VERDICT_RANK[v] > VERDICT_RANK[lv]) continue;
        const other = far(e);
        if (parent.has(other)) continue;
        if (d >= maxDepth) {
          depthLimited = true;
          continue;
        }
        parent.set(other, e.id);
        level.set(
          other,
          VERDICT_RANK[v] > VERDICT_RANK[level.get(id) ?? 'works'] ? v : (level.get(id) ?? 'works'),
        );
        depthOf.set(other, d + 1);
        // A broken entry is one failing step beyond what holds: not walked further.
        if (level.get(other) !== 'broken') queue.push(other);
      }
    }
  }
  // Ranked from the walk's own records, so only the listed entries are traced (an org may reach thousands).
  const candidates: { id: string; node: GraphNode; verdict: PathVerdict; depth: number }[] = [];
  for (const [id, via] of parent) {
    if (via === undefined || id === nodeId) continue;
    const n = index.nodes.get(id);
    if (!n || (direction === 'from' && !REACH_KINDS.has(n.kind))) continue;
    candidates.push({ id, node: n, verdict: level.get(id) ?? 'broken', depth: depthOf.get(id) ?? 0 });
  }
  candidates.sort(
    (a, b) =>
      VERDICT_RANK[a.verdict] - VERDICT_RANK[b.verdict] ||
      a.depth - b.depth ||
      a.node.label.localeCompare(b.node.label),
  );
  const truncated = candidates.length > maxResults;
  const entries: ReachEntry[] = candidates.slice(0, maxResults).map((c) => {
    const path = trace(index, c.id, parent, direction);
    const ranked = rankPath(index, path);
    return {
      node: c.node,
      verdict: ranked.verdict,
      path,
      open: ranked.open,
      ...(ranked.failing ? { failing: ranked.failing } : {}),
    };
  });
  return { ...base, entries, truncated, depthLimited };
}

/** The chain to `id` by parent edges, in chain order (source first) whichever way the walk went. */
function trace(
  index: GraphIndex,
  id: string,
  parent: ReadonlyMap<string, string | undefined>,
  direction: 'from' | 'to',
): Path {
  const nodes = [id];
  const edges: string[] = [];
  let here = id;
  for (let via = parent.get(here); via !== undefined; via = parent.get(here)) {
    const e = index.edges.get(via);
    if (!e) break;
    edges.push(via);
    here = direction === 'from' ? e.source : e.target;
    nodes.push(here);
  }
  return direction === 'from' ? { nodes: nodes.reverse(), edges: edges.reverse() } : { nodes, edges };
}

/**
 * Queries on a built graph: neighbourhood, chains from an entry point to resources, blast radius of a
 * resource, and what a principal can reach. All walks are iterative (explicit stacks and queues) with
 * cycle detection, and bounded in depth and in the number of paths they return.
 */
import type { AccessLevel, EdgeKind, GraphEdge, GraphNode, NodeKind, Path, RoleGraph } from './types';
import { ACCESS_LEVELS } from './types';

export interface GraphIndex {
  graph: RoleGraph;
  nodes: Map<string, GraphNode>;
  edges: Map<string, GraphEdge>;
  out: Map<string, GraphEdge[]>;
  in: Map<string, GraphEdge[]>;
  /** Bucket name → the ids of its bucket and prefix nodes, so a blast radius does not scan every node. */
  bucketNodes: Map<string, string[]>;
}

/** The bucket a bucket or prefix node stands for, else undefined. */
function bucketOf(n: GraphNode): string | undefined {
  if (n.kind === 'bucket') return n.label;
  if (n.kind === 'bucket-prefix') return String(n.meta?.bucket ?? '');
  return undefined;
}

const NO_EDGES: readonly GraphEdge[] = [];

/** Adjacency maps over a graph, built once per graph. */
export function indexGraph(graph: RoleGraph): GraphIndex {
  const nodes = new Map<string, GraphNode>();
  const bucketNodes = new Map<string, string[]>();
  for (const n of graph.nodes) {
    nodes.set(n.id, n);
    const b = bucketOf(n);
    if (b === undefined) continue;
    const list = bucketNodes.get(b);
    if (list) list.push(n.id);
    else bucketNodes.set(b, [n.id]);
  }
  const edges = new Map<string, GraphEdge>();
  const out = new Map<string, GraphEdge[]>();
  const inn = new Map<string, GraphEdge[]>();
  for (const e of graph.edges) {
    edges.set(e.id, e);
    const o = out.get(e.source);
    if (o) o.push(e);
    else out.set(e.source, [e]);
    const i = inn.get(e.target);
    if (i) i.push(e);
    else inn.set(e.target, [e]);
  }
  return { graph, nodes, edges, out, in: inn, bucketNodes };
}

export const RESOURCE_KINDS: ReadonlySet<NodeKind> = new Set([
  'bucket',
  'bucket-prefix',
  'glue-catalog',
  'glue-database',
  'kms-key',
]);
export const ENTRY_KINDS: ReadonlySet<NodeKind> = new Set([
  'instance',
  'instance-profile',
  'user',
  'oidc-provider',
  'saml-provider',
  'external-account',
  'external-principal',
  'session',
  'anonymous',
  'service',
  'account',
  'eks-cluster',
  'service-account',
  'node-group',
  'ecs-task',
  'lambda-function',
  'glue-job',
  'emr-cluster',
  'ic-user',
  'ic-group',
]);

/** Kinds a chain walks by default: how credentials actually flow (observed calls are evidence, not extra paths). */
export const CHAIN_EDGE_KINDS: readonly EdgeKind[] = ['has-profile', 'runs-as', 'can-assume', 'can-access'];

/** True when the edge lets a chain continue: allowed or conditional, and for `can-access` some access granted. */
export function passable(e: GraphEdge): boolean {
  if (e.decision === 'ImplicitDeny' || e.decision === 'ExplicitDeny') return false;
  if (e.kind === 'can-access') return (e.access?.length ?? 0) > 0 || (e.conditionalAccess?.length ?? 0) > 0;
  return e.kind !== 'missing-trust' && e.kind !== 'missing-permission' && e.kind !== 'denied-attempt';
}

export interface NeighbourhoodOptions {
  direction?: 'in' | 'out' | 'both';
  edgeKinds?: EdgeKind[];
  /** At most this many nodes (default 300: what a view draws smoothly). */
  maxNodes?: number;
  /**
   * Walk on through hubs (AWS services, anyone, account roots). Off by default: a hub joins the
   * neighbourhood as a neighbour, but it is not a hop, because every role that trusts
   * `ec2.amazonaws.com` is two hops from every other and would flood the view.
   */
  throughHubs?: boolean;
}

/** Nodes that many unrelated principals share: a neighbourhood stops at them unless asked. */
export const HUB_KINDS: ReadonlySet<NodeKind> = new Set(['service', 'anonymous', 'account']);

const isHub = (index: GraphIndex, id: string): boolean => {
  const kind = index.nodes.get(id)?.kind;
  return kind !== undefined && HUB_KINDS.has(kind);
};

/**
 * The nodes within `depth` hops of `nodeId`, and the edges between them; breadth-first, so the nearest come
 * first. Hubs (HUB_KINDS) are shown but not walked through unless `throughHubs`. A hub's edges (the EC2
 * service trusted by tens of thousands of roles) are walked in place, never copied, and the walk stops at
 * `maxNodes`: `cappedHubs` names the nodes whose neighbours were not all taken, so a view can say
 * "showing 300 of this node's 60,000 neighbours".
 */
export function neighbourhood(
  index: GraphIndex,
  nodeId: string,
  depth: number,
  opts: NeighbourhoodOptions = {},
): RoleGraph & { truncated: boolean; cappedHubs?: { id: string; degree: number }[] } {
  const start = index.nodes.get(nodeId);
  if (!start) return { nodes: [], edges: [], truncated: false };
  const direction = opts.direction ?? 'both';
  const kinds = opts.edgeKinds ? new Set(opts.edgeKinds) : undefined;
  const maxNodes = Math.max(1, opts.maxNodes ?? 300);
  const keep = (e: GraphEdge): boolean => kinds === undefined || kinds.has(e.kind);
  const included = new Set<string>([nodeId]);
  let frontier = [nodeId];
  let truncated = false;
  let capped: string | undefined;
  for (let d = 0; d < depth && frontier.length > 0 && !truncated; d++) {
    const next: string[] = [];
    for (const id of frontier) {
      if (!opts.throughHubs && id !== nodeId && isHub(index, id)) continue;
      const lists: readonly GraphEdge[][] = [
        ...(direction !== 'in' ? [index.out.get(id) ?? []] : []),
        ...(direction !== 'out' ? [index.in.get(id) ?? []] : []),
      ];
      for (const list of lists) {
        for (const e of list) {
          if (!keep(e)) continue;
          const other = e.source === id ? e.target : e.source;
          if (included.has(other)) continue;
          if (included.size >= maxNodes) {
            truncated = true;
            capped = id;
            break;
          }
          included.add(other);
          next.push(other);
        }
        if (truncated) break;
      }
      if (truncated) break;
    }
    frontier = next;
  }
  const nodes: GraphNode[] = [];
  for (const id of included) {
    const n = index.nodes.get(id);
    if (n) nodes.push(n);
  }
  // Edges between included nodes, each found once from its source; a hub's out-list (tens of thousands)
  // is not scanned whole when the in-lists of the included nodes are shorter.
  let inTotal = 0;
  for (const id of included) inTotal += index.in.get(id)?.length ?? 0;
  const edges: GraphEdge[] = [];
  for (const id of included) {
    const out = index.out.get(id) ?? NO_EDGES;
    if (out.length <= inTotal) {
      for (const e of out) if (keep(e) && included.has(e.target)) edges.push(e);
      continue;
    }
    for (const other of included)
      for (const e of index.in.get(other) ?? NO_EDGES) if (e.source === id && keep(e)) edges.push(e);
  }
  if (capped === undefined) return { nodes, edges, truncated };
  const degree = (index.out.get(capped)?.length ?? 0) + (index.in.get(capped)?.length ?? 0);
  return { nodes, edges, truncated, cappedHubs: [{ id: capped, degree }] };
}

/** Whether reaching `nodeId` reaches `target`: the same node, or a bucket / shorter prefix that covers the target prefix. */
export function covers(index: GraphIndex, nodeId: string, target: string): boolean {
  if (nodeId === target) return true;
  const t = index.nodes.get(target);
  if (t?.kind === 'glue-database') return nodeId === t.meta?.catalog;
  if (t?.kind !== 'bucket-prefix') return false;
  const bucket = String(t.meta?.bucket ?? '');
  if (nodeId === `arn:aws:s3:::${bucket}`) return true;
  const n = index.nodes.get(nodeId);
  return n?.kind === 'bucket-prefix' && n.meta?.bucket === bucket && target.startsWith(nodeId);
}

export interface ChainOptions {
  maxDepth: number;
  /** Stop after this many paths (default 1,000). */
  maxPaths?: number;
  edgeKinds?: EdgeKind[];
}

/**
 * Every simple path from `from` to a resource (or to `to`, where given; a bucket reaches its prefixes),
 * at most `maxDepth` edges long, over edges that let a chain continue. Depth-first with an explicit stack.
 */
export function chains(index: GraphIndex, from: string, to: string | undefined, opts: ChainOptions): Path[] {
  if (!index.nodes.has(from)) return [];
  const kinds = new Set(opts.edgeKinds ?? CHAIN_EDGE_KINDS);
  const maxPaths = opts.maxPaths ?? 1000;
  const done = (id: string): boolean => {
    if (to !== undefined) return covers(index, id, to);
    const n = index.nodes.get(id);
    return n !== undefined && RESOURCE_KINDS.has(n.kind);
  };
  return walk(index, from, 'out', opts.maxDepth, maxPaths, kinds, done, (id) =>
    RESOURCE_KINDS.has(index.nodes.get(id)?.kind ?? 'role'),
  );
}

/**
 * Depth-first enumeration of simple paths. `accept` marks the nodes where a path ends and is reported;
 * `stop` the nodes a path never goes beyond. Paths are returned in walk order (source first).
 */
function walk(
  index: GraphIndex,
  start: string,
  direction: 'in' | 'out',
  maxDepth: number,
  maxPaths: number,
  kinds: ReadonlySet<EdgeKind>,
  accept: (id: string, onPath: ReadonlySet<string>) => boolean,
  stop: (id: string) => boolean,
): Path[] {
  const paths: Path[] = [];
  const adjacency = direction === 'out' ? index.out : index.in;
  const nodes = [start];
  const edges: string[] = [];
  const onPath = new Set([start]);
  const cursor = [0];
  while (cursor.length > 0 && paths.length < maxPaths) {
    const depth = cursor.length - 1;
    const here = nodes[depth] as string;
    const list = adjacency.get(here) ?? NO_EDGES;
    const i = cursor[depth] as number;
    const canGoOn = depth < maxDepth && (depth === 0 || !stop(here));
    if (!canGoOn || i >= list.length) {
      cursor.pop();
      onPath.delete(nodes.pop() as string);
      edges.pop();
      continue;
    }
    cursor[depth] = i + 1;
    const e = list[i] as GraphEdge;
    if (!kinds.has(e.kind) || !passable(e)) continue;
    const next = direction === 'out' ? e.target : e.source;
    if (onPath.has(next)) continue;
    nodes.push(next);
    edges.push(e.id);
    onPath.add(next);
    cursor.push(0);
    if (accept(next, onPath)) {
      const p = { nodes: [...nodes], edges: [...edges] };
      paths.push(direction === 'out' ? p : { nodes: p.nodes.reverse(), edges: p.edges.reverse() });
    }
  }
  return paths;
}

/** The resource nodes a blast radius starts from: the resource, the bucket and shorter prefixes that cover it, and a bucket's prefixes. */
function blastTargets(index: GraphIndex, resourceId: string): Set<string> {
  const targets = new Set<string>([resourceId]);
  const node = index.nodes.get(resourceId);
  if (!node) return targets;
  const bucket = bucketOf(node);
  if (bucket === undefined) return targets;
  for (const id of index.bucketNodes.get(bucket) ?? []) {
    const n = index.nodes.get(id);
    if (!n) continue;
    if (covers(index, n.id, resourceId) || (node.kind === 'bucket' && n.kind === 'bucket-prefix'))
      targets.add(n.id);
  }
  return targets;
}

/**
 * Who can reach a resource (a bucket covers its prefixes, a prefix is reached through its bucket), and
 * the chains from each entry point (instance, profile, user, provider, outside account…) to it.
 */
export function blastRadius(
  index: GraphIndex,
  resourceId: string,
  opts: { maxDepth?: number; maxPaths?: number } = {},
): { principals: GraphNode[]; paths: Path[] } {
  const targets = blastTargets(index, resourceId);
  const kinds = new Set(CHAIN_EDGE_KINDS);
  const seen = new Set<string>(targets);
  const queue = [...targets];
  const principals: GraphNode[] = [];
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head] as string;
    for (const e of index.in.get(id) ?? NO_EDGES) {
      if (!kinds.has(e.kind) || !passable(e) || seen.has(e.source)) continue;
      seen.add(e.source);
      queue.push(e.source);
      const n = index.nodes.get(e.source);
      if (n) principals.push(n);
    }
  }
  const maxDepth = opts.maxDepth ?? 8;
  const maxPaths = opts.maxPaths ?? 500;
  const paths: Path[] = [];
  // A path starts where nothing (off the path) leads in: an instance, a user, a provider, an outside account,
  // or a role nobody in this graph can get into.
  const isStart = (id: string, onPath: ReadonlySet<string>): boolean =>
    !(index.in.get(id) ?? NO_EDGES).some((e) => kinds.has(e.kind) && passable(e) && !onPath.has(e.source));
  const never = (): boolean => false;
  for (const t of targets) {
    if (paths.length >= maxPaths) break;
    const found = walk(index, t, 'in', maxDepth, maxPaths - paths.length, kinds, isStart, never);
    paths.push(...found);
  }
  return { principals, paths };
}

export interface Reach {
  node: GraphNode;
  /** Levels granted on the resource through allowed edges only. */
  access: AccessLevel[];
  /** Levels reachable only through a `Conditional` edge somewhere on the way. */
  conditionalAccess: AccessLevel[];
}

/**
 * What a principal can reach: the roles it can get into (directly or through chains) and the resources
 * those can access. `definite` nodes are reached through `Allow` edges only.
 */
export function reachable(
  index: GraphIndex,
  principalId: string,
): { nodes: GraphNode[]; definite: string[]; resources: Reach[] } {
  if (!index.nodes.has(principalId)) return { nodes: [], definite: [], resources: [] };
  const kinds = new Set(CHAIN_EDGE_KINDS);
  const bfs = (strict: boolean): Set<string> => {
    const seen = new Set([principalId]);
    const queue = [principalId];
    for (let head = 0; head < queue.length; head++) {
      const id = queue[head] as string;
      const n = index.nodes.get(id);
      if (n && RESOURCE_KINDS.has(n.kind) && id !== principalId) continue;
      for (const e of index.out.get(id) ?? NO_EDGES) {
        if (!kinds.has(e.kind) || !passable(e) || seen.has(e.target)) continue;
        if (strict && e.kind !== 'can-access' && e.kind !== 'has-profile' && e.decision !== 'Allow') continue;
        if (strict && e.kind === 'can-access' && (e.access?.length ?? 0) === 0) continue;
        seen.add(e.target);
        queue.push(e.target);
      }
    }
    return seen;
  };
  const definite = bfs(true);
  const possible = bfs(false);
  const nodes: GraphNode[] = [];
  const resources: Reach[] = [];
  for (const id of possible) {
    if (id === principalId) continue;
    const n = index.nodes.get(id);
    if (!n) continue;
    nodes.push(n);
    if (!RESOURCE_KINDS.has(n.kind)) continue;
    const access = new Set<AccessLevel>();
    const conditional = new Set<AccessLevel>();
    for (const e of index.in.get(id) ?? NO_EDGES) {
      if (e.kind !== 'can-access' || !possible.has(e.source)) continue;
      const sure = definite.has(e.source);
      for (const l of e.access ?? []) (sure ? access : conditional).add(l);
      for (const l of e.conditionalAccess ?? []) conditional.add(l);
    }
    resources.push({
      node: n,
      access: ACCESS_LEVELS.filter((l) => access.has(l)),
      conditionalAccess: ACCESS_LEVELS.filter((l) => conditional.has(l) && !access.has(l)),
    });
  }
  return { nodes, definite: [...definite].filter((id) => id !== principalId), resources };
}

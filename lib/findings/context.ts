/**
 * What every rule reads: the snapshot with its lookups, the graph with its edges by kind, the
 * AssumeRole* events of the audit window, and the clock. Built once per `computeFindings` call.
 */
import type { AssumeEvent, Role, Snapshot } from '../model';
import type { SnapshotIndex } from '../graph/snapshot-index';
import { indexFor } from '../graph/snapshot-index';
import { lookupsOf } from '../graph/builder';
import type { EdgeKind, GraphEdge, GraphNode, RoleGraph } from '../graph/types';
import type { TrustPrincipal } from '../policy';
import { trustPrincipals } from '../policy';

/** The audit window the "never used" rules look back over. */
export const AUDIT_WINDOW_DAYS = 30;
const DAY_MS = 86_400_000;

export interface FindingsInput {
  snapshot: Snapshot;
  graph: RoleGraph;
  events?: AssumeEvent[];
  /** ISO-8601; defaults to the snapshot's `createdAt`. */
  now?: string;
}

export interface RuleContext {
  snapshot: Snapshot;
  index: SnapshotIndex;
  graph: RoleGraph;
  nodes: ReadonlyMap<string, GraphNode>;
  edgesByKind: Map<EdgeKind, GraphEdge[]>;
  /** Whether the graph has an edge of this id. */
  edgeIds: { has(id: string): boolean };
  /** AssumeRole, AssumeRoleWithSAML, AssumeRoleWithWebIdentity events, one per call (cross-account copies merged). */
  assumeEvents: AssumeEvent[];
  /** Whether any CloudTrail was given at all: without it, "never used" rests on RoleLastUsed alone. */
  hasEvents: boolean;
  now: string;
  nowMs: number;
  windowStartMs: number;
  /** Accounts of the organisation (or, without Organizations data, the collected accounts). */
  orgAccounts: Set<string>;
  /**
   * Whether Organizations data says which accounts are members (`list-accounts`, or the organisation's
   * tree). Without it, an account outside the snapshot is *not known* to be in the organisation, which
   * is not the same as outside it.
   */
  orgKnown: boolean;
  /** Role unique id (`AROA…`) → role; user unique id (`AIDA…`) → user ARN. */
  principalIds: Map<string, string>;
}

const ASSUME_NAMES = new Set(['AssumeRole', 'AssumeRoleWithSAML', 'AssumeRoleWithWebIdentity']);

export function buildContext(input: FindingsInput): RuleContext {
  const { snapshot, graph } = input;
  // The graph's own index where it was built from this snapshot: one set of lookups and caches.
  const index = indexFor(snapshot, graph);
  // The builder's own maps where the graph is as it was built; otherwise made from the lists.
  const built = lookupsOf(graph);
  const nodes = built?.nodes ?? new Map(graph.nodes.map((n) => [n.id, n]));
  const edgesByKind = new Map<EdgeKind, GraphEdge[]>();
  for (const e of graph.edges) {
    const list = edgesByKind.get(e.kind);
    if (list) list.push(e);
    else edgesByKind.set(e.kind, [e]);
  }
  const seen = new Set<string>();
  const assumeEvents: AssumeEvent[] = [];
  for (const e of input.events ?? []) {
    if (!ASSUME_NAMES.has(e.eventName)) continue;
    const key = e.sharedEventId ?? e.eventId;
    if (seen.has(key)) continue;
    seen.add(key);
    assumeEvents.push(e);
  }
  const now = input.now ?? snapshot.createdAt;
  const parsed = Date.parse(now);
  const nowMs = Number.isNaN(parsed) ? 0 : parsed;
  const orgAccounts = new Set<string>(Object.keys(snapshot.organization?.accountParents ?? {}));
  // `aws organizations list-accounts` output gives each member's Status: membership without the tree.
  for (const a of snapshot.accounts) if (a.status !== undefined) orgAccounts.add(a.id);
  const orgKnown = orgAccounts.size > 0;
  if (!orgKnown) for (const a of index.collectedAccounts) orgAccounts.add(a);
  const principalIds = new Map<string, string>();
  for (const r of snapshot.roles) if (r.id) principalIds.set(r.id, r.arn);
  for (const u of snapshot.users) if (u.id) principalIds.set(u.id, u.arn);
  return {
    snapshot,
    index,
    graph,
    nodes,
    edgesByKind,
    edgeIds: built?.edges ?? new Set(graph.edges.map((e) => e.id)),
    assumeEvents,
    hasEvents: (input.events ?? []).length > 0,
    now,
    nowMs,
    windowStartMs: nowMs - AUDIT_WINDOW_DAYS * DAY_MS,
    orgAccounts,
    orgKnown,
    principalIds,
  };
}

export const edgesOf = (ctx: RuleContext, kind: EdgeKind): GraphEdge[] => ctx.edgesByKind.get(kind) ?? [];

/** Positions in `edgesOf(ctx, kind)` by an edge end, ascending (graph order), per context and kind. */
const endIndexes = new WeakMap<RuleContext, Map<string, Map<string, number[]>>>();

/**
 * The positions of the edges of `kind` in `edgesOf(ctx, kind)`, keyed by their `source` or `target`,
 * each list ascending. Built once per context, kind and end. Why: a rule that filtered every edge of a
 * kind once per role, user or policy it reports on scanned a list that grows with the estate once per
 * subject that also grows with it (quadratic: at 1,000 accounts, a third of the findings' time).
 */
export function edgePositionsBy(
  ctx: RuleContext,
  kind: EdgeKind,
  end: 'source' | 'target',
): ReadonlyMap<string, readonly number[]> {
  let byKind = endIndexes.get(ctx);
  if (!byKind) {
    byKind = new Map();
    endIndexes.set(ctx, byKind);
  }
  const key = `${kind}|${end}`;
  let index = byKind.get(key);
  if (!index) {
    index = new Map();
    const edges = edgesOf(ctx, kind);
    for (let i = 0; i < edges.length; i++) pushTo(index, (edges[i] as GraphEdge)[end], i);
    byKind.set(key, index);
  }
  return index;
}

/** The edges of `kind` whose `end` is one of `values`, in graph order (as filtering `edgesOf` would give). */
export function edgesAt(
  ctx: RuleContext,
  kind: EdgeKind,
  end: 'source' | 'target',
  values: Iterable<string>,
): GraphEdge[] {
  const index = edgePositionsBy(ctx, kind, end);
  const positions: number[] = [];
  let lists = 0;
  for (const v of new Set(values)) {
    const at = index.get(v);
    if (!at) continue;
    lists++;
    for (const i of at) positions.push(i);
  }
  if (lists > 1) positions.sort((a, b) => a - b);
  const edges = edgesOf(ctx, kind);
  return positions.map((i) => edges[i] as GraphEdge);
}

/** The principals a role's trust names (the engine's `trustPrincipals`, cached per compiled policy). */
export const trustOf = (role: Role): readonly TrustPrincipal[] => trustPrincipals(role.trustPolicy);

/** Appends to the list under `key`, creating it: linear, where re-spreading the list would be quadratic. */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Those of these edge ids the graph has. */
export const presentEdges = (ctx: RuleContext, ids: string[]): string[] =>
  ids.filter((id) => ctx.edgeIds.has(id));

export const daysBetween = (fromMs: number, toMs: number): number => Math.floor((toMs - fromMs) / DAY_MS);

/** Milliseconds of an ISO date, or undefined. */
export function timeOf(iso: string | undefined): number | undefined {
  if (iso === undefined) return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : t;
}

/** The role an AssumeRole* event targets, if it is in the snapshot. */
export function roleOfEvent(ctx: RuleContext, e: AssumeEvent): Role | undefined {
  return e.roleArn === undefined
    ? undefined
    : (ctx.index.rolesByArn.get(e.roleArn) ?? roleByAnyArn(ctx, e.roleArn));
}

/** A role by its ARN, ignoring the path (CloudTrail and error messages sometimes drop it). */
export function roleByAnyArn(ctx: RuleContext, arn: string): Role | undefined {
  const m = /^arn:[^:]+:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(arn);
  return m ? ctx.index.rolesByAccountName.get(`${m[1]}/${m[2]}`) : undefined;
}

/**
 * The IAM principal that made a call, as the engine should see it: the role behind an assumed-role
 * session, the user, or the service; undefined when CloudTrail does not say.
 */
export function callerPrincipal(e: AssumeEvent): string | undefined {
  const c = e.caller;
  if (c.type === 'AssumedRole') return c.sessionIssuerArn ?? c.arn;
  if (c.type === 'AWSService') return c.invokedBy;
  if (c.type === 'IAMUser' || c.type === 'Root') return c.arn;
  // Another account's principal: CloudTrail of the role's account names only the account (and a principal
  // id), so the caller is "someone in that account", for whom the engine assumes their own side allows.
  if (c.type === 'AWSAccount')
    return c.accountId !== undefined ? `arn:aws:iam::${c.accountId}:role/rolechain-probe` : c.arn;
  if (e.eventName === 'AssumeRoleWithWebIdentity' || e.eventName === 'AssumeRoleWithSAML')
    return e.provider ?? c.identityProvider;
  return c.arn;
}

/** A short name for a principal ARN or service, for messages. */
export function shortName(principal: string): string {
  const m = /^arn:[^:]+:(?:iam|sts)::(\d{12}):(.*)$/.exec(principal);
  return m ? `${m[2]} (${m[1]})` : principal;
}

/** Characters IAM accepts in a Sid and in an inline policy name. */
export function sidOf(text: string): string {
  const cleaned = text.replace(/[^A-Za-z0-9]/g, '');
  return cleaned.length > 0 ? cleaned.slice(0, 100) : 'Rolechain';
}

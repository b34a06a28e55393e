/**
 * Collects nodes and edges without duplicates, and names nodes the same way everywhere
 * (see `GraphNode.id` in types.ts).
 */
import type { IdentityProvider, Role, User } from '../model';
import { awsCreatedRole, nameOf, parseArn } from '../model';
import type { Evaluation, OpenCondition, Reason } from '../policy/types';
import type { SnapshotIndex } from './snapshot-index';
import type { EdgeKind, GraphEdge, GraphNode, RoleGraph } from './types';
import { edgeId } from './types';

export const accountNodeId = (account: string): string => `account:${account}`;
export const serviceNodeId = (service: string): string => `service:${service.toLowerCase()}`;
export const ANONYMOUS_ID = 'anonymous';
export const bucketNodeId = (bucket: string): string => `arn:aws:s3:::${bucket}`;
export const prefixNodeId = (bucket: string, prefix: string): string => `s3://${bucket}/${prefix}`;
export const instanceNodeId = (account: string, region: string, id: string): string =>
  `arn:aws:ec2:${region}:${account}:instance/${id}`;
/** An instance CloudTrail names that the snapshot does not hold: one node per instance id, whatever named it. */
export const unknownInstanceNodeId = (id: string): string => `unknown-instance:${id}`;

export class GraphBuilder {
  readonly nodes = new Map<string, GraphNode>();
  readonly edges = new Map<string, GraphEdge>();

  private readonly accountNames: Map<string, string | undefined>;

  constructor(private readonly sx: SnapshotIndex) {
    this.accountNames = new Map(sx.snapshot.accounts.map((a) => [a.id, a.name]));
  }

  node(n: GraphNode): string {
    const existing = this.nodes.get(n.id);
    if (!existing) this.nodes.set(n.id, n);
    else if (n.meta) existing.meta = { ...existing.meta, ...n.meta };
    return n.id;
  }

  edge(kind: EdgeKind, source: string, target: string, extra: Partial<GraphEdge> = {}): GraphEdge {
    const id = edgeId(kind, source, target);
    const existing = this.edges.get(id);
    if (existing) return existing;
    const e: GraphEdge = { id, kind, source, target, ...extra };
    this.edges.set(id, e);
    return e;
  }

  /** An edge carrying an engine decision; its reasons are the evaluation's, built when first read. */
  decided(
    kind: EdgeKind,
    source: string,
    target: string,
    ev: Evaluation,
    extra: Partial<GraphEdge> = {},
  ): GraphEdge {
    // Without merging `extra` into a new object per edge: `lazyEdge` assigns the open conditions first,
    // then `extra`, the same keys in the same order.
    return this.lazyEdge(kind, source, target, ev.decision, ev, extra, ev.openConditions);
  }

  /**
   * Like `edge()` with `{ decision, reasons, ...rest }`, but `reasons` is read from `from.reasons` (an
   * evaluation; none: no reasons) only when first read. Why: the engine builds reasons lazily, and a
   * build evaluates tens of thousands of pairs while the dashboard shows the reasons of a few edges;
   * copying `ev.reasons` here forced them all (about a tenth of a build's CPU, and much of its garbage).
   * Same key order as `edge()` would give; `openConditions` (where not empty) come before `rest`.
   */
  lazyEdge(
    kind: EdgeKind,
    source: string,
    target: string,
    decision: Evaluation['decision'],
    from: ReasonsSource | undefined,
    rest: Partial<GraphEdge>,
    openConditions?: OpenCondition[],
  ): GraphEdge {
    const id = edgeId(kind, source, target);
    const existing = this.edges.get(id);
    if (existing) return existing;
    const e: GraphEdge = { id, kind, source, target, decision };
    lazyReasons(e, from);
    if (openConditions !== undefined && openConditions.length > 0) e.openConditions = openConditions;
    Object.assign(e, rest);
    this.edges.set(id, e);
    return e;
  }

  account(account: string): string {
    const collected = this.sx.collectedAccounts.has(account);
    return this.node({
      id: accountNodeId(account),
      kind: collected ? 'account' : 'external-account',
      label: this.accountNames.get(account) ?? account,
      account,
      ...(collected ? {} : { external: true }),
    });
  }

  role(role: Role): string {
    // Asked for every edge a role takes part in; its node and meta depend on the role alone.
    if (this.nodes.has(role.arn)) return role.arn;
    return this.node({
      id: role.arn,
      kind: 'role',
      label: role.name,
      account: role.account,
      arn: role.arn,
      meta: {
        // Only a limit some source gave: authorization details alone do not carry it (model/session-duration.ts).
        ...(role.maxSessionDurationKnown === false ? {} : { maxSessionDuration: role.maxSessionDuration }),
        ...(role.lastUsed?.date !== undefined ? { lastUsed: role.lastUsed.date } : {}),
        ...(role.path !== '/' ? { path: role.path } : {}),
        ...awsCreatedMeta(role),
      },
    });
  }

  user(user: User): string {
    if (this.nodes.has(user.arn)) return user.arn;
    const activeKeys = user.accessKeys.filter((k) => k.status === 'Active').length;
    return this.node({
      id: user.arn,
      kind: 'user',
      label: user.name,
      account: user.account,
      arn: user.arn,
      meta: {
        activeAccessKeys: activeKeys,
        ...(user.mfaActive !== undefined ? { mfa: user.mfaActive } : {}),
      },
    });
  }

  /** A role, user or other IAM ARN that the snapshot does not hold; `label` where its last segment is no name. */
  outsidePrincipal(arn: string, why: 'external' | 'absent', label?: string): string {
    const account = parseArn(arn)?.account;
    return this.node({
      id: arn,
      kind: 'external-principal',
      label: label ?? nameOf(arn),
      ...(account ? { account } : {}),
      arn,
      external: true,
      meta: { [why === 'external' ? 'outsideSnapshot' : 'absentFromSnapshot']: true },
    });
  }

  /**
   * An STS session named by ARN that no role of the snapshot stands for: a role session whose role
   * is not in the snapshot (`assumed-role/<role>/<session>`), or a federated user (`federated-user/<name>`,
   * made by an IAM user's GetFederationToken). Sessions are never listed by IAM, so a session of a
   * collected account is not "absent": only its role may be (`roleAbsent`).
   */
  session(arn: string): string {
    const a = parseArn(arn);
    const account = a && /^\d{12}$/.test(a.account) ? a.account : undefined;
    const collected = account !== undefined && this.sx.collectedAccounts.has(account);
    const federated = a?.resource.startsWith('federated-user/') ?? false;
    const role = /^assumed-role\/([^/]+)\/(.+)$/.exec(a?.resource ?? '');
    return this.node({
      id: arn,
      kind: 'session',
      label: role ? `${role[1] ?? ''} / ${role[2] ?? ''}` : nameOf(arn),
      ...(account ? { account } : {}),
      arn,
      ...(collected ? {} : { external: true }),
      meta: {
        ...(federated ? { federatedUser: true } : {}),
        ...(role ? { roleName: role[1] ?? '', sessionName: role[2] ?? '' } : {}),
        ...(role && collected ? { roleAbsent: true } : {}),
        ...(collected ? {} : { outsideSnapshot: true }),
      },
    });
  }

  service(service: string): string {
    return this.node({ id: serviceNodeId(service), kind: 'service', label: service.toLowerCase() });
  }

  anonymous(): string {
    return this.node({ id: ANONYMOUS_ID, kind: 'anonymous', label: 'any AWS principal (*)' });
  }

  provider(value: string): string {
    const known: IdentityProvider | undefined = this.sx.providersByArn.get(value);
    const arn = parseArn(value);
    const saml = value.includes(':saml-provider/');
    const id = arn ? value : `federated:${value.toLowerCase()}`;
    const account = arn && /^\d{12}$/.test(arn.account) ? arn.account : undefined;
    // A provider ARN of a collected account is that account's own, even when no provider list was
    // loaded (authorization details do not carry them); public identity providers are outside.
    const own = account !== undefined && this.sx.collectedAccounts.has(account);
    return this.node({
      id,
      kind: saml ? 'saml-provider' : 'oidc-provider',
      label: arn ? arn.resource.replace(/^(oidc|saml)-provider\//, '') : value,
      ...(account ? { account } : {}),
      ...(arn ? { arn: value } : {}),
      ...(known || own ? {} : { external: true }),
      ...(!known && own ? { meta: { notListed: true } } : {}),
    });
  }

  bucket(name: string): string {
    const b = this.sx.bucketsByName.get(name);
    return this.node({
      id: bucketNodeId(name),
      kind: 'bucket',
      label: name,
      arn: bucketNodeId(name),
      ...(b?.account !== undefined ? { account: b.account } : {}),
      ...(b ? {} : { external: true }),
      ...(b?.region !== undefined ? { meta: { region: b.region } } : {}),
    });
  }

  prefix(bucket: string, prefix: string): string {
    const b = this.sx.bucketsByName.get(bucket);
    return this.node({
      id: prefixNodeId(bucket, prefix),
      kind: 'bucket-prefix',
      label: `${bucket}/${prefix}`,
      ...(b?.account !== undefined ? { account: b.account } : {}),
      ...(b ? {} : { external: true }),
      meta: { bucket, prefix },
    });
  }

  graph(): RoleGraph {
    const graph = { nodes: [...this.nodes.values()], edges: [...this.edges.values()] };
    builtMaps.set(graph, { nodes: this.nodes, edges: this.edges, lists: [graph.nodes, graph.edges] });
    return graph;
  }
}

/** The builder's maps of a graph, with the lists they were made into (see `lookupsOf`). */
const builtMaps = new WeakMap<
  RoleGraph,
  {
    nodes: ReadonlyMap<string, GraphNode>;
    edges: ReadonlyMap<string, GraphEdge>;
    lists: readonly [GraphNode[], GraphEdge[]];
  }
>();

/**
 * The builder's node and edge maps by id, for a graph as the builder made it: the same lists, of the same
 * lengths. Why: the findings need both look-ups, and making them again from the lists costs a second pair
 * of tables as large as the graph (at 200,000 roles, 650,000 edges), hashed again, and kept as long as
 * the findings' lazy re-checks are. Undefined once the graph's lists were replaced or grown (a graph
 * edited after the build), so a caller builds its own from the lists.
 */
export function lookupsOf(
  graph: RoleGraph,
): { nodes: ReadonlyMap<string, GraphNode>; edges: ReadonlyMap<string, GraphEdge> } | undefined {
  const built = builtMaps.get(graph);
  if (!built) return undefined;
  const [nodes, edges] = built.lists;
  if (graph.nodes !== nodes || graph.edges !== edges) return undefined;
  if (nodes.length !== built.nodes.size || edges.length !== built.edges.size) return undefined;
  return built;
}

/** The service that creates a role of this name and path (`model/aws-created-role.ts`), for the card. */
function awsCreatedMeta(role: Role): Record<string, string> {
  const created = awsCreatedRole(role);
  return created ? { awsCreatedBy: created.creator } : {};
}

/** What a lazy edge reads its reasons from: an evaluation, whose own reasons are built when first read. */
export interface ReasonsSource {
  readonly reasons: Reason[];
}

/** The reasons of an edge once read or set (then `reasons` returns exactly this, as a plain property would). */
class ReadReasons {
  constructor(readonly value: Reason[] | undefined) {}
}

/** The hidden, non-enumerable slot of a lazy edge: its source until first read, then its `ReadReasons`. */
const REASONS_SLOT = Symbol('rolechain.edge.reasons');
type LazyHolder = GraphEdge & { [REASONS_SLOT]: ReasonsSource | ReadReasons | undefined };

/**
 * One getter and one setter shared by every lazy edge. Why: an accessor made of fresh closures per edge
 * gave each edge an accessor pair of its own, which V8 cannot share between objects, so every decided
 * edge became a dictionary-mode object (slower to read everywhere, bigger to keep and to collect);
 * with the same functions, all lazy edges share one hidden class.
 */
const REASONS_ACCESSOR: PropertyDescriptor = {
  enumerable: true,
  configurable: true,
  get(this: LazyHolder): Reason[] | undefined {
    const slot = this[REASONS_SLOT];
    if (slot instanceof ReadReasons) return slot.value;
    const value = slot?.reasons ?? [];
    this[REASONS_SLOT] = new ReadReasons(value);
    return value;
  },
  set(this: LazyHolder, v: Reason[] | undefined) {
    this[REASONS_SLOT] = new ReadReasons(v);
  },
};

/**
 * Defines `edge.reasons` as an enumerable, memoised getter (with a setter), so JSON.stringify, spreading,
 * structured cloning and deep equality see a plain `reasons` array, built on first read. The source sits
 * in a non-enumerable symbol slot, which none of those see.
 */
function lazyReasons(edge: GraphEdge, from: ReasonsSource | undefined): void {
  // One descriptor for every edge's slot, its value set for the call and cleared after (so it holds no
  // evaluation): a fresh descriptor object per edge was garbage on every decided edge.
  SLOT_DESCRIPTOR.value = from;
  Object.defineProperty(edge, REASONS_SLOT, SLOT_DESCRIPTOR);
  SLOT_DESCRIPTOR.value = undefined;
  Object.defineProperty(edge, 'reasons', REASONS_ACCESSOR);
}

const SLOT_DESCRIPTOR: PropertyDescriptor = {
  value: undefined,
  writable: true,
  enumerable: false,
  configurable: true,
};

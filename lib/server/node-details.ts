/** What the details panel shows for one node: its policies as AWS holds them, its edges with their reasons, its findings. */
import type { GraphEdge, GraphNode } from '../graph/types';
import type { Finding } from '../findings/types';
import type { Bucket, Ec2Instance, InstanceProfile, ManagedPolicy, Role, Snapshot, User } from '../model';
import { awsCreatedRole, gapMessage, knownMaxSessionDuration, MAX_SESSION_DURATION_SOURCES } from '../model';
import { searchKey } from '../model/text-match';
import type { Analysis } from './analysis';

export interface NodePolicy {
  /** `trust`, `inline`, `managed`, `boundary`, `group inline (<group>)`, `group managed (<group>)`, `bucket`, `glue`, `kms`. */
  kind: string;
  name: string;
  arn?: string;
  document: unknown;
}

export interface NodeDetails {
  node: GraphNode;
  /**
   * What of the node's account (and of the organisation) was not read fully or is stale: the node's
   * edges and findings rest on that data, so their verdicts are as old, or unknown.
   */
  dataNotes: string[];
  facts: Record<string, string | number | boolean>;
  policies: NodePolicy[];
  edgesIn: GraphEdge[];
  edgesOut: GraphEdge[];
  /**
   * The short name of every node at the other end of an edge, by id: the panel names edges in words
   * ("can-assume: doris-be-instance-role → doris-s3-role") and keeps the ARN for a tooltip and a copy.
   */
  labels: Record<string, string>;
  findings: Finding[];
}

/** The limit, or why there is none: authorization details do not carry it. */
function maxSessionDurationFact(r: Role): number | string {
  return (
    knownMaxSessionDuration(r) ??
    `unknown: get-account-authorization-details does not carry it (${MAX_SESSION_DURATION_SOURCES}); every role allows 3600 s`
  );
}

const pick = (facts: NodeDetails['facts'], key: string): NodeDetails['facts'] =>
  key in facts ? { [key]: facts[key] as string | number | boolean } : {};

/**
 * The snapshot's records by the key the panel looks them up by, made on the first details request of
 * an analysis and kept with it: at 200,000 roles a scan of the roles (and a map of every managed
 * policy) on each request was most of its time. Same answers as the scans: the first record of a key
 * wins, as `find` takes it; for managed policies the last, as the map the scan built took it.
 */
interface Lookups {
  roles: Map<string, Role>;
  users: Map<string, User>;
  managedPolicies: Map<string, ManagedPolicy>;
  buckets: Map<string, Bucket>;
  instanceProfiles: Map<string, InstanceProfile>;
  instances: Map<string, Ec2Instance>;
}

function firstBy<T>(xs: readonly T[], key: (x: T) => string): Map<string, T> {
  const m = new Map<string, T>();
  for (const x of xs) {
    const k = key(x);
    if (!m.has(k)) m.set(k, x);
  }
  return m;
}

const lookupsOf = new WeakMap<Snapshot, Lookups>();

function lookups(s: Snapshot): Lookups {
  let l = lookupsOf.get(s);
  if (!l) {
    l = {
      roles: firstBy(s.roles, (r) => r.arn),
      users: firstBy(s.users, (u) => u.arn),
      managedPolicies: new Map(s.managedPolicies.map((p) => [p.arn, p])),
      buckets: firstBy(s.buckets, (b) => b.name),
      instanceProfiles: firstBy(s.instanceProfiles, (p) => p.arn),
      instances: firstBy(s.instances, (i) => i.id),
    };
    lookupsOf.set(s, l);
  }
  return l;
}

function managed(l: Lookups, arns: string[], kind: string): NodePolicy[] {
  return arns.map((arn) => {
    const p = l.managedPolicies.get(arn);
    return { kind, name: p?.name ?? arn.split('/').pop() ?? arn, arn, document: p?.document ?? null };
  });
}

function policiesOf(
  s: Snapshot,
  l: Lookups,
  node: GraphNode,
): { policies: NodePolicy[]; facts: NodeDetails['facts'] } {
  const id = node.arn ?? node.id;
  if (node.kind === 'role') {
    const r = l.roles.get(id);
    if (!r) return { policies: [], facts: {} };
    return {
      facts: {
        arn: r.arn,
        account: r.account,
        maxSessionDuration: maxSessionDurationFact(r),
        ...(r.lastUsed?.date ? { lastUsed: r.lastUsed.date } : {}),
        ...(r.permissionsBoundaryArn ? { permissionsBoundary: r.permissionsBoundaryArn } : {}),
        ...createdByFact(r),
      },
      policies: [
        { kind: 'trust', name: 'Trust policy', document: r.trustPolicy },
        ...r.inlinePolicies.map((p) => ({ kind: 'inline', name: p.name, document: p.document })),
        ...managed(l, r.attachedPolicyArns, 'managed'),
        ...(r.permissionsBoundaryArn ? managed(l, [r.permissionsBoundaryArn], 'boundary') : []),
      ],
    };
  }
  if (node.kind === 'user') {
    const u = l.users.get(id);
    if (!u) return { policies: [], facts: {} };
    const groups = s.groups.filter((g) => g.account === u.account && u.groupNames.includes(g.name));
    return {
      facts: {
        arn: u.arn,
        account: u.account,
        activeAccessKeys: u.accessKeys.filter((k) => k.status === 'Active').length,
        groups: u.groupNames.join(', '),
      },
      policies: [
        ...u.inlinePolicies.map((p) => ({ kind: 'inline', name: p.name, document: p.document })),
        ...managed(l, u.attachedPolicyArns, 'managed'),
        ...groups.flatMap((g) => [
          ...g.inlinePolicies.map((p) => ({
            kind: `group inline (${g.name})`,
            name: p.name,
            document: p.document,
          })),
          ...managed(l, g.attachedPolicyArns, `group managed (${g.name})`),
        ]),
        ...(u.permissionsBoundaryArn ? managed(l, [u.permissionsBoundaryArn], 'boundary') : []),
      ],
    };
  }
  if (node.kind === 'bucket') {
    const name = node.id
      .replace(/^s3:\/\//, '')
      .replace(/^arn:aws:s3:::/, '')
      .split('/')[0];
    const b = name === undefined ? undefined : l.buckets.get(name);
    return {
      facts: {
        bucket: name ?? '',
        ...(b?.account ? { account: b.account } : {}),
        ...(b?.region ? { region: b.region } : {}),
      },
      policies:
        b?.policy !== undefined ? [{ kind: 'bucket', name: 'Bucket policy', document: b.policy }] : [],
    };
  }
  if (node.kind === 'eks-cluster') {
    const c = (s.eksClusters ?? []).find((x) => x.arn === id);
    return {
      facts: c
        ? { arn: c.arn, region: c.region, oidcIssuer: c.oidcIssuer ?? '(none: IRSA is not set up)' }
        : {},
      policies: [],
    };
  }
  if (WORKLOAD_NODE_KINDS.has(node.kind)) {
    // One node per workload id; a service account read from two sources (kubectl, Pod Identity) shows both.
    const ws = (s.workloads ?? []).filter((x) => x.id === id);
    const w = ws[0];
    if (!w) return { facts: {}, policies: [] };
    return {
      facts: {
        workload: w.kind,
        account: w.account,
        region: w.region,
        ...(w.cluster !== undefined ? { cluster: w.cluster } : {}),
        ...(w.namespace !== undefined ? { namespace: w.namespace } : {}),
        ...(w.serviceAccount !== undefined ? { serviceAccount: w.serviceAccount } : {}),
        roles: ws.flatMap((x) => x.roles.map((r) => `${r.use}: ${r.arn}`)).join(', ') || '(none)',
        readFrom: [...new Set(ws.map((x) => x.source))].join(', '),
      },
      policies: [],
    };
  }
  if (node.kind === 'instance-profile') {
    const p = l.instanceProfiles.get(id);
    return { facts: p ? { arn: p.arn, roles: p.roleArns.join(', ') || '(none)' } : {}, policies: [] };
  }
  if (node.kind === 'instance') {
    const key = node.meta?.instanceId ?? node.id;
    const i = typeof key === 'string' ? l.instances.get(key) : undefined;
    return {
      facts: i
        ? {
            instanceId: i.id,
            region: i.region,
            state: i.state ?? '',
            profile: i.instanceProfileArn ?? '(none)',
            name: i.name ?? '',
          }
        : {
            instanceId: String(node.meta?.instanceId ?? node.id),
            unknown:
              'CloudTrail names this instance, the snapshot does not hold it: EC2 was not read for its account and region, or it is terminated. Import aws ec2 describe-instances output for them to settle it.',
          },
      policies: [],
    };
  }
  if (node.kind === 'glue-catalog') {
    const g = s.glueCatalogs.find((x) => x.account === node.account);
    return {
      facts: {},
      policies:
        g?.policy !== undefined
          ? [{ kind: 'glue', name: 'Catalog resource policy', document: g.policy }]
          : [],
    };
  }
  if (node.kind === 'session')
    return { facts: { ...(node.arn ? { arn: node.arn } : {}), ...node.meta }, policies: [] };
  return { facts: node.arn ? { arn: node.arn } : {}, policies: [] };
}

/** Who creates a role of this name and trust shape, and why it trusts what it trusts. */
function createdByFact(r: Role): NodeDetails['facts'] {
  const created = awsCreatedRole(r);
  return created ? { createdBy: `${created.creator}: ${created.explanation}` } : {};
}

export function nodeDetails(a: Analysis, id: string): NodeDetails | undefined {
  const node = a.index.nodes.get(id);
  if (!node) return undefined;
  const { policies, facts } = policiesOf(a.snapshot, lookups(a.snapshot), node);
  const notes = a.gaps
    .filter((p) => p.source === 'organizations' || (node.account !== undefined && p.account === node.account))
    .map(gapMessage);
  const edgesIn = a.index.in.get(id) ?? [];
  const edgesOut = a.index.out.get(id) ?? [];
  const labels: Record<string, string> = { [id]: node.label };
  for (const e of [...edgesIn, ...edgesOut])
    for (const end of [e.source, e.target])
      if (!(end in labels)) labels[end] = a.index.nodes.get(end)?.label ?? end;
  return {
    node,
    dataNotes: notes,
    // The role's own facts win over the card's: the card's number cannot say that a limit is unknown.
    facts: { ...facts, ...(node.meta ?? {}), ...pick(facts, 'maxSessionDuration') },
    policies,
    edgesIn,
    edgesOut,
    labels,
    findings: a.findingsByNode.get(id) ?? [],
  };
}

export interface SearchHit {
  id: string;
  kind: GraphNode['kind'];
  label: string;
  account?: string;
}

/**
 * Type-ahead over names, ARNs, ids (account, instance id) as `matchesText` reads them: any case,
 * spaces, hyphens and underscores alike. Prefix matches of the name first, then the name anywhere,
 * then the other fields.
 */
/** A node's search keys, worked out once per analysis (`searchIndex`). */
interface SearchEntry {
  node: GraphNode;
  label: string;
  other: string[];
  /**
   * The label's place in the collator's order of all labels (equal labels, to the collator, share a
   * place): hits of one score are ranked by it, an integer comparison where a collator comparison per
   * match cost most of a search at 200,000 roles (a short query matches much of the estate).
   */
  order: number;
  /** The node's place in the graph: among equal labels, the earlier node comes first. */
  pos: number;
}

interface SearchIndex {
  entries: SearchEntry[];
  /** The entries by label key in code-unit order: the labels that start with a text are one run of it. */
  byKey: SearchEntry[];
  /**
   * `byKey` cut into blocks of `SEARCH_BLOCK`: for each block, its positions in `byKey` in rank order
   * (collator order, then place). A short query's run is tens of thousands of names at 200,000 roles;
   * ranking each full block of it in this order stops at its first name that does not make the best
   * `limit`, so a search reads a few names a block instead of every name of the run.
   */
  blockRanked: Int32Array;
}

/** Names a block of `SearchIndex.blockRanked` holds. */
const SEARCH_BLOCK = 64;

const searchIndexes = new WeakMap<Analysis, SearchIndex>();
const collator = new Intl.Collator();

/**
 * Every node's keys, made on the first search of an analysis and kept with it: at 200,000 roles,
 * normalising every label, id and ARN again on each keystroke was most of a search's time.
 */
function searchIndex(a: Analysis): SearchIndex {
  let index = searchIndexes.get(a);
  if (!index) {
    const entries = a.graph.nodes.map((n, pos) => {
      const instance = n.meta?.instanceId;
      const other = [n.id, n.arn, n.account, typeof instance === 'string' ? instance : undefined];
      return {
        node: n,
        label: searchKey(n.label),
        other: other.filter((o): o is string => o !== undefined).map(searchKey),
        order: 0,
        pos,
      };
    });
    // One collator sort per analysis (about a second at 264,000 nodes).
    const byLabel = [...entries].sort((x, y) => collator.compare(x.node.label, y.node.label));
    for (let i = 1; i < byLabel.length; i++) {
      const prev = byLabel[i - 1]!;
      const e = byLabel[i]!;
      e.order = collator.compare(prev.node.label, e.node.label) === 0 ? prev.order : i;
    }
    const byKey = [...entries].sort((x, y) => (x.label < y.label ? -1 : x.label > y.label ? 1 : 0));
    const blockRanked = new Int32Array(byKey.length);
    for (let start = 0; start < byKey.length; start += SEARCH_BLOCK) {
      const end = Math.min(start + SEARCH_BLOCK, byKey.length);
      const block = Array.from({ length: end - start }, (_, i) => start + i);
      block.sort((x, y) => (Best.before(byKey[x]!, byKey[y]!) ? -1 : 1));
      blockRanked.set(block, start);
    }
    index = { entries, byKey, blockRanked };
    searchIndexes.set(a, index);
  }
  return index;
}

/**
 * Builds the search keys of an analysis now (seconds at 200,000 roles, most of it one collator sort):
 * the server calls it as an analysis completes, so no keystroke waits for it while others are served.
 */
export function prepareSearch(a: Analysis): void {
  searchIndex(a);
}

/** The first place in `byKey` whose label is not below `key`. */
function lowerBound(byKey: readonly SearchEntry[], key: string): number {
  let lo = 0;
  let hi = byKey.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (byKey[mid]!.label < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The end of the run of `byKey` from `lo` whose labels start with `key` (`lo` is its lower bound). */
function runEnd(byKey: readonly SearchEntry[], key: string, lo: number): number {
  let hi = byKey.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (byKey[mid]!.label.startsWith(key)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The best `limit` entries by (score, label, place), kept sorted as they come. */
class Best {
  readonly hits: { e: SearchEntry; score: number }[] = [];
  constructor(private readonly limit: number) {}

  /** Rank order among entries of one score: the collator's order of labels, then place in the graph. */
  static before(x: SearchEntry, y: SearchEntry): boolean {
    return x.order < y.order || (x.order === y.order && x.pos < y.pos);
  }

  private static hitBefore(
    x: { e: SearchEntry; score: number },
    y: { e: SearchEntry; score: number },
  ): boolean {
    return x.score < y.score || (x.score === y.score && Best.before(x.e, y.e));
  }

  /** Adds `e` if it is among the best so far; false when it is not (nor anything ranked after it). */
  add(e: SearchEntry, score: number): boolean {
    const hit = { e, score };
    const last = this.hits[this.hits.length - 1];
    if (this.hits.length >= this.limit && last && !Best.hitBefore(hit, last)) return false;
    let i = this.hits.length;
    while (i > 0 && Best.hitBefore(hit, this.hits[i - 1]!)) i--;
    this.hits.splice(i, 0, hit);
    if (this.hits.length > this.limit) this.hits.pop();
    return true;
  }
}

/**
 * Adds the run `byKey[lo, hi)` (every label starting with the query, all of score 0) to `best`: the
 * ends outside whole blocks name by name, each whole block in rank order until a name is not taken.
 */
function addRun({ byKey, blockRanked }: SearchIndex, lo: number, hi: number, best: Best): void {
  let i = lo;
  const firstWhole = Math.min(hi, Math.ceil(lo / SEARCH_BLOCK) * SEARCH_BLOCK);
  for (; i < firstWhole; i++) best.add(byKey[i]!, 0);
  for (; i + SEARCH_BLOCK <= hi; i += SEARCH_BLOCK)
    for (let j = i; j < i + SEARCH_BLOCK; j++) if (!best.add(byKey[blockRanked[j]!]!, 0)) break;
  for (; i < hi; i++) best.add(byKey[i]!, 0);
}

export function searchNodes(a: Analysis, q: string, limit = 20): SearchHit[] {
  const needle = searchKey(q.trim());
  if (needle === '') return [];
  // Hits rank by score (the name starts with it, has it, another field has it), then by name. A short
  // query matches much of a large estate, so each score is taken only if the better ones leave room:
  // names that start with it are one run of the key order; the scans for the others come after.
  const index = searchIndex(a);
  const { entries, byKey } = index;
  const best = new Best(limit);
  const lo = lowerBound(byKey, needle);
  const hi = runEnd(byKey, needle, lo);
  addRun(index, lo, hi, best);
  let found = hi - lo;
  if (found < limit)
    for (const e of entries)
      if (!e.label.startsWith(needle) && e.label.includes(needle)) {
        best.add(e, 1);
        found++;
      }
  if (found < limit)
    for (const e of entries)
      if (!e.label.includes(needle) && e.other.some((o) => o.includes(needle))) best.add(e, 2);
  return best.hits.map(({ e: { node: n } }) => ({
    id: n.id,
    kind: n.kind,
    label: n.label,
    ...(n.account ? { account: n.account } : {}),
  }));
}

const WORKLOAD_NODE_KINDS: ReadonlySet<string> = new Set([
  'service-account',
  'node-group',
  'ecs-task',
  'lambda-function',
  'glue-job',
  'emr-cluster',
]);

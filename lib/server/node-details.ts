/** What the details panel shows for one node: its policies as AWS holds them, its edges with their reasons, its findings. */
import type { GraphEdge, GraphNode } from '../graph/types';
import type { Finding } from '../findings/types';
import type {
  Bucket,
  Ec2Instance,
  InstanceProfile,
  ManagedPolicy,
  Role,
  Snapshot,
  User,
} from '../model';
import {
  awsCreatedRole,
  gapMessage,
  knownMaxSessionDuration,
  MAX_SESSION_DURATION_SOURCES,
} from '../model';
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
   * match was most of a search's time at 200,000 roles (a short query matches most of the estate).
   */
  order: number;
}

const searchIndexes = new WeakMap<Analysis, SearchEntry[]>();
const collator = new Intl.Collator();

/**
 * Every node's keys, made on the first search of an analysis and kept with it: at 200,000 roles,
 * normalising every label, id and ARN again on each keystroke was most of a search's time.
 */
function searchIndex(a: Analysis): SearchEntry[] {
  let entries = searchIndexes.get(a);
  if (!entries) {
    entries = a.graph.nodes.map((n) => {
      const instance = n.meta?.instanceId;
      const other = [n.id, n.arn, n.account, typeof instance === 'string' ? instance : undefined];
      return {
        node: n,
        label: searchKey(n.label),
        other: other.filter((o): o is string => o !== undefined).map(searchKey),
        order: 0,
      };
    });
    // One collator sort per analysis (about a second at 264,000 nodes), on the first search.
    const byLabel = [...entries].sort((x, y) => collator.compare(x.node.label, y.node.label));
    for (let i = 1; i < byLabel.length; i++) {
      const prev = byLabel[i - 1]!;
      const e = byLabel[i]!;
      e.order = collator.compare(prev.node.label, e.node.label) === 0 ? prev.order : i;
    }
    searchIndexes.set(a, entries);
  }
  return entries;
}

export function searchNodes(a: Analysis, q: string, limit = 20): SearchHit[] {
  const needle = searchKey(q.trim());
  if (needle === '') return [];
  // The best `limit` hits by (score, label), kept sorted as they come: a short query matches most of a
  // large estate, and sorting every match to keep 20 took longer than the scan.
  const best: { e: SearchEntry; score: number }[] = [];
  const before = (x: { e: SearchEntry; score: number }, y: { e: SearchEntry; score: number }): boolean =>
    x.score < y.score || (x.score === y.score && x.e.order < y.e.order);
  for (const e of searchIndex(a)) {
    const score = e.label.startsWith(needle)
      ? 0
      : e.label.includes(needle)
        ? 1
        : e.other.some((o) => o.includes(needle))
          ? 2
          : -1;
    if (score < 0) continue;
    const hit = { e, score };
    const last = best[best.length - 1];
    if (best.length >= limit && last && !before(hit, last)) continue;
    let i = best.length;
    while (i > 0 && before(hit, best[i - 1]!)) i--;
    best.splice(i, 0, hit);
    if (best.length > limit) best.pop();
  }
  return best.map(({ e: { node: n } }) => ({
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

/**
 * Lookups over one Snapshot, built once: principals by ARN and by account/name, the policies that
 * apply to each principal (inline, attached managed, groups' for users, permission boundary), and the
 * organisation's SCP / RCP levels per account. Everything the engine is called with comes from here.
 */
import type {
  Bucket,
  Ec2Instance,
  GlueCatalog,
  Group,
  IdentityProvider,
  InstanceProfile,
  KmsKey,
  ManagedPolicy,
  OrgPolicyKind,
  Role,
  Snapshot,
  User,
} from '../model';
import type { OrgLevelPolicies, PolicyInput } from '../policy/types';

export type IamPrincipal = { kind: 'role'; role: Role } | { kind: 'user'; user: User };

export interface SnapshotIndex {
  snapshot: Snapshot;
  /** Account ids whose IAM was collected (roles, users or an `accounts` entry). */
  collectedAccounts: Set<string>;
  rolesByArn: Map<string, Role>;
  /** `${account}/${roleName}`: how an assumed-role session (which has no path) names its role. */
  rolesByAccountName: Map<string, Role>;
  usersByArn: Map<string, User>;
  groupsByAccountName: Map<string, Group>;
  managedByArn: Map<string, ManagedPolicy>;
  profilesByArn: Map<string, InstanceProfile>;
  instancesById: Map<string, Ec2Instance>;
  providersByArn: Map<string, IdentityProvider>;
  bucketsByName: Map<string, Bucket>;
  glueByAccountRegion: Map<string, GlueCatalog>;
  kmsByArn: Map<string, KmsKey>;
  /** Identity policies of a role or user (users: with their groups' policies folded in). Cached. */
  identityPolicies(p: IamPrincipal): PolicyInput[];
  boundaries(p: IamPrincipal): PolicyInput[];
  /** SCPs from the root down to the account; undefined when the account is outside the organisation or is its management account. */
  scps(account: string): OrgLevelPolicies[] | undefined;
  /** RCPs from the root down to the account; undefined when none apply. */
  rcps(account: string): OrgLevelPolicies[] | undefined;
  /** `aws:PrincipalOrgID` of principals in this account, where known. */
  orgIdOf(account: string): string | undefined;
}

export const principalArn = (p: IamPrincipal): string => (p.kind === 'role' ? p.role.arn : p.user.arn);
export const principalAccount = (p: IamPrincipal): string =>
  p.kind === 'role' ? p.role.account : p.user.account;

/** Builds the lookups of one snapshot (linear in its size). */
export function indexSnapshot(snapshot: Snapshot): SnapshotIndex {
  const collectedAccounts = new Set<string>();
  for (const a of snapshot.accounts) if (!a.external) collectedAccounts.add(a.id);
  const rolesByArn = new Map<string, Role>();
  const rolesByAccountName = new Map<string, Role>();
  for (const r of snapshot.roles) {
    rolesByArn.set(r.arn, r);
    rolesByAccountName.set(`${r.account}/${r.name}`, r);
    collectedAccounts.add(r.account);
  }
  const usersByArn = new Map<string, User>();
  for (const u of snapshot.users) {
    usersByArn.set(u.arn, u);
    collectedAccounts.add(u.account);
  }
  const groupsByAccountName = new Map<string, Group>();
  for (const g of snapshot.groups) groupsByAccountName.set(`${g.account}/${g.name}`, g);
  const managedByArn = new Map<string, ManagedPolicy>();
  for (const m of snapshot.managedPolicies) managedByArn.set(m.arn, m);
  const profilesByArn = new Map<string, InstanceProfile>();
  for (const p of snapshot.instanceProfiles) profilesByArn.set(p.arn, p);
  const instancesById = new Map<string, Ec2Instance>();
  for (const i of snapshot.instances) instancesById.set(i.id, i);
  const providersByArn = new Map<string, IdentityProvider>();
  for (const p of snapshot.identityProviders) providersByArn.set(p.arn, p);
  const bucketsByName = new Map<string, Bucket>();
  for (const b of snapshot.buckets) bucketsByName.set(b.name, b);
  const glueByAccountRegion = new Map<string, GlueCatalog>();
  for (const g of snapshot.glueCatalogs) glueByAccountRegion.set(`${g.account}/${g.region}`, g);
  const kmsByArn = new Map<string, KmsKey>();
  for (const k of snapshot.kmsKeys) kmsByArn.set(k.arn, k);

  // One input per managed policy, shared by every principal that attaches it: the engine prepares (and
  // keeps) what it needs per input object, and its open conditions per label.
  const managedInputs = new Map<string, PolicyInput>();
  const managed = (arn: string): PolicyInput | undefined => {
    const hit = managedInputs.get(arn);
    if (hit) return hit;
    const m = managedByArn.get(arn);
    if (!m) return undefined;
    const input: PolicyInput = { name: m.name, arn: m.arn, document: m.document };
    managedInputs.set(arn, input);
    return input;
  };
  const identityCache = new Map<string, PolicyInput[]>();
  const identityPolicies = (p: IamPrincipal): PolicyInput[] => {
    const key = principalArn(p);
    const hit = identityCache.get(key);
    if (hit) return hit;
    const out: PolicyInput[] = [];
    const owner = p.kind === 'role' ? p.role : p.user;
    for (const i of owner.inlinePolicies) out.push({ name: i.name, document: i.document });
    for (const a of owner.attachedPolicyArns) {
      const m = managed(a);
      if (m) out.push(m);
    }
    if (p.kind === 'user') {
      for (const gName of p.user.groupNames) {
        const g = groupsByAccountName.get(`${p.user.account}/${gName}`);
        if (!g) continue;
        for (const i of g.inlinePolicies) out.push({ name: `${g.name}/${i.name}`, document: i.document });
        for (const a of g.attachedPolicyArns) {
          const m = managed(a);
          if (m) out.push(m);
        }
      }
    }
    identityCache.set(key, out);
    return out;
  };
  const NO_BOUNDARY: PolicyInput[] = [];
  const boundaryCache = new Map<string, PolicyInput[]>();
  /** Cached per boundary ARN, like identity policies per principal (shared lists: do not mutate). */
  const boundaries = (p: IamPrincipal): PolicyInput[] => {
    const arn = p.kind === 'role' ? p.role.permissionsBoundaryArn : p.user.permissionsBoundaryArn;
    if (arn === undefined) return NO_BOUNDARY;
    let hit = boundaryCache.get(arn);
    if (!hit) {
      // A boundary that was not collected cannot be evaluated: an empty document denies, which is the safe side.
      hit = [
        managed(arn) ?? {
          name: `missing boundary ${arn}`,
          arn,
          document: { Version: '2012-10-17', Statement: [] },
        },
      ];
      boundaryCache.set(arn, hit);
    }
    return hit;
  };

  const org = snapshot.organization;
  const levelsCache = new Map<string, string[] | undefined>();
  /** Root, OUs, account: the organisation levels above an account, top first. */
  const levelsOf = (account: string): string[] | undefined => {
    if (levelsCache.has(account)) return levelsCache.get(account);
    let levels: string[] | undefined;
    if (org && org.accountParents[account] !== undefined) {
      const parentOf = new Map(org.units.map((u) => [u.id, u.parentId]));
      const chain = [account];
      let cur: string | undefined = org.accountParents[account];
      const seen = new Set<string>();
      while (cur !== undefined && !seen.has(cur)) {
        seen.add(cur);
        chain.push(cur);
        if (cur === org.rootId) break;
        cur = parentOf.get(cur);
      }
      levels = chain.reverse();
    }
    levelsCache.set(account, levels);
    return levels;
  };
  const orgPolicies = (kind: OrgPolicyKind, account: string): OrgLevelPolicies[] | undefined => {
    const levels = levelsOf(account);
    if (!levels) return undefined;
    const ofKind = snapshot.orgPolicies.filter((p) => p.kind === kind);
    if (ofKind.length === 0) return undefined;
    return levels.map((level) => ({
      orgIdentifier: level,
      policies: ofKind
        .filter((p) => p.targets.includes(level))
        .map((p) => ({ name: p.name, ...(p.arn ? { arn: p.arn } : {}), document: p.document })),
    }));
  };
  const scpCache = new Map<string, OrgLevelPolicies[] | undefined>();
  const rcpCache = new Map<string, OrgLevelPolicies[] | undefined>();
  return {
    snapshot,
    collectedAccounts,
    rolesByArn,
    rolesByAccountName,
    usersByArn,
    groupsByAccountName,
    managedByArn,
    profilesByArn,
    instancesById,
    providersByArn,
    bucketsByName,
    glueByAccountRegion,
    kmsByArn,
    identityPolicies,
    boundaries,
    scps(account) {
      if (scpCache.has(account)) return scpCache.get(account);
      // SCPs never restrict the management account.
      const v = org?.managementAccountId === account ? undefined : orgPolicies('SCP', account);
      scpCache.set(account, v);
      return v;
    },
    rcps(account) {
      if (rcpCache.has(account)) return rcpCache.get(account);
      const v = org?.managementAccountId === account ? undefined : orgPolicies('RCP', account);
      rcpCache.set(account, v);
      return v;
    },
    orgIdOf(account) {
      return org?.id !== undefined && org.accountParents[account] !== undefined ? org.id : undefined;
    },
  };
}

/** The lists of a snapshot an index was built from, to tell whether the snapshot changed since. */
const SNAPSHOT_LISTS = [
  'accounts',
  'roles',
  'users',
  'groups',
  'managedPolicies',
  'instanceProfiles',
  'instances',
  'identityProviders',
  'buckets',
  'glueCatalogs',
  'kmsKeys',
  'orgPolicies',
] as const satisfies readonly (keyof Snapshot)[];

interface Built {
  index: SnapshotIndex;
  /** Each list of the snapshot and its length when the index was built. */
  lists: (readonly unknown[] | undefined)[];
  lengths: number[];
  organization: Snapshot['organization'];
}
const builtFor = new WeakMap<object, Built>();

const listsOf = (s: Snapshot): (readonly unknown[] | undefined)[] =>
  SNAPSHOT_LISTS.map((k) => s[k] as readonly unknown[] | undefined);

/**
 * Keeps `index` as the one built for `owner` (a graph), so what is computed from that graph next (its
 * findings) reads the same lookups and caches instead of building its own. Why: the findings built a
 * second index of the same snapshot, with its own identity-policy lists per principal and, through them,
 * the engine's prepared state per policy input again — held beside the graph's (which its edges keep
 * for reading reasons) for as long as the analysis lives.
 */
export function keepIndex(owner: object, index: SnapshotIndex): void {
  const lists = listsOf(index.snapshot);
  builtFor.set(owner, {
    index,
    lists,
    lengths: lists.map((l) => l?.length ?? -1),
    organization: index.snapshot.organization,
  });
}

/**
 * The index kept for `owner` when it was built from this same snapshot and the snapshot's lists are the
 * same arrays with the same lengths as then; otherwise a new index of `snapshot`.
 */
export function indexFor(snapshot: Snapshot, owner: object): SnapshotIndex {
  const built = builtFor.get(owner);
  if (built && built.index.snapshot === snapshot && built.organization === snapshot.organization) {
    const lists = listsOf(snapshot);
    if (lists.every((l, i) => l === built.lists[i] && (l?.length ?? -1) === built.lengths[i]))
      return built.index;
  }
  return indexSnapshot(snapshot);
}

/** The principal behind a role or user ARN, or behind an assumed-role session ARN. */
export function findPrincipal(index: SnapshotIndex, arn: string): IamPrincipal | undefined {
  const role = index.rolesByArn.get(arn);
  if (role) return { kind: 'role', role };
  const user = index.usersByArn.get(arn);
  if (user) return { kind: 'user', user };
  const session = /^arn:[^:]+:sts::(\d{12}):assumed-role\/([^/]+)\//.exec(arn);
  if (session) {
    const r = index.rolesByAccountName.get(`${session[1]}/${session[2]}`);
    if (r) return { kind: 'role', role: r };
  }
  return undefined;
}

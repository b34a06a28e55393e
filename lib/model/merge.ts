import type { SourceName, SourceRead } from './coverage';
import { coverageOf, partKey } from './coverage';
import type { Account, Snapshot } from './snapshot';

/** The accounts whose IAM a snapshot holds. */
export function collectedAccounts(s: Snapshot): Set<string> {
  const out = new Set<string>();
  for (const list of [s.roles, s.users, s.groups, s.instanceProfiles])
    for (const x of list) out.add(x.account);
  return out;
}

/** Whether a snapshot holds any IAM at all (a CloudTrail-only import holds none). */
export function hasIam(s: Snapshot): boolean {
  return (
    s.roles.length + s.users.length + s.groups.length + s.managedPolicies.length + s.instanceProfiles.length >
    0
  );
}

/**
 * Whether a snapshot read anything worth a new snapshot: IAM, or any other part of an account, or
 * a record that a read was tried and failed (so the gap is on record). CloudTrail alone is not:
 * its events are stored beside the snapshots.
 */
export function hasSnapshotData(s: Snapshot): boolean {
  return (
    hasIam(s) ||
    s.buckets.length +
      s.instances.length +
      s.glueCatalogs.length +
      s.kmsKeys.length +
      (s.eksClusters?.length ?? 0) +
      (s.workloads?.length ?? 0) >
      0 ||
    s.organization !== undefined ||
    coverageOf(s).some((p) => p.source !== 'cloudtrail')
  );
}

/**
 * `next` layered over `prev`, one part (account × source, × region for EC2) at a time:
 * - a part `next` read **completely** replaces that part of `prev` (what is gone in AWS is gone);
 * - a part read **partly or not at all** keeps `prev`'s items that `next` lacks, and its record
 *   says since when that data is stale;
 * - a part `next` did not try (another account, a source files did not carry) is kept as it was.
 * So a denied permission, a dying endpoint or a member account that could not be assumed never
 * removes what an earlier read found.
 */
export function mergeSnapshots(prev: Snapshot, next: Snapshot): Snapshot {
  const prevCov = new Map(coverageOf(prev).map((p) => [partKey(p), p]));
  const nextCov = new Map(coverageOf(next).map((p) => [partKey(p), p]));
  const complete = (source: SourceName, account: string | undefined, region?: string): boolean =>
    nextCov.get(
      partKey({ source, ...(account !== undefined ? { account } : {}), ...(region ? { region } : {}) }),
    )?.state === 'complete';

  /** prev's items of parts next did not read completely, that next does not hold, then next's. */
  const layer = <T>(
    prevItems: T[],
    nextItems: T[],
    key: (x: T) => string,
    replaced: (x: T) => boolean,
  ): T[] => {
    const have = new Set(nextItems.map(key));
    return [...prevItems.filter((x) => !replaced(x) && !have.has(key(x))), ...nextItems];
  };
  const iamDone = (x: { account?: string }): boolean => x.account !== undefined && complete('iam', x.account);

  const roles = carryDurations(
    layer(prev.roles, next.roles, (r) => r.arn, iamDone),
    prev,
    (account) => complete('list-roles', account),
  );
  const prevUsers = new Map(prev.users.map((u) => [u.arn, u]));
  const users = layer(prev.users, next.users, (u) => u.arn, iamDone).map((u) => {
    if (complete('credential-report', u.account)) return u;
    const old = prevUsers.get(u.arn);
    if (!old || old === u || u.accessKeys.length > 0) return u;
    const carried = { ...u, accessKeys: old.accessKeys };
    if (old.passwordEnabled !== undefined) carried.passwordEnabled = old.passwordEnabled;
    if (old.mfaActive !== undefined) carried.mfaActive = old.mfaActive;
    return carried;
  });

  const orgDone = complete('organizations', undefined);
  // Identity Center is one instance per organisation: what a later read gave replaces it, else it is kept.
  const identityCenter = next.identityCenter ?? prev.identityCenter;
  const organization = next.organization ?? (orgDone ? undefined : prev.organization);
  return {
    createdAt: next.createdAt,
    source: next.source,
    accounts: mergeAccounts(prev.accounts, next.accounts, (id) => complete('credential-report', id)),
    ...(organization ? { organization } : {}),
    orgPolicies: layer(
      prev.orgPolicies,
      next.orgPolicies,
      (p) => p.id,
      () => orgDone,
    ),
    roles,
    users,
    groups: layer(prev.groups, next.groups, (g) => g.arn, iamDone),
    managedPolicies: layer(prev.managedPolicies, next.managedPolicies, (p) => p.arn, iamDone),
    instanceProfiles: layer(prev.instanceProfiles, next.instanceProfiles, (p) => p.arn, iamDone),
    instances: layer(
      prev.instances,
      next.instances,
      (i) => i.id,
      (i) => complete('ec2', i.account, i.region),
    ),
    identityProviders: layer(
      prev.identityProviders,
      next.identityProviders,
      (p) => p.arn,
      (p) => complete('identity-providers', p.account),
    ),
    buckets: layer(
      prev.buckets,
      next.buckets,
      (b) => b.name,
      (b) => b.account !== undefined && complete('s3', b.account),
    ),
    glueCatalogs: layer(
      prev.glueCatalogs,
      next.glueCatalogs,
      (g) => `${g.account}/${g.region}`,
      (g) => complete('glue', g.account, g.region),
    ),
    ...(identityCenter ? { identityCenter } : {}),
    kmsKeys: layer(
      prev.kmsKeys,
      next.kmsKeys,
      (k) => k.arn,
      (k) => complete('kms', k.account, k.region),
    ),
    ...workloadsMerged(prev, next, complete),
    warnings: [
      ...new Map(
        [...prev.warnings, ...next.warnings].map((w) => [`${w.source}|${w.code}|${w.message}`, w]),
      ).values(),
    ],
    coverage: mergeCoverage(prevCov, nextCov),
  };
}

/**
 * The records of the merged snapshot: next's where it read completely; where it read partly or
 * not at all, next's record with `staleSince` the time of the data prev held; prev's elsewhere.
 */
function mergeCoverage(prev: Map<string, SourceRead>, next: Map<string, SourceRead>): SourceRead[] {
  const out = new Map(prev);
  for (const [k, n] of next) {
    const p = prev.get(k);
    if (n.state === 'complete' || !p) {
      out.set(k, n);
      continue;
    }
    const heldSince = p.staleSince ?? (p.state !== 'not-read' ? p.readAt : undefined);
    out.set(k, heldSince !== undefined ? { ...n, staleSince: heldSince } : n);
  }
  return [...out.values()].sort((a, b) => (partKey(a) < partKey(b) ? -1 : 1));
}

/** Roles whose MaxSessionDuration this read did not give keep the one an earlier read gave. */
function carryDurations(
  roles: Snapshot['roles'],
  prev: Snapshot,
  listed: (account: string) => boolean,
): Snapshot['roles'] {
  const old = new Map(prev.roles.filter((r) => r.maxSessionDurationKnown !== false).map((r) => [r.arn, r]));
  return roles.map((r) => {
    if (r.maxSessionDurationKnown !== false || listed(r.account)) return r;
    const o = old.get(r.arn);
    if (!o) return r;
    const { maxSessionDurationKnown: _unknown, ...known } = r;
    return { ...known, maxSessionDuration: o.maxSessionDuration };
  });
}

/** Accounts by id, next's fields over prev's; external only if every side saw it only as a principal. */
function mergeAccounts(prev: Account[], next: Account[], reported: (id: string) => boolean): Account[] {
  const out = new Map(prev.map((a) => [a.id, a]));
  for (const n of next) {
    const p = out.get(n.id);
    if (!p) {
      out.set(n.id, n);
      continue;
    }
    const m: Account = { ...p, ...n };
    if (!(p.external && n.external)) delete m.external;
    if (!n.root && p.root && !reported(n.id)) m.root = p.root;
    out.set(n.id, m);
  }
  return [...out.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * EKS clusters and workloads, per part (source × account × region) like EC2 instances. Present in
 * the result only when either side holds them, so snapshots without workloads stay as they were.
 */
function workloadsMerged(
  prev: Snapshot,
  next: Snapshot,
  complete: (source: SourceName, account: string | undefined, region?: string) => boolean,
): Pick<Snapshot, 'eksClusters' | 'workloads'> {
  const out: Pick<Snapshot, 'eksClusters' | 'workloads'> = {};
  if (prev.eksClusters || next.eksClusters) {
    const have = new Set((next.eksClusters ?? []).map((c) => c.arn));
    out.eksClusters = [
      ...(prev.eksClusters ?? []).filter((c) => !complete('eks', c.account, c.region) && !have.has(c.arn)),
      ...(next.eksClusters ?? []),
    ];
  }
  if (prev.workloads || next.workloads) {
    const key = (w: { id: string; source: SourceName }): string => `${w.source}|${w.id}`;
    const have = new Set((next.workloads ?? []).map(key));
    out.workloads = [
      ...(prev.workloads ?? []).filter((w) => !complete(w.source, w.account, w.region) && !have.has(key(w))),
      ...(next.workloads ?? []),
    ];
  }
  return out;
}

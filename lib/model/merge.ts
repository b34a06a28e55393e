import type { Snapshot } from './snapshot';

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
 * `next` layered over `prev`: every account that `next` collected replaces that account in `prev`
 * wholesale; accounts only `prev` has are kept, so importing one account after another loses nothing.
 */
export function mergeSnapshots(prev: Snapshot, next: Snapshot): Snapshot {
  const replaced = collectedAccounts(next);
  for (const b of next.buckets) if (b.account) replaced.add(b.account);
  for (const i of next.instances) replaced.add(i.account);
  const keep = <T extends { account?: string }>(xs: T[]): T[] =>
    xs.filter((x) => x.account === undefined || !replaced.has(x.account));
  const byKey = <T>(xs: T[], key: (x: T) => string): T[] => [...new Map(xs.map((x) => [key(x), x])).values()];
  return {
    createdAt: next.createdAt,
    source: next.source,
    accounts: byKey([...prev.accounts, ...next.accounts], (a) => a.id),
    ...(next.organization
      ? { organization: next.organization }
      : prev.organization
        ? { organization: prev.organization }
        : {}),
    orgPolicies: next.orgPolicies.length > 0 ? next.orgPolicies : prev.orgPolicies,
    roles: [...keep(prev.roles), ...next.roles],
    users: [...keep(prev.users), ...next.users],
    groups: [...keep(prev.groups), ...next.groups],
    managedPolicies: byKey([...keep(prev.managedPolicies), ...next.managedPolicies], (p) => p.arn),
    instanceProfiles: [...keep(prev.instanceProfiles), ...next.instanceProfiles],
    instances: [...keep(prev.instances), ...next.instances],
    identityProviders: [...keep(prev.identityProviders), ...next.identityProviders],
    buckets: byKey([...keep(prev.buckets), ...next.buckets], (b) => b.name),
    glueCatalogs: [...keep(prev.glueCatalogs), ...next.glueCatalogs],
    kmsKeys: [...keep(prev.kmsKeys), ...next.kmsKeys],
    warnings: byKey([...prev.warnings, ...next.warnings], (w) => `${w.source}|${w.code}|${w.message}`),
  };
}

/**
 * Where candidate edges come from, so that the graph never looks at all pairs of principals:
 *
 * - the trust side: every principal a role's trust policy names (by ARN, account, service, provider, `*`);
 * - the caller side: every `sts:AssumeRole` resource an identity policy allows, indexed by exact ARN,
 *   and the wildcard patterns kept per account and in one list (for trusts that name `*`).
 *
 * Reading the policies uses the engine's compiled statements and matchers; the decision on each candidate
 * is always the engine's `evaluate()` (see `build.ts`).
 */
import type { Role } from '../model';
import type { TrustPrincipalKind } from '../policy';
import { allowedResourcePatterns, resourceMatches, trustPrincipals } from '../policy';
import type { IamPrincipal, SnapshotIndex } from './snapshot-index';
import { principalAccount, principalArn } from './snapshot-index';

export const ASSUME_ACTIONS = [
  'sts:AssumeRole',
  'sts:AssumeRoleWithWebIdentity',
  'sts:AssumeRoleWithSAML',
] as const;
export type AssumeAction = (typeof ASSUME_ACTIONS)[number];

export const TRUST_ENTRY_KINDS = [
  'wildcard',
  'account',
  'role',
  'user',
  'session',
  'service',
  'federated',
] as const;
export type TrustEntryKind = (typeof TRUST_ENTRY_KINDS)[number];

/** One principal named in a valid Allow statement of a trust policy, with the STS call it would make. */
export interface TrustEntry {
  kind: TrustEntryKind;
  /** As written (account ids normalised to `arn:aws:iam::<id>:root`). */
  value: string;
  account?: string;
  action: AssumeAction;
  statementIndex: number;
  sid?: string;
}

const FEDERATED_WEB_IDENTITY = new Set([
  'cognito-identity.amazonaws.com',
  'accounts.google.com',
  'graph.facebook.com',
  'www.amazon.com',
]);

/** The STS call a federated principal makes: SAML providers use AssumeRoleWithSAML, the others web identity. */
export function federatedAction(provider: string): AssumeAction {
  if (provider.includes(':saml-provider/')) return 'sts:AssumeRoleWithSAML';
  if (provider.includes(':oidc-provider/') || FEDERATED_WEB_IDENTITY.has(provider.toLowerCase()))
    return 'sts:AssumeRoleWithWebIdentity';
  return 'sts:AssumeRoleWithWebIdentity';
}

const ENTRY_KIND: Partial<Record<TrustPrincipalKind, TrustEntryKind>> = {
  wildcard: 'wildcard',
  account: 'account',
  role: 'role',
  user: 'user',
  session: 'session',
  'federated-user': 'session',
  service: 'service',
  federated: 'federated',
};

/**
 * The principals a role's trust policy admits (valid Allow statements, `Principal` not `NotPrincipal`), from
 * the engine's `trustPrincipals()`. Deleted (unique-id) and invalid entries match nobody and are left out.
 */
export function trustEntries(role: Role): TrustEntry[] {
  return readTrust(role).entries;
}

/** True when the trust names a principal by a unique id: a principal deleted since. */
export function namesDeletedPrincipal(role: Role): boolean {
  return readTrust(role).deleted;
}

const trustCache = new WeakMap<Role, { entries: TrustEntry[]; deleted: boolean }>();

/** One pass over the engine's `trustPrincipals()` per role object, cached. */
function readTrust(role: Role): { entries: TrustEntry[]; deleted: boolean } {
  const hit = trustCache.get(role);
  if (hit) return hit;
  const entries: TrustEntry[] = [];
  let deleted = false;
  for (const tp of trustPrincipals(role.trustPolicy)) {
    if (tp.deleted) deleted = true;
    if (tp.effect !== 'Allow' || tp.negated || tp.invalid || tp.deleted) continue;
    const kind = ENTRY_KIND[tp.kind];
    if (!kind) continue;
    const action: AssumeAction = kind === 'federated' ? federatedAction(tp.value) : 'sts:AssumeRole';
    if (!tp.actions.some((a) => a.toLowerCase() === action.toLowerCase())) continue;
    const value =
      kind === 'account' && /^\d{12}$/.test(tp.value) ? `arn:aws:iam::${tp.value}:root` : tp.value;
    entries.push({
      kind,
      value,
      ...(tp.account !== undefined ? { account: tp.account } : {}),
      action,
      statementIndex: tp.statement.index,
      ...(tp.statement.sid !== undefined ? { sid: tp.statement.sid } : {}),
    });
  }
  const out = { entries, deleted };
  trustCache.set(role, out);
  return out;
}

/** A caller's identity grant of `sts:AssumeRole` on a resource pattern. */
export interface AssumeGrant {
  principal: IamPrincipal;
  pattern: string;
}

export interface GrantIndex {
  /** Role ARN → principals whose policies name exactly that ARN. */
  exact: Map<string, IamPrincipal[]>;
  /** Account → grants with a wildcard pattern, from principals of that account. */
  wildcardByAccount: Map<string, AssumeGrant[]>;
  /** Every wildcard grant, for trusts that name `*`. */
  wildcard: AssumeGrant[];
}

const isWildcard = (pattern: string): boolean =>
  pattern.includes('*') || pattern.includes('?') || pattern.includes('${');

/** Indexes every identity `Allow` of `sts:AssumeRole` in the snapshot by its resource pattern. */
export function indexGrants(sx: SnapshotIndex): GrantIndex {
  const exact = new Map<string, IamPrincipal[]>();
  const wildcardByAccount = new Map<string, AssumeGrant[]>();
  const wildcard: AssumeGrant[] = [];
  const principals: IamPrincipal[] = [
    ...sx.snapshot.roles.map((role): IamPrincipal => ({ kind: 'role', role })),
    ...sx.snapshot.users.map((user): IamPrincipal => ({ kind: 'user', user })),
  ];
  for (const p of principals) {
    const patterns = new Set<string>();
    for (const a of allowedResourcePatterns(sx.identityPolicies(p), 'sts:AssumeRole'))
      patterns.add(a.pattern);
    for (const pattern of patterns) {
      if (!isWildcard(pattern)) {
        const list = exact.get(pattern);
        if (list) list.push(p);
        else exact.set(pattern, [p]);
        continue;
      }
      const grant = { principal: p, pattern };
      wildcard.push(grant);
      const acct = principalAccount(p);
      const list = wildcardByAccount.get(acct);
      if (list) list.push(grant);
      else wildcardByAccount.set(acct, [grant]);
    }
  }
  return { exact, wildcardByAccount, wildcard };
}

/** Principals whose wildcard grants could cover `roleArn` (policy variables count as covering: the engine decides). */
export function wildcardGranteesOf(grants: readonly AssumeGrant[], roleArn: string): IamPrincipal[] {
  const out = new Map<string, IamPrincipal>();
  for (const g of grants) {
    if (g.pattern.includes('${') || resourceMatches(g.pattern, roleArn))
      out.set(principalArn(g.principal), g.principal);
  }
  return [...out.values()];
}

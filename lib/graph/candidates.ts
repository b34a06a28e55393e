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
import type { TrustPrincipal, TrustPrincipalKind } from '../policy';
import { allowedResourcePatternTexts, resourceMatches, trustPrincipals } from '../policy';
import { IDENTITY_GRANT_ACTIONS } from './access-targets';
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

/**
 * Keyed by the engine's list for the trust document, which is one list per distinct document: roles
 * with the same trust share one answer (at 200,000 roles, 201,000 trusts have 89,000 distinct texts),
 * rather than each role keeping its own copy of the same entries.
 */
const trustCache = new WeakMap<readonly TrustPrincipal[], { entries: TrustEntry[]; deleted: boolean }>();

/** One pass over the engine's `trustPrincipals()` per distinct trust document, cached. */
function readTrust(role: Role): { entries: TrustEntry[]; deleted: boolean } {
  const principals = trustPrincipals(role.trustPolicy);
  const hit = trustCache.get(principals);
  if (hit) return hit;
  const entries: TrustEntry[] = [];
  let deleted = false;
  for (const tp of principals) {
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
  trustCache.set(principals, out);
  return out;
}

/** Principals holding an identity grant of `sts:AssumeRole`, by the wildcard resource pattern granted. */
export type GranteesByPattern = Map<string, IamPrincipal[]>;

export interface GrantIndex {
  /** Role ARN → principals whose policies name exactly that ARN. */
  exact: Map<string, IamPrincipal[]>;
  /** Account → that account's principals with a wildcard grant, by pattern. */
  wildcardByAccount: Map<string, GranteesByPattern>;
  /** Every wildcard grant by pattern, for trusts that name `*`. */
  wildcard: GranteesByPattern;
}

const isWildcard = (pattern: string): boolean =>
  pattern.includes('*') || pattern.includes('?') || pattern.includes('${');

function addTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Indexes every identity `Allow` of `sts:AssumeRole` in the snapshot by its resource pattern. Wildcard
 * grants are grouped by pattern text: thousands of principals hold the same few patterns
 * (`arn:aws:iam::*:role/*`), so a trust naming an account is matched once per distinct pattern.
 */
export function indexGrants(sx: SnapshotIndex): GrantIndex {
  const exact = new Map<string, IamPrincipal[]>();
  const wildcardByAccount = new Map<string, GranteesByPattern>();
  const wildcard: GranteesByPattern = new Map();
  const principals: IamPrincipal[] = [
    ...sx.snapshot.roles.map((role): IamPrincipal => ({ kind: 'role', role })),
    ...sx.snapshot.users.map((user): IamPrincipal => ({ kind: 'user', user })),
  ];
  for (const p of principals) {
    for (const pattern of new Set(
      allowedResourcePatternTexts(sx.identityPolicies(p), 'sts:AssumeRole', IDENTITY_GRANT_ACTIONS),
    )) {
      if (!isWildcard(pattern)) {
        addTo(exact, pattern, p);
        continue;
      }
      addTo(wildcard, pattern, p);
      const acct = principalAccount(p);
      let byPattern = wildcardByAccount.get(acct);
      if (!byPattern) {
        byPattern = new Map();
        wildcardByAccount.set(acct, byPattern);
      }
      addTo(byPattern, pattern, p);
    }
  }
  return { exact, wildcardByAccount, wildcard };
}

/** Principals whose wildcard grants could cover `roleArn` (policy variables count as covering: the engine decides). */
export function wildcardGranteesOf(grants: GranteesByPattern | undefined, roleArn: string): IamPrincipal[] {
  if (!grants) return [];
  const out = new Map<string, IamPrincipal>();
  for (const [pattern, holders] of grants) {
    if (!pattern.includes('${') && !resourceMatches(pattern, roleArn)) continue;
    for (const p of holders) out.set(principalArn(p), p);
  }
  return [...out.values()];
}

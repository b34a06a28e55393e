/**
 * Who makes a request, and how the `Principal` element names them (IAM User Guide, "AWS JSON policy
 * elements: Principal").
 *
 * - An account id and `arn:aws:iam::<id>:root` are the same principal: the account, which delegates to
 *   its own identity policies. Either matches every IAM principal of that account.
 * - A role ARN matches the role and every session of it, `arn:aws:sts::<id>:assumed-role/<name>/<session>`,
 *   whatever the role's path (a session ARN carries no path).
 * - A user ARN, a role-session ARN and a federated-user ARN match exactly that principal.
 * - `"*"` and `{"AWS": "*"}` match everyone, anonymous callers included.
 * - A unique id (`AROA…`, `AIDA…`) is what IAM shows once the named principal was deleted: it matches nobody.
 */
import { parseArn } from '../model';
import type { PrincipalBlock } from './document';
import { UNIQUE_ID } from './parse';
import { arnPartsShared } from './match';
import { TextMemo } from './text-memo';

export const REQUEST_PRINCIPAL_KINDS = [
  'role',
  'assumed-role',
  'user',
  'root',
  'federated-user',
  'service',
  'federated',
  'canonical',
  'anonymous',
  'unknown',
] as const;
export type RequestPrincipalKind = (typeof REQUEST_PRINCIPAL_KINDS)[number];

export interface RequestPrincipal {
  raw: string;
  kind: RequestPrincipalKind;
  account?: string;
  /** role: the role ARN; assumed-role: the session ARN; user, root, federated-user: their ARN. */
  arn?: string;
  /** role / assumed-role: the role's name (the last segment of its path). */
  roleName?: string;
  sessionName?: string;
  userName?: string;
  /** federated: the provider ARN when given as one. */
  providerArn?: string;
  /** federated: the provider's host (`token.actions.githubusercontent.com`) or SAML provider name. */
  provider?: string;
}

/** True for principals that live in an account and have identity policies (subject to SCPs). */
export const isIamPrincipal = (p: RequestPrincipal): boolean =>
  p.kind === 'role' ||
  p.kind === 'assumed-role' ||
  p.kind === 'user' ||
  p.kind === 'root' ||
  p.kind === 'federated-user';

const FEDERATED_ACTIONS = new Set(['sts:assumerolewithsaml', 'sts:assumerolewithwebidentity']);

// Bounded well above an organisation of 50,000 roles, or they would empty and refill mid-build; kept
// for one analysis (text-memo.ts).
const parsedPrincipals = new TextMemo<RequestPrincipal>(500_000);
const parsedOther = new TextMemo<RequestPrincipal>(500_000);

/**
 * Reads a request's `principal` string (cached: the graph asks about the same principals many times;
 * the result is shared, so never mutate it). `actionLc` decides whether `cognito-identity.amazonaws.com`
 * is a provider or a service.
 */
export function parseRequestPrincipal(
  raw: string,
  actionLc: string,
  principalAccount?: string,
): RequestPrincipal {
  // The common case (no federated action, no separate account) is keyed by the string itself.
  const federated = FEDERATED_ACTIONS.has(actionLc);
  const simple = principalAccount === undefined && !federated;
  const cache = simple ? parsedPrincipals : parsedOther;
  const key = simple ? raw : `${federated ? 'f' : 'a'}|${principalAccount ?? ''}|${raw}`;
  let p = cache.get(key);
  if (!p) {
    p = readPrincipal(raw, actionLc, principalAccount);
    cache.set(key, p);
  }
  return p;
}

/** `parseArn`'s reading from the engine's one shared split (its account a shared string, not a copy). */
function sharedArn(text: string): { service: string; account: string; resource: string } | undefined {
  const parts = arnPartsShared(text);
  return parts && { service: parts[2] as string, account: parts[4] as string, resource: parts[5] as string };
}

function readPrincipal(raw: string, actionLc: string, principalAccount?: string): RequestPrincipal {
  const text = raw.trim();
  const withAccount = (p: RequestPrincipal): RequestPrincipal =>
    p.account === undefined && principalAccount !== undefined ? { ...p, account: principalAccount } : p;
  if (text === '' || text.toLowerCase() === 'anonymous' || text === '*') return { raw, kind: 'anonymous' };
  if (/^\d{12}$/.test(text)) return { raw, kind: 'root', account: text, arn: `arn:aws:iam::${text}:root` };
  const arn = sharedArn(text);
  if (arn) {
    const account = /^\d{12}$/.test(arn.account) ? arn.account : undefined;
    const r = arn.resource;
    // The common caller, a role, as one literal (the spread below made a larger object for each).
    if (arn.service === 'iam' && r.startsWith('role/')) {
      const roleName = r.slice(r.lastIndexOf('/') + 1);
      return account
        ? { raw, arn: text, account, kind: 'role', roleName }
        : { raw, arn: text, kind: 'role', roleName };
    }
    const base = { raw, arn: text, ...(account ? { account } : {}) };
    if (arn.service === 'iam') {
      if (r === 'root') return { ...base, kind: 'root' };
      if (r.startsWith('user/')) return { ...base, kind: 'user', userName: r.slice(r.lastIndexOf('/') + 1) };
      const provider = /^(oidc-provider|saml-provider)\/(.+)$/.exec(r);
      if (provider?.[2]) return { ...base, kind: 'federated', providerArn: text, provider: provider[2] };
    }
    if (arn.service === 'sts') {
      const session = /^assumed-role\/([^/]+)\/(.+)$/.exec(r);
      if (session?.[1] && session[2])
        return { ...base, kind: 'assumed-role', roleName: session[1], sessionName: session[2] };
      if (r.startsWith('federated-user/'))
        return { ...base, kind: 'federated-user', userName: r.slice('federated-user/'.length) };
    }
    return { ...base, kind: 'unknown' };
  }
  if (/^[0-9a-f]{64}$/i.test(text)) return { raw, kind: 'canonical' };
  const lc = text.toLowerCase();
  if (FEDERATED_ACTIONS.has(actionLc) || !/\.amazonaws\.com(\.cn)?$/.test(lc)) {
    if (/^[a-z0-9.-]+\.[a-z]{2,}(\/.*)?$/i.test(text))
      return withAccount({ raw, kind: 'federated', provider: text });
    return withAccount({ raw, kind: 'unknown' });
  }
  return { raw, kind: 'service' };
}

/** How a statement's principal list matched the caller: decides which other policies still apply. */
export const PRINCIPAL_MATCHES = [
  'wildcard',
  'session',
  'user',
  'role',
  'account',
  'service',
  'federated',
  'canonical',
] as const;
export type PrincipalMatch = (typeof PRINCIPAL_MATCHES)[number];

/** One `AWS` entry, pre-read. */
type AwsEntry =
  | { kind: 'wildcard' }
  | { kind: 'account'; account: string }
  | { kind: 'role'; account: string; name: string; arn: string }
  | { kind: 'exact'; arn: string; match: 'session' | 'user' }
  | { kind: 'none' };

function readAwsEntry(entry: string): AwsEntry {
  if (entry === '*') return { kind: 'wildcard' };
  if (/^\d{12}$/.test(entry)) return { kind: 'account', account: entry };
  if (UNIQUE_ID.test(entry) || entry.includes('*') || entry.includes('?')) return { kind: 'none' };
  const arn = parseArn(entry);
  if (!arn) return { kind: 'none' };
  if (arn.service === 'iam') {
    if (arn.resource === 'root') return { kind: 'account', account: arn.account };
    if (arn.resource.startsWith('role/'))
      return {
        kind: 'role',
        account: arn.account,
        name: arn.resource.slice(arn.resource.lastIndexOf('/') + 1),
        arn: entry,
      };
    if (arn.resource.startsWith('user/')) return { kind: 'exact', arn: entry, match: 'user' };
  }
  if (arn.service === 'sts') {
    if (arn.resource.startsWith('assumed-role/')) return { kind: 'exact', arn: entry, match: 'session' };
    if (arn.resource.startsWith('federated-user/')) return { kind: 'exact', arn: entry, match: 'session' };
  }
  return { kind: 'none' };
}

const providerKey = (s: string): string => {
  const a = parseArn(s);
  const r = a?.resource ?? s;
  const m = /^(?:oidc-provider|saml-provider)\/(.+)$/.exec(r);
  return (m?.[1] ?? r).toLowerCase();
};

/** A `Principal`/`NotPrincipal` block compiled for matching. */
export interface CompiledPrincipal {
  block: PrincipalBlock;
  test(p: RequestPrincipal): PrincipalMatch | undefined;
}

const RANK: Record<PrincipalMatch, number> = {
  wildcard: 0,
  session: 1,
  user: 1,
  service: 1,
  federated: 1,
  canonical: 1,
  role: 2,
  account: 3,
};

/** Compiles a principal block; `test` returns the most direct way the caller is named, or undefined. */
export function compilePrincipal(block: PrincipalBlock): CompiledPrincipal {
  const aws = block.AWS.map(readAwsEntry);
  // Undefined rather than empty: a trust names one or two kinds of principal, and every compiled block
  // is held for the analysis (three empty Sets were about 360 bytes a trust policy).
  const services = block.Service.length > 0 ? new Set(block.Service.map((s) => s.toLowerCase())) : undefined;
  const arns = block.Federated.filter((f) => f.startsWith('arn:'));
  const federatedArns = arns.length > 0 ? new Set(arns) : undefined;
  const federatedKeys = block.Federated.map((f) => ({ key: providerKey(f), account: parseArn(f)?.account }));
  const canonical = block.CanonicalUser.length > 0 ? new Set(block.CanonicalUser) : undefined;
  return {
    block,
    test(p) {
      if (block.wildcard) return 'wildcard';
      let best: PrincipalMatch | undefined;
      let bestRank = 99;
      for (const e of aws) {
        let m: PrincipalMatch | undefined;
        switch (e.kind) {
          case 'wildcard':
            m = 'wildcard';
            break;
          case 'account':
            if (p.account === e.account && isIamPrincipal(p)) m = 'account';
            break;
          case 'role':
            if (
              p.kind === 'role'
                ? p.arn === e.arn
                : p.kind === 'assumed-role' && p.account === e.account && p.roleName === e.name
            )
              m = 'role';
            break;
          case 'exact':
            if (
              p.arn === e.arn &&
              (p.kind === 'user' || p.kind === 'assumed-role' || p.kind === 'federated-user')
            )
              m = e.match;
            break;
          case 'none':
            break;
        }
        if (m !== undefined && RANK[m] < bestRank) {
          best = m;
          bestRank = RANK[m];
        }
      }
      if (best !== undefined && bestRank <= 1) return best;
      if (p.kind === 'service' && services?.has(p.raw.trim().toLowerCase())) return 'service';
      if (p.kind === 'federated') {
        if (p.providerArn !== undefined && federatedArns?.has(p.providerArn)) return 'federated';
        if (p.provider !== undefined) {
          const key = providerKey(p.provider);
          for (const f of federatedKeys)
            if (f.key === key && (p.account === undefined || !f.account || f.account === p.account))
              return 'federated';
        }
      }
      if (p.kind === 'canonical' && canonical?.has(p.raw.trim())) return 'canonical';
      return best;
    },
  };
}

/**
 * The request as the evaluator sees it: the parsed principal, the lower-cased action, the pre-split
 * resource ARN, and the condition keys — those given, plus the global keys AWS derives from the
 * principal and resource when the caller did not give them (IAM User Guide, "AWS global condition
 * context keys"): `aws:PrincipalArn`, `aws:PrincipalAccount`, `aws:PrincipalType`, `aws:username`,
 * `aws:userid`, `aws:PrincipalIsAWSService`, `aws:PrincipalServiceName`, `aws:ResourceAccount`.
 */
import { accountOf } from '../model';
import { splitArn } from './match';
import type { RequestPrincipal } from './principal';
import { parseRequestPrincipal } from './principal';
import type { ContextMode, EvaluationRequest } from './types';
import { contextStrings } from './values';
import type { Lookup } from './variables';
import { UNKNOWN } from './variables';

export interface RequestContext {
  mode: ContextMode;
  principal: RequestPrincipal;
  action: string;
  actionLc: string;
  resource: string;
  resourceParts?: string[];
  resourceAccount?: string;
  principalAccount?: string;
  /** Condition keys, lower-cased, each with its values as strings. */
  values: Map<string, string[]>;
  lookup: Lookup;
}

/** The role ARN behind a principal, as `aws:PrincipalArn` reports it (a session's path is not known: none assumed). */
function principalArn(p: RequestPrincipal): string | undefined {
  if (p.kind === 'assumed-role' && p.account && p.roleName) {
    const partition = p.arn?.split(':')[1] ?? 'aws';
    return `arn:${partition}:iam::${p.account}:role/${p.roleName}`;
  }
  if (p.kind === 'role' || p.kind === 'user' || p.kind === 'root' || p.kind === 'federated-user')
    return p.arn;
  return undefined;
}

const PRINCIPAL_TYPE: Partial<Record<RequestPrincipal['kind'], string>> = {
  role: 'AssumedRole',
  'assumed-role': 'AssumedRole',
  user: 'User',
  root: 'Account',
  'federated-user': 'FederatedUser',
  anonymous: 'Anonymous',
};

function derive(values: Map<string, string[]>, key: string, value: string | undefined): void {
  if (value !== undefined && !values.has(key)) values.set(key, [value]);
}

interface ResourceInfo {
  parts?: string[];
  account?: string;
}
const resources = new Map<string, ResourceInfo>();

function resourceInfo(resource: string): ResourceInfo {
  let info = resources.get(resource);
  if (!info) {
    const parts = splitArn(resource);
    const account = accountOf(resource);
    info = { ...(parts ? { parts } : {}), ...(account ? { account } : {}) };
    if (resources.size >= 50_000) resources.clear();
    resources.set(resource, info);
  }
  return info;
}

/** The keys derived from the principal alone, computed once per parsed principal. */
const derivedByPrincipal = new WeakMap<RequestPrincipal, [string, string][]>();

function principalKeys(principal: RequestPrincipal): [string, string][] {
  let keys = derivedByPrincipal.get(principal);
  if (!keys) {
    const m = new Map<string, string[]>();
    derive(m, 'aws:principalarn', principalArn(principal));
    derive(m, 'aws:principalaccount', principal.account);
    derive(m, 'aws:principaltype', PRINCIPAL_TYPE[principal.kind]);
    if (principal.kind === 'user') derive(m, 'aws:username', principal.userName);
    if (principal.kind === 'root') derive(m, 'aws:userid', principal.account);
    if (principal.kind === 'anonymous') derive(m, 'aws:userid', 'anonymous');
    if (principal.kind === 'service') {
      derive(m, 'aws:principalisawsservice', 'true');
      derive(m, 'aws:principalservicename', principal.raw.trim());
    } else if (principal.kind !== 'unknown') derive(m, 'aws:principalisawsservice', 'false');
    keys = [...m].map(([k, v]): [string, string] => [k, v[0] as string]);
    derivedByPrincipal.set(principal, keys);
  }
  return keys;
}

export function buildContext(request: EvaluationRequest, mode: ContextMode): RequestContext {
  const action = typeof request.action === 'string' ? request.action : '';
  const actionLc = action.toLowerCase();
  const resource = typeof request.resource === 'string' ? request.resource : '';
  const principal = parseRequestPrincipal(
    typeof request.principal === 'string' ? request.principal : '',
    actionLc,
    typeof request.principalAccount === 'string' ? request.principalAccount : undefined,
  );
  const info = resourceInfo(resource);
  const given = request.resourceAccount;
  const resourceAccount = typeof given === 'string' && given !== '' ? given : info.account;
  const values = new Map<string, string[]>();
  const ctx = request.context;
  if (ctx && typeof ctx === 'object' && !Array.isArray(ctx)) {
    for (const [k, v] of Object.entries(ctx)) {
      const s = contextStrings(v);
      if (s) values.set(k.toLowerCase(), s);
    }
  }
  for (const [k, v] of principalKeys(principal)) if (!values.has(k)) values.set(k, [v]);
  derive(values, 'aws:resourceaccount', resourceAccount);
  const lookup: Lookup = mode === 'open' ? (k) => values.get(k) ?? UNKNOWN : (k) => values.get(k);
  const resourceParts = info.parts;
  return {
    mode,
    principal,
    action,
    actionLc,
    resource,
    ...(resourceParts ? { resourceParts } : {}),
    ...(resourceAccount ? { resourceAccount } : {}),
    ...(principal.account ? { principalAccount: principal.account } : {}),
    values,
    lookup,
  };
}

/**
 * The request as the evaluator sees it: the parsed principal, the lower-cased action, the pre-split
 * resource ARN, and the condition keys — those given, plus the global keys AWS derives from the
 * principal and resource when the caller did not give them (IAM User Guide, "AWS global condition
 * context keys"): `aws:PrincipalArn`, `aws:PrincipalAccount`, `aws:PrincipalType`, `aws:username`,
 * `aws:userid`, `aws:PrincipalIsAWSService`, `aws:PrincipalServiceName`, `aws:ResourceAccount`.
 *
 * Everything that depends only on a string (principal, action, resource) or on a context object is
 * computed once and cached, so evaluating the same kinds of requests again allocates little. Context
 * objects are read once per object: do not mutate one after passing it in.
 */
import { arnAccount, lowerAction, splitArnShared } from './match';
import type { RequestPrincipal } from './principal';
import { parseRequestPrincipal } from './principal';
import type { ContextMode, EvaluationRequest } from './types';
import { contextStrings } from './values';
import type { Lookup } from './variables';
import { UNKNOWN } from './variables';

export interface RequestContext extends Lookup {
  mode: ContextMode;
  principal: RequestPrincipal;
  action: string;
  actionLc: string;
  resource: string;
  resourceParts?: readonly string[];
  resourceAccount?: string;
  principalAccount?: string;
}

/**
 * The keys AWS derives from the principal alone (lower-cased). Only these are looked for in the
 * principal's derived keys, which are made the first time a condition asks for one of them.
 */
const PRINCIPAL_KEYS: ReadonlySet<string> = new Set([
  'aws:principalarn',
  'aws:principalaccount',
  'aws:principaltype',
  'aws:username',
  'aws:userid',
  'aws:principalisawsservice',
  'aws:principalservicename',
]);

/** One request's context: given keys first, then those derived from the principal, then aws:ResourceAccount. */
class Request implements RequestContext {
  resourceParts?: readonly string[];
  resourceAccount?: string;
  principalAccount?: string;
  private resourceAccountValue: string[] | undefined;
  constructor(
    readonly mode: ContextMode,
    readonly principal: RequestPrincipal,
    readonly action: string,
    readonly actionLc: string,
    readonly resource: string,
    private readonly given: Map<string, string[]>,
  ) {}

  lookup(k: string): readonly string[] | undefined | typeof UNKNOWN {
    const v = this.given.get(k) ?? (PRINCIPAL_KEYS.has(k) ? principalKeys(this.principal).get(k) : undefined);
    if (v !== undefined) return v;
    if (k === 'aws:resourceaccount' && this.resourceAccount !== undefined)
      return (this.resourceAccountValue ??= [this.resourceAccount]);
    return this.mode === 'open' ? UNKNOWN : undefined;
  }
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

function put(values: Map<string, string[]>, key: string, value: string | undefined): void {
  if (value !== undefined) values.set(key, [value]);
}

/**
 * The keys derived from the principal alone, computed once per parsed principal that a condition asks
 * about. Why not for every request: most requests are decided without a principal key, and a Map of
 * one-value lists per principal was about 400 bytes for each of an estate's roles, held for the analysis.
 */
const derivedByPrincipal = new WeakMap<RequestPrincipal, Map<string, string[]>>();

function principalKeys(principal: RequestPrincipal): Map<string, string[]> {
  let keys = derivedByPrincipal.get(principal);
  if (!keys) {
    keys = new Map<string, string[]>();
    put(keys, 'aws:principalarn', principalArn(principal));
    put(keys, 'aws:principalaccount', principal.account);
    put(keys, 'aws:principaltype', PRINCIPAL_TYPE[principal.kind]);
    if (principal.kind === 'user') put(keys, 'aws:username', principal.userName);
    if (principal.kind === 'root') put(keys, 'aws:userid', principal.account);
    if (principal.kind === 'anonymous') put(keys, 'aws:userid', 'anonymous');
    if (principal.kind === 'service') {
      put(keys, 'aws:principalisawsservice', 'true');
      put(keys, 'aws:principalservicename', principal.raw.trim());
    } else if (principal.kind !== 'unknown') put(keys, 'aws:principalisawsservice', 'false');
    derivedByPrincipal.set(principal, keys);
  }
  return keys;
}

/** A context object read into lower-cased keys and string values, once per object. */
const contexts = new WeakMap<object, Map<string, string[]>>();
const EMPTY = new Map<string, string[]>();

function readContext(ctx: unknown): Map<string, string[]> {
  if (!ctx || typeof ctx !== 'object' || Array.isArray(ctx)) return EMPTY;
  let values = contexts.get(ctx);
  if (!values) {
    values = new Map<string, string[]>();
    for (const [k, v] of Object.entries(ctx)) {
      const s = contextStrings(v);
      if (s) values.set(k.toLowerCase(), s);
    }
    contexts.set(ctx, values);
  }
  return values;
}

export function buildContext(request: EvaluationRequest, mode: ContextMode): RequestContext {
  const action = typeof request.action === 'string' ? request.action : '';
  const actionLc = lowerAction(action);
  const resource = typeof request.resource === 'string' ? request.resource : '';
  const principal = parseRequestPrincipal(
    typeof request.principal === 'string' ? request.principal : '',
    actionLc,
    typeof request.principalAccount === 'string' ? request.principalAccount : undefined,
  );
  // One memo per resource text (match.ts): the split parts, which also give the account.
  const parts = splitArnShared(resource);
  const given = request.resourceAccount;
  const resourceAccount = typeof given === 'string' && given !== '' ? given : arnAccount(parts, true);
  const values = readContext(request.context);
  const req = new Request(mode, principal, action, actionLc, resource, values);
  if (parts) req.resourceParts = parts;
  if (resourceAccount) req.resourceAccount = resourceAccount;
  if (principal.account) req.principalAccount = principal.account;
  return req;
}

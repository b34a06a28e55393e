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

export function buildContext(request: EvaluationRequest, mode: ContextMode): RequestContext {
  const action = typeof request.action === 'string' ? request.action : '';
  const actionLc = action.toLowerCase();
  const resource = typeof request.resource === 'string' ? request.resource : '';
  const principal = parseRequestPrincipal(
    typeof request.principal === 'string' ? request.principal : '',
    actionLc,
    typeof request.principalAccount === 'string' ? request.principalAccount : undefined,
  );
  const resourceAccount =
    (typeof request.resourceAccount === 'string' && request.resourceAccount !== ''
      ? request.resourceAccount
      : undefined) ?? accountOf(resource);
  const values = new Map<string, string[]>();
  const ctx = request.context;
  if (ctx && typeof ctx === 'object' && !Array.isArray(ctx)) {
    for (const [k, v] of Object.entries(ctx)) {
      const s = contextStrings(v);
      if (s) values.set(k.toLowerCase(), s);
    }
  }
  const derive = (key: string, value: string | undefined): void => {
    if (value !== undefined && !values.has(key)) values.set(key, [value]);
  };
  derive('aws:principalarn', principalArn(principal));
  derive('aws:principalaccount', principal.account);
  derive('aws:principaltype', PRINCIPAL_TYPE[principal.kind]);
  if (principal.kind === 'user') derive('aws:username', principal.userName);
  if (principal.kind === 'root') derive('aws:userid', principal.account);
  if (principal.kind === 'anonymous') derive('aws:userid', 'anonymous');
  if (principal.kind === 'service') {
    derive('aws:principalisawsservice', 'true');
    derive('aws:principalservicename', principal.raw.trim());
  } else if (principal.kind !== 'unknown') derive('aws:principalisawsservice', 'false');
  derive('aws:resourceaccount', resourceAccount);
  const lookup: Lookup = mode === 'open' ? (k) => values.get(k) ?? UNKNOWN : (k) => values.get(k);
  const resourceParts = splitArn(resource);
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

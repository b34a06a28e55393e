/**
 * The one place lib/graph calls the policy engine: builds the `EvaluationInput` for a principal of the
 * snapshot (its identity policies, boundary, SCPs) or for a caller outside it, adds the resource side
 * (trust / bucket / catalog / key policy and RCPs), and asks `evaluate()`.
 */
import { evaluate } from '../policy';
import type {
  ContextMode,
  ContextValue,
  Evaluation,
  EvaluationInput,
  EvaluationRequest,
  PolicyInput,
} from '../policy/types';
import type { IamPrincipal, SnapshotIndex } from './snapshot-index';
import { principalAccount, principalArn } from './snapshot-index';

/** How many times lib/graph called the engine (for benchmarks: the cost of a build is mostly these calls). */
export const engineStats = { calls: 0 };

function run(input: EvaluationInput, mode: ContextMode): Evaluation {
  engineStats.calls++;
  return evaluate(input, { mode });
}

export interface ResourceSide {
  resource: string;
  /** The account that owns the resource, where its ARN does not say (S3). */
  resourceAccount?: string;
  policy?: PolicyInput;
}

/** Condition keys AWS derives from a principal of the snapshot: org id and principal tags. */
export function principalContext(sx: SnapshotIndex, p: IamPrincipal): Record<string, ContextValue> {
  const out: Record<string, ContextValue> = {};
  const account = principalAccount(p);
  const orgId = sx.orgIdOf(account);
  if (orgId !== undefined) out['aws:PrincipalOrgID'] = orgId;
  const tags = p.kind === 'role' ? p.role.tags : p.user.tags;
  for (const [k, v] of Object.entries(tags)) out[`aws:PrincipalTag/${k}`] = v;
  return out;
}

/** Evaluates a principal of the snapshot calling `action` on a resource, with every policy that applies. */
export function evaluatePrincipal(
  sx: SnapshotIndex,
  p: IamPrincipal,
  action: string,
  side: ResourceSide,
  mode: ContextMode,
  extraContext: Record<string, ContextValue> = {},
  opts: { callerArn?: string; identityOnly?: boolean } = {},
): Evaluation {
  const request: EvaluationRequest = {
    principal: opts.callerArn ?? principalArn(p),
    action,
    resource: side.resource,
    ...(side.resourceAccount !== undefined ? { resourceAccount: side.resourceAccount } : {}),
    context: { ...principalContext(sx, p), ...extraContext },
  };
  const input: EvaluationInput = {
    request,
    identityPolicies: sx.identityPolicies(p),
    permissionBoundaries: sx.boundaries(p),
  };
  const scps = sx.scps(principalAccount(p));
  if (scps) input.serviceControlPolicies = scps;
  if (!opts.identityOnly) {
    if (side.policy) input.resourcePolicy = side.policy;
    const resourceAccount = side.resourceAccount ?? accountOfResource(side.resource);
    const rcps = resourceAccount !== undefined ? sx.rcps(resourceAccount) : undefined;
    if (rcps) input.resourceControlPolicies = rcps;
  }
  return run(input, mode);
}

const grantCache = new Map<string, PolicyInput>();

/**
 * A stand-in for the identity policies of a caller we cannot see (outside the snapshot, or "any principal
 * of this account"): it allows exactly this call, so the decision is the resource side's alone.
 */
export function assumedGrant(action: string, resource: string): PolicyInput {
  const key = `${action}|${resource}`;
  let hit = grantCache.get(key);
  if (!hit) {
    hit = {
      name: '(caller outside the snapshot: its own policies are assumed to allow this call)',
      document: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: action, Resource: resource }],
      },
    };
    if (grantCache.size > 50_000) grantCache.clear();
    grantCache.set(key, hit);
  }
  return hit;
}

/** Evaluates a caller that is not an IAM principal of the snapshot (a service, a provider, `*`, an outside ARN). */
export function evaluateOutsider(
  sx: SnapshotIndex,
  caller: string,
  action: string,
  side: ResourceSide,
  mode: ContextMode,
  context: Record<string, ContextValue> = {},
  opts: { grantIdentity?: boolean; principalAccount?: string } = {},
): Evaluation {
  const request: EvaluationRequest = {
    principal: caller,
    action,
    resource: side.resource,
    ...(side.resourceAccount !== undefined ? { resourceAccount: side.resourceAccount } : {}),
    ...(opts.principalAccount !== undefined ? { principalAccount: opts.principalAccount } : {}),
    context,
  };
  const input: EvaluationInput = { request };
  if (opts.grantIdentity) input.identityPolicies = [assumedGrant(action, side.resource)];
  if (side.policy) input.resourcePolicy = side.policy;
  const resourceAccount = side.resourceAccount ?? accountOfResource(side.resource);
  const rcps = resourceAccount !== undefined ? sx.rcps(resourceAccount) : undefined;
  if (rcps) input.resourceControlPolicies = rcps;
  return run(input, mode);
}

function accountOfResource(resource: string): string | undefined {
  const m = /^arn:[^:]+:[^:]*:[^:]*:(\d{12}):/.exec(resource);
  return m?.[1];
}

export const isAllowedish = (e: Evaluation): boolean =>
  e.decision === 'Allow' || e.decision === 'Conditional';

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
import { TextMemo } from '../policy/text-memo';

/** How many times lib/graph called the engine (for benchmarks: the cost of a build is mostly these calls). */
export const engineStats = { calls: 0 };

/** Documents of the snapshot are what AWS stored and enforces: read leniently (see `ValidationMode`). */
function run(input: EvaluationInput, mode: ContextMode): Evaluation {
  engineStats.calls++;
  return evaluate(input, { mode, validation: 'lenient' });
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

/**
 * The request context of a principal (plus extra keys), one shared object per snapshot index, principal
 * context and extra keys. Why: the engine reads a context object once per object (a WeakMap in
 * policy/context.ts); a fresh `{ ...principalContext, ...extra }` per call made it re-read (and allocate)
 * on every one of the build's tens of thousands of evaluations. Principals whose own keys are the same
 * (same organisation, same tags: most of them) share one object, so it is read once for all of them
 * rather than once per principal. The objects are never mutated after they are made.
 */
interface SharedContexts {
  /** Role or user → the text of its principal context (undefined: unusual values, not shared). */
  principalKeys: WeakMap<object, string | undefined>;
  /** Principal-context text → extra-keys text → the shared context. */
  byContent: Map<string, Map<string, Record<string, ContextValue>>>;
}
const sharedContexts = new WeakMap<SnapshotIndex, SharedContexts>();

/** A text key that tells two extra-context objects apart exactly, or undefined when one is unusual (then not shared). */
function contextKey(extra: Readonly<Record<string, ContextValue>>): string | undefined {
  // A frozen object of plain values cannot change: its key is worked out once (DATA_CONTEXT, NO_EXTRA).
  if (frozenKeys.has(extra)) return frozenKeys.get(extra);
  const key = readContextKey(extra);
  if (Object.isFrozen(extra) && !Object.values(extra).some(Array.isArray)) frozenKeys.set(extra, key);
  return key;
}

const frozenKeys = new WeakMap<object, string | undefined>();
const NO_EXTRA: Readonly<Record<string, ContextValue>> = Object.freeze({});

function readContextKey(extra: Readonly<Record<string, ContextValue>>): string | undefined {
  let empty = true;
  for (const k in extra) {
    if (!Object.hasOwn(extra, k)) return undefined;
    empty = false;
    const v = extra[k];
    if (Array.isArray(v)) {
      for (const x of v) if (!isPlain(x)) return undefined;
    } else if (!isPlain(v)) return undefined;
  }
  return empty ? '' : JSON.stringify(extra);
}

function isPlain(v: unknown): boolean {
  return typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
}

function requestContext(
  sx: SnapshotIndex,
  p: IamPrincipal,
  extra: Readonly<Record<string, ContextValue>>,
): Record<string, ContextValue> {
  const key = contextKey(extra);
  if (key === undefined) return { ...principalContext(sx, p), ...extra };
  let shared = sharedContexts.get(sx);
  if (!shared) {
    shared = { principalKeys: new WeakMap(), byContent: new Map() };
    sharedContexts.set(sx, shared);
  }
  const owner = p.kind === 'role' ? p.role : p.user;
  let own: string | undefined;
  if (shared.principalKeys.has(owner)) own = shared.principalKeys.get(owner);
  else {
    own = readContextKey(principalContext(sx, p));
    shared.principalKeys.set(owner, own);
  }
  if (own === undefined) return { ...principalContext(sx, p), ...extra };
  let byExtra = shared.byContent.get(own);
  if (!byExtra) {
    byExtra = new Map();
    shared.byContent.set(own, byExtra);
  }
  let ctx = byExtra.get(key);
  if (!ctx) {
    ctx = { ...principalContext(sx, p), ...extra };
    byExtra.set(key, ctx);
  }
  return ctx;
}

/** Evaluates a principal of the snapshot calling `action` on a resource, with every policy that applies. */
export function evaluatePrincipal(
  sx: SnapshotIndex,
  p: IamPrincipal,
  action: string,
  side: ResourceSide,
  mode: ContextMode,
  extraContext: Readonly<Record<string, ContextValue>> = NO_EXTRA,
  opts: { callerArn?: string; identityOnly?: boolean } = {},
): Evaluation {
  const request: EvaluationRequest = {
    principal: opts.callerArn ?? principalArn(p),
    action,
    resource: side.resource,
    context: requestContext(sx, p, extraContext),
  };
  if (side.resourceAccount !== undefined) request.resourceAccount = side.resourceAccount;
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

const grantCache = new TextMemo<PolicyInput>(50_000);

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

const resourceAccounts = new TextMemo<string | undefined>(500_000);

/** The account in a resource ARN, cached per ARN (asked once per engine call). */
function accountOfResource(resource: string): string | undefined {
  let account = resourceAccounts.get(resource);
  if (account === undefined && !resourceAccounts.has(resource)) {
    account = /^arn:[^:]+:[^:]*:[^:]*:(\d{12}):/.exec(resource)?.[1];
    resourceAccounts.set(resource, account);
  }
  return account;
}

export const isAllowedish = (e: Evaluation): boolean =>
  e.decision === 'Allow' || e.decision === 'Conditional';

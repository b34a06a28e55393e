/**
 * The one place lib/graph calls the policy engine: builds the `EvaluationInput` for a principal of the
 * snapshot (its identity policies, boundary, SCPs) or for a caller outside it, adds the resource side
 * (trust / bucket / catalog / key policy and RCPs), and asks `evaluate()`.
 */
import { DeferredEvaluation, evaluate } from '../policy';
import type {
  ContextMode,
  ContextValue,
  Decision,
  Evaluation,
  EvaluationInput,
  EvaluationOptions,
  EvaluationRequest,
  OpenCondition,
  PolicyInput,
  PolicyValidation,
  Reason,
} from '../policy/types';
import type { IamPrincipal, SnapshotIndex } from './snapshot-index';
import { principalAccount, principalArn } from './snapshot-index';
import { TextMemo } from '../policy/text-memo';
import { arnAccount, splitArnShared } from '../policy/match';

/** How many times lib/graph called the engine (for benchmarks: the cost of a build is mostly these calls). */
export const engineStats = { calls: 0 };

/**
 * Documents of the snapshot are what AWS stored and enforces: read leniently (see `ValidationMode`). One
 * options object per mode and pass, shared: a fresh one per call was kept by every evaluation.
 */
const OPTIONS = {
  open: { mode: 'open', validation: 'lenient' },
  complete: { mode: 'complete', validation: 'lenient' },
} as const satisfies Record<ContextMode, EvaluationOptions>;
const EXPLAIN = {
  open: { mode: 'open', validation: 'lenient', explain: true },
  complete: { mode: 'complete', validation: 'lenient', explain: true },
} as const satisfies Record<ContextMode, EvaluationOptions>;

function run(input: EvaluationInput, mode: ContextMode): Evaluation {
  engineStats.calls++;
  return evaluate(input, OPTIONS[mode]);
}

/**
 * An evaluation of lib/graph that keeps what decided it (decision, open conditions, validation) and the
 * few references it was asked with — not the engine's input, request and pass state. Its reasons are
 * derived when first read, by the engine's explaining pass over the same input built again from those
 * references (the snapshot index's policy lists and request contexts are cached per principal, so it is
 * the same input), then kept.
 *
 * Why: a graph keeps one evaluation per decided edge and shows the reasons of few. The engine's own lazy
 * evaluation holds its input, request, options and a closure: about 660 bytes an edge at organisation
 * scale (43 MB of a 20,000-role graph), against about 100 here.
 */
class LeanEvaluation extends DeferredEvaluation {
  constructor(
    decision: Decision,
    openConditions: OpenCondition[],
    validation: PolicyValidation[],
    /** Builds the input again: `inputOf` or `outsiderInputOf` with these arguments. */
    private readonly sx: SnapshotIndex,
    private readonly who: IamPrincipal | string,
    private readonly action: string,
    private readonly side: ResourceSide,
    private readonly mode: ContextMode,
    private readonly context: Readonly<Record<string, ContextValue>>,
    private readonly opts: PrincipalOptions & OutsiderOptions,
  ) {
    super(decision, openConditions, validation);
  }

  protected buildReasons(): Reason[] {
    const input =
      typeof this.who === 'string'
        ? outsiderInputOf(this.sx, this.who, this.action, this.side, this.context, this.opts)
        : inputOf(this.sx, this.who, this.action, this.side, this.context, this.opts);
    return evaluate(input, EXPLAIN[this.mode]).reasons;
  }
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

interface PrincipalOptions {
  callerArn?: string;
  identityOnly?: boolean;
}
const NO_OPTIONS: PrincipalOptions & OutsiderOptions = Object.freeze({});

/** Evaluates a principal of the snapshot calling `action` on a resource, with every policy that applies. */
export function evaluatePrincipal(
  sx: SnapshotIndex,
  p: IamPrincipal,
  action: string,
  side: ResourceSide,
  mode: ContextMode,
  extraContext: Readonly<Record<string, ContextValue>> = NO_EXTRA,
  opts: PrincipalOptions = NO_OPTIONS,
): Evaluation {
  const ev = run(inputOf(sx, p, action, side, extraContext, opts), mode);
  return new LeanEvaluation(
    ev.decision,
    ev.openConditions,
    ev.validation,
    sx,
    p,
    action,
    side,
    mode,
    extraContext,
    opts,
  );
}

/** The engine's input for `evaluatePrincipal` (built again, the same, when its reasons are read). */
function inputOf(
  sx: SnapshotIndex,
  p: IamPrincipal,
  action: string,
  side: ResourceSide,
  extraContext: Readonly<Record<string, ContextValue>>,
  opts: PrincipalOptions,
): EvaluationInput {
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
  return input;
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

interface OutsiderOptions {
  grantIdentity?: boolean;
  principalAccount?: string;
}

/** Evaluates a caller that is not an IAM principal of the snapshot (a service, a provider, `*`, an outside ARN). */
export function evaluateOutsider(
  sx: SnapshotIndex,
  caller: string,
  action: string,
  side: ResourceSide,
  mode: ContextMode,
  context: Readonly<Record<string, ContextValue>> = NO_EXTRA,
  opts: OutsiderOptions = NO_OPTIONS,
): Evaluation {
  const ev = run(outsiderInputOf(sx, caller, action, side, context, opts), mode);
  return new LeanEvaluation(
    ev.decision,
    ev.openConditions,
    ev.validation,
    sx,
    caller,
    action,
    side,
    mode,
    context,
    opts,
  );
}

/** The engine's input for `evaluateOutsider` (built again, the same, when its reasons are read). */
function outsiderInputOf(
  sx: SnapshotIndex,
  caller: string,
  action: string,
  side: ResourceSide,
  context: Readonly<Record<string, ContextValue>>,
  opts: OutsiderOptions,
): EvaluationInput {
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
  return input;
}

/**
 * The account in a resource ARN (asked once per engine call), read from the policy engine's one shared
 * split of the text rather than a memo of its own: the same texts were held three times.
 */
function accountOfResource(resource: string): string | undefined {
  return arnAccount(splitArnShared(resource), false);
}

export const isAllowedish = (e: Evaluation): boolean =>
  e.decision === 'Allow' || e.decision === 'Conditional';

/**
 * `readCase`: the fast reader of a well-formed `rolechain simulate` line. It accepts a subset of what the
 * zod schema in case.ts accepts — every line that schema accepts, in practice — and returns the same value
 * (unknown keys dropped as zod drops them). Why not zod itself: on 4,000 lines zod's per-line cost was
 * about as much as evaluating the lines, and loading it a fifth of the command's start. Anything this
 * reader does not accept goes to the schema, which decides; case.test.ts checks the two agree.
 */
import type { CaseValue, PolicyValueOf } from './case';

type Json = Record<string, unknown>;

/** A plain object as JSON.parse makes it, without an own `__proto__` key (zod drops that key: let zod do it). */
function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !Object.hasOwn(v, '__proto__');
}

const optString = (v: unknown): v is string | undefined => v === undefined || typeof v === 'string';
const isScalar = (v: unknown): boolean =>
  typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));

function isContextValue(v: unknown): boolean {
  if (isScalar(v)) return true;
  if (!Array.isArray(v)) return false;
  for (const x of v) if (!isScalar(x)) return false;
  return true;
}

const isPolicy = (v: unknown): v is PolicyValueOf => typeof v === 'string' || isObject(v);

function policyList(v: unknown): PolicyValueOf[] | undefined | false {
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) return false;
  for (const p of v) if (!isPolicy(p)) return false;
  return v as PolicyValueOf[];
}

function levels(v: unknown): CaseValue['serviceControlPolicies'] | false {
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) return false;
  const out: NonNullable<CaseValue['serviceControlPolicies']> = [];
  for (const l of v) {
    if (!isObject(l) || typeof l.orgIdentifier !== 'string') return false;
    const policies = policyList(l.policies);
    if (!policies) return false;
    out.push({ orgIdentifier: l.orgIdentifier, policies });
  }
  return out;
}

/** The case a well-formed line holds, or `undefined` when the zod schema must decide. */
export function readCase(json: unknown): CaseValue | undefined {
  if (!isObject(json)) return undefined;
  const { id, request: r } = json;
  if (id !== undefined && typeof id !== 'string' && !(typeof id === 'number' && Number.isFinite(id)))
    return undefined;
  if (!isObject(r)) return undefined;
  if (typeof r.principal !== 'string' || typeof r.resource !== 'string') return undefined;
  if (typeof r.action !== 'string' || r.action.length === 0) return undefined;
  const { resourceAccount, principalAccount } = r;
  if (!optString(resourceAccount) || !optString(principalAccount)) return undefined;
  const context = r.context;
  if (context !== undefined) {
    if (!isObject(context)) return undefined;
    for (const k in context) if (Object.hasOwn(context, k) && !isContextValue(context[k])) return undefined;
  }
  const request: CaseValue['request'] = { principal: r.principal, action: r.action, resource: r.resource };
  if (typeof resourceAccount === 'string') request.resourceAccount = resourceAccount;
  if (typeof principalAccount === 'string') request.principalAccount = principalAccount;
  if (context !== undefined) request.context = context as NonNullable<CaseValue['request']['context']>;

  const out: CaseValue = { request };
  if (id !== undefined) out.id = id;
  const identity = policyList(json.identityPolicies);
  const boundaries = policyList(json.permissionBoundaries);
  const scps = levels(json.serviceControlPolicies);
  const rcps = levels(json.resourceControlPolicies);
  if (identity === false || boundaries === false || scps === false || rcps === false) return undefined;
  if (identity) out.identityPolicies = identity;
  if (boundaries) out.permissionBoundaries = boundaries;
  if (scps) out.serviceControlPolicies = scps;
  if (rcps) out.resourceControlPolicies = rcps;
  for (const key of ['resourcePolicy', 'sessionPolicy'] as const) {
    const p = json[key];
    if (p === undefined) continue;
    if (!isPolicy(p)) return undefined;
    out[key] = p;
  }
  return out;
}

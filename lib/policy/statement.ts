/**
 * Does one statement apply to one request? Three answers: `match`, `nomatch` (with the element that
 * failed) and `maybe` (everything matched except conditions whose keys are unknown in open context).
 */
import type { CompiledStatement } from './compile';
import { anyMatches, anyResourceMatches } from './compile';
import type { CompiledCondition } from './conditions';
import { evaluateCondition } from './conditions';
import type { RequestContext } from './context';
import type { ResourceMatcher } from './match';
import { compileResource } from './match';
import type { PrincipalMatch } from './principal';
import { isIamPrincipal } from './principal';
import type { Mismatch, PolicyKind } from './types';
import { substitute } from './variables';

export const STATEMENT_STATUSES = ['match', 'nomatch', 'maybe', 'invalid'] as const;
export type StatementStatus = (typeof STATEMENT_STATUSES)[number];

export interface StatementOutcome {
  compiled: CompiledStatement;
  status: StatementStatus;
  /** For resource and trust policies: how the caller was named. */
  principalMatch?: PrincipalMatch;
  /** For `nomatch`: the first element that failed. */
  failed?: Mismatch['element'];
  failedCondition?: CompiledCondition;
  /** For `nomatch`: what the failed element required, in words (filled in when a reason needs it). */
  required?: string;
  /** For `maybe`: the conditions whose key (or a variable's key) is unknown. */
  open?: { condition: CompiledCondition; key: string }[];
}

/** Where each element's shared miss sits in `CompiledStatement.misses`; failed conditions follow, by index. */
const MISS_SLOT: Record<Mismatch['element'] | 'invalid', number> = {
  invalid: 0,
  Action: 1,
  NotAction: 2,
  Resource: 3,
  NotResource: 4,
  Principal: 5,
  NotPrincipal: 6,
  Condition: 7,
};
const CONDITION_SLOTS = 7;

/**
 * The shared outcome for "this statement does not apply because of `element`" (or is invalid): one per
 * statement and element, and one per failed condition (by its index), made on first use.
 */
function miss(
  cs: CompiledStatement,
  element: Mismatch['element'] | 'invalid',
  condition?: CompiledCondition,
  index = 0,
): StatementOutcome {
  const misses = (cs.misses ??= new Array<StatementOutcome | undefined>(
    CONDITION_SLOTS + cs.conditions.length,
  ).fill(undefined));
  if (condition)
    return (misses[CONDITION_SLOTS + index] ??= {
      compiled: cs,
      status: 'nomatch',
      failed: 'Condition',
      failedCondition: condition,
    });
  return (misses[MISS_SLOT[element]] ??=
    element === 'invalid'
      ? { compiled: cs, status: 'invalid' }
      : { compiled: cs, status: 'nomatch', failed: element });
}

/** Resource patterns with variables, compiled per substituted text (made on first use; few statements have any). */
const dynamicMatchersOf = new WeakMap<CompiledStatement, Map<string, ResourceMatcher>>();

const RESOURCE_KINDS: ReadonlySet<PolicyKind> = new Set(['trust', 'resource']);

/** Substitutes the variables of a Resource pattern and matches it, compiling each substituted pattern once. */
function dynamicMatch(
  cs: CompiledStatement,
  pattern: string,
  req: RequestContext,
  substitutes: boolean,
): boolean {
  let text = pattern;
  if (substitutes) {
    const s = substitute(pattern, req, true);
    if (!s.ok) return false;
    text = s.value;
  }
  let matchers = dynamicMatchersOf.get(cs);
  if (!matchers) {
    matchers = new Map<string, ResourceMatcher>();
    dynamicMatchersOf.set(cs, matchers);
  }
  let m = matchers.get(text);
  if (!m) {
    m = compileResource(text);
    if (matchers.size >= 1_000) matchers.clear();
    matchers.set(text, m);
  }
  return m.test(req.resource, req.resourceParts);
}

function resourceApplies(
  cs: CompiledStatement,
  req: RequestContext,
  substitutes: boolean,
): true | 'Resource' | 'NotResource' {
  const st = cs.statement;
  if (cs.dynamicResources) {
    if (st.resource && !st.resource.some((pattern) => dynamicMatch(cs, pattern, req, substitutes)))
      return 'Resource';
    if (st.notResource && st.notResource.some((pattern) => dynamicMatch(cs, pattern, req, substitutes)))
      return 'NotResource';
    return true;
  }
  if (!cs.resources) return true;
  const hit = anyResourceMatches(cs.resources, req.resource, req.resourceParts);
  if (cs.notResource) return hit ? 'NotResource' : true;
  return hit ? true : 'Resource';
}

/**
 * Evaluates a statement. `hasBoundary`: AWS documents that a Deny with NotPrincipal in a resource policy
 * always denies a principal that has a permissions boundary ("Permissions boundaries for IAM entities").
 */
export function evaluateStatement(
  cs: CompiledStatement,
  req: RequestContext,
  kind: PolicyKind,
  substitutes: boolean,
  hasBoundary: boolean,
): StatementOutcome {
  const st = cs.statement;
  if (!st.valid || st.effect === undefined) return miss(cs, 'invalid');
  if (cs.actions && !anyMatches(cs.actions, req.actionLc)) return miss(cs, 'Action');
  if (cs.notActions && anyMatches(cs.notActions, req.actionLc)) return miss(cs, 'NotAction');
  if (kind !== 'trust') {
    const r = resourceApplies(cs, req, substitutes);
    if (r !== true) return miss(cs, r);
  }
  let principalMatch: PrincipalMatch | undefined;
  if (RESOURCE_KINDS.has(kind) || kind === 'rcp') {
    if (cs.principal && !cs.notPrincipal) {
      principalMatch = cs.principal.test(req.principal);
      if (principalMatch === undefined) return miss(cs, 'Principal');
    } else if (cs.principal) {
      const excluded = cs.principal.test(req.principal) !== undefined;
      const boundaryQuirk = st.effect === 'Deny' && hasBoundary && isIamPrincipal(req.principal);
      if (excluded && !boundaryQuirk) return miss(cs, 'NotPrincipal');
      principalMatch = 'wildcard';
    } else principalMatch = 'wildcard';
  }
  let open: StatementOutcome['open'];
  for (let i = 0; i < cs.conditions.length; i++) {
    const c = cs.conditions[i] as CompiledCondition;
    const r = evaluateCondition(c, req);
    if (r.result === 'false') return miss(cs, 'Condition', c, i);
    if (r.result === 'unknown') (open ??= []).push({ condition: c, key: r.unknownKey ?? c.entry.key });
  }
  if (open)
    return principalMatch
      ? { compiled: cs, status: 'maybe', principalMatch, open }
      : { compiled: cs, status: 'maybe', open };
  return match(cs, principalMatch);
}

/**
 * The shared outcome for "this statement applies": the statement's last one, while the caller is named
 * the same way (a statement names a caller one way in practice). Why: SCPs and RCPs such as
 * `FullAWSAccess` match every request; a fresh object per match was much of an evaluation's garbage
 * (outcomes are never written to, except a miss's `required` text).
 */
function match(cs: CompiledStatement, principalMatch: PrincipalMatch | undefined): StatementOutcome {
  const last = cs.match;
  if (last && last.principalMatch === principalMatch) return last;
  const o: StatementOutcome = principalMatch
    ? { compiled: cs, status: 'match', principalMatch }
    : { compiled: cs, status: 'match' };
  cs.match = o;
  return o;
}

/**
 * `evaluate()`: the decision AWS would make for one request, with its reasons.
 *
 * The order follows the IAM User Guide, "Policy evaluation logic" and "Cross-account policy evaluation
 * logic":
 * 1. An explicit Deny in any policy (identity, boundary, session, resource/trust, SCP, RCP) wins.
 * 2. SCPs: for an IAM principal, every level from the root to its account must allow. RCPs: every level
 *    from the root to the resource's account must allow.
 * 3. Same account: the identity path (identity ∩ permissions boundary ∩ session policy) or the resource
 *    policy allows. How the resource policy names the caller matters:
 *    - the session ARN, the user ARN, the federated-user ARN, or `*`: a grant directly to the caller, not
 *      limited by an implicit deny in identity policies, boundaries or session policies;
 *    - the role ARN (the caller is a session of it): not limited by identity policies, but limited by an
 *      implicit deny in a permissions boundary or session policy;
 *    - the account (`<id>` or `arn:aws:iam::<id>:root`): delegation to the account's identity policies,
 *      which must allow.
 * 4. Cross account: the identity path and the resource policy must both allow.
 * 5. `sts:AssumeRole*`, `sts:TagSession`, `sts:SetSourceIdentity`: the role's trust policy is required, also
 *    in the same account ("IAM role trust policies … are exceptions: they must explicitly allow access").
 *    So is a KMS key policy for `kms:*` when one is given: it must name the caller, or name the account
 *    (then the identity policies must allow too); an IAM policy alone never opens a key.
 * 6. Service principals, federated (SAML/OIDC) callers and anonymous callers have no identity policies:
 *    the resource policy alone decides.
 * 7. The account root user has full access through identity policies (SCPs still apply), but cannot
 *    assume a role (STS AssumeRole API reference).
 * 8. AWS's documented exceptions come first (see special.ts): `sts:GetCallerIdentity` for any
 *    authenticated caller and `sts:GetSessionToken` for a user or root need no permission and cannot be
 *    denied; a role or federated session cannot call `sts:GetSessionToken` or `sts:GetFederationToken`.
 *
 * Open-context mode: a condition on a key nobody gave is unknown; a decision that depends on one is
 * `Conditional` and lists it. Strict reading (the default): a document with validation errors grants
 * nothing; its well-formed Deny statements still count (fail closed). Lenient reading (documents AWS
 * stored): each statement stands alone and an entry that matches nothing is a warning (see
 * `ValidationMode`). Never throws.
 */
import type { CompiledPolicy, CompiledStatement } from './compile';
import type { CompiledCondition } from './conditions';
import { compilePolicy } from './compile';
import { conditionText } from './conditions';
import type { RequestContext } from './context';
import { buildContext } from './context';
import type { PrincipalMatch } from './principal';
import { isIamPrincipal } from './principal';
import { buildReasons, describePolicy } from './reasons';
import type { SpecialCase } from './special';
import { specialCase } from './special';
import type { StatementOutcome } from './statement';
import { evaluateStatement } from './statement';
import type { Tri } from './tri';
import { allOf, and, NO, or, YES } from './tri';
import type {
  Evaluation,
  EvaluationInput,
  EvaluationOptions,
  OpenCondition,
  OrgLevelPolicies,
  PolicyInput,
  PolicyKind,
  PolicyLabel,
  PolicyValidation,
  Reason,
  ValidationIssue,
} from './types';
import { POLICY_KINDS } from './types';
import { releaseWithTextMemos } from './text-memo';

/** The shared empty list, frozen: every push is on the explaining pass or into a fresh list. */
const NONE = Object.freeze([]) as never[];

/** Actions authorised by the role's trust policy (the trust policy is their resource policy). */
export const TRUST_ACTIONS: ReadonlySet<string> = new Set([
  'sts:assumerole',
  'sts:assumerolewithsaml',
  'sts:assumerolewithwebidentity',
  'sts:tagsession',
  'sts:setsourceidentity',
  'sts:setcontext',
]);

export interface EvaluatedPolicy {
  label: PolicyLabel;
  kind: PolicyKind;
  compiled?: CompiledPolicy;
  /** Errors for this kind of policy: it then allows nothing. */
  invalid: boolean;
  outcomes: StatementOutcome[];
  /** For SCP/RCP: the organisation level it is attached to. */
  level?: string;
  /** The compiled policy's validation issues for this kind of use. */
  issues?: ValidationIssue[];
}

/**
 * What evaluating a policy input needs besides the request, cached per input object, kind and reading:
 * held for every policy input of the analysis (about 23,000 at 10,000 roles), so three fields. The kind,
 * the reading, validity and the input's slot in the last-result table are one number; the validation
 * issues are the compiled policy's (`issuesFor` is a flag test once known), not a field.
 */
class Prepared {
  constructor(
    readonly label: PolicyLabel | undefined,
    readonly compiled: CompiledPolicy | undefined,
    /** Bits 0-2 the kind's index in POLICY_KINDS, 3 lenient, 4 invalid, 5 and up the slot in `lastOwner`. */
    private readonly bits: number,
  ) {}

  get kind(): PolicyKind {
    return POLICY_KINDS[this.bits & 7] as PolicyKind;
  }

  get lenient(): boolean {
    return (this.bits & 8) !== 0;
  }

  get invalid(): boolean {
    return (this.bits & 16) !== 0;
  }

  get slot(): number {
    return this.bits >>> 5;
  }

  /** The compiled policy's validation issues for this kind of use. */
  get issues(): ValidationIssue[] | undefined {
    return this.compiled?.issuesFor(this.kind);
  }

  is(kind: PolicyKind, lenient: boolean): boolean {
    return (this.bits & 15) === (KIND_INDEX[kind] | (lenient ? 8 : 0));
  }
}

const KIND_INDEX = Object.fromEntries(POLICY_KINDS.map((k, i) => [k, i])) as Record<PolicyKind, number>;

/**
 * The last deciding-pass result per input (see `decidePolicy`), in a fixed table by the input's slot
 * (given in turn as inputs are first prepared), not on the input: a result per input, kept for the
 * analysis and after, was 4.5 MB of a 114 MB heap at 10,000 roles. The graph asks the same input
 * many times in a row (an SCP, a principal's identity policies across its targets), so a table of a few
 * thousand slots keeps those hits; an input whose slot another took since is evaluated afresh.
 */
const LAST_SLOTS = 8192;
const lastOwner: (Prepared | undefined)[] = new Array<Prepared | undefined>(LAST_SLOTS).fill(undefined);
const lastResult: (EvaluatedPolicy | undefined)[] = new Array<EvaluatedPolicy | undefined>(LAST_SLOTS).fill(
  undefined,
);
let nextSlot = 0;

/** Empties the last-result table when an analysis is done (it holds inputs and compiled policies). */
releaseWithTextMemos({
  get size(): number {
    let n = 0;
    for (const p of lastOwner) if (p) n++;
    return n;
  },
  release(): void {
    lastOwner.fill(undefined);
    lastResult.fill(undefined);
  },
});

/**
 * Per input object, its one prepared form, or a list when it was asked as more than one kind or reading
 * (rare): one list per policy input, held for the analysis, was about 30 bytes each.
 */
const prepared = new WeakMap<object, Prepared | Prepared[]>();

/** An input that is not an object: nothing to compile, invalid. */
const NOT_AN_INPUT = POLICY_KINDS.map((kind, i) => new Prepared(undefined, undefined, i | 16));

/** How a policy without a name or ARN is called in reasons. */
function fallbackName(kind: PolicyKind, index: number, req: RequestContext, level?: string): string {
  switch (kind) {
    case 'identity':
      return `identity policy ${index + 1}`;
    case 'boundary':
      return `permissions boundary ${index + 1}`;
    case 'session':
      return 'session policy';
    case 'trust':
      return `trust policy of ${req.resource || 'the role'}`;
    case 'resource':
      return `resource policy of ${req.resource || 'the resource'}`;
    default:
      return `${kind.toUpperCase()} ${index + 1} at ${level ?? '?'}`;
  }
}

/**
 * The reading for policies whose input does not name one, for the evaluation under way: set by
 * `evaluateUnsafe` from its options before any policy is prepared (evaluations are synchronous and do not
 * nest, so this is never read by another evaluation).
 */
let lenientByDefault = false;

function prepare(input: unknown, kind: PolicyKind): Prepared {
  if (typeof input !== 'object' || input === null) return NOT_AN_INPUT[KIND_INDEX[kind]] as Prepared;
  const rec = input as Record<string, unknown>;
  const lenient =
    rec.validation === 'lenient' ? true : rec.validation === 'strict' ? false : lenientByDefault;
  const seen = prepared.get(input);
  if (seen)
    if (Array.isArray(seen)) {
      for (const p of seen) if (p.is(kind, lenient)) return p;
    } else if (seen.is(kind, lenient)) return seen;
  const name = typeof rec.name === 'string' && rec.name !== '' ? rec.name : undefined;
  const arn = typeof rec.arn === 'string' && rec.arn !== '' ? rec.arn : undefined;
  const label: PolicyLabel | undefined =
    name && arn ? { kind, name, arn } : name ? { kind, name } : arn ? { kind, arn } : undefined;
  const compiled = 'document' in rec ? compilePolicy(rec.document, lenient) : undefined;
  const invalid = compiled ? compiled.invalidFor(kind) : true;
  const slot = nextSlot++ & (LAST_SLOTS - 1);
  const p = new Prepared(
    label,
    compiled,
    KIND_INDEX[kind] | (lenient ? 8 : 0) | (invalid ? 16 : 0) | (slot << 5),
  );
  if (!seen) prepared.set(input, p);
  else if (Array.isArray(seen)) seen.push(p);
  else prepared.set(input, [seen, p]);
  return p;
}

/**
 * Evaluates the statements of one policy. `explain`: every statement gets an outcome (the reasons say
 * why each did not apply); otherwise only the statements that admit the action, which are the only ones
 * that can change the decision.
 */
function evaluatePolicy(
  input: PolicyInput | undefined,
  kind: PolicyKind,
  req: RequestContext,
  hasBoundary: boolean,
  index: number,
  explain: boolean,
  level?: string,
): EvaluatedPolicy {
  const p = prepare(input, kind);
  const label = p.label ?? { kind, name: fallbackName(kind, index, req, level) };
  const compiled = p.compiled;
  // One object shape for every policy (compiled and level present, perhaps undefined): the loops over
  // these stay monomorphic.
  const ev: EvaluatedPolicy = {
    label,
    kind,
    compiled,
    invalid: p.invalid,
    outcomes: NO_OUTCOMES,
    level,
    issues: p.issues,
  };
  if (!compiled) return ev;
  const statements = explain ? compiled.statements : compiled.statementsFor(req.actionLc);
  if (statements.length === 0) return ev;
  const outcomes: StatementOutcome[] = new Array<StatementOutcome>(statements.length);
  for (let i = 0; i < statements.length; i++)
    outcomes[i] = evaluateStatement(
      statements[i] as CompiledStatement,
      req,
      kind,
      compiled.substitutes,
      hasBoundary,
    );
  ev.outcomes = outcomes;
  return ev;
}

/**
 * `evaluatePolicy` on the deciding pass, returning the previous result for the same input when it is
 * the same in every field: same label (the input's own), level and statement outcomes (shared objects,
 * compared by identity). Why: an SCP or RCP such as `FullAWSAccess`, or an identity policy whose
 * statements do not cover the request, comes out the same for thousands of requests in a row, and its
 * result object was a good part of an evaluation's garbage. Only this pass shares results: they feed
 * the decision and open conditions alone, never the reasons (the explaining pass makes its own).
 */
function decidePolicy(
  input: PolicyInput | undefined,
  kind: PolicyKind,
  req: RequestContext,
  hasBoundary: boolean,
  index: number,
  level?: string,
): EvaluatedPolicy {
  const p = prepare(input, kind);
  const compiled = p.compiled;
  const last = lastOwner[p.slot] === p ? lastResult[p.slot] : undefined;
  if (!compiled || !p.label || !last || last.level !== level)
    return remember(p, evaluatePolicy(input, kind, req, hasBoundary, index, false, level));
  const statements = compiled.statementsFor(req.actionLc);
  const n = statements.length;
  const previous = last.outcomes;
  if (previous.length !== n)
    return remember(p, evaluatePolicy(input, kind, req, hasBoundary, index, false, level));
  let i = 0;
  let fresh: StatementOutcome[] | undefined;
  for (; i < n; i++) {
    const o = evaluateStatement(
      statements[i] as CompiledStatement,
      req,
      kind,
      compiled.substitutes,
      hasBoundary,
    );
    if (o !== previous[i]) {
      // At its exact length (not grown by push): the last result of every input is kept for the next call.
      fresh = new Array<StatementOutcome>(n);
      for (let j = 0; j < i; j++) fresh[j] = previous[j] as StatementOutcome;
      fresh[i] = o;
      break;
    }
  }
  if (!fresh) return last;
  for (i++; i < n; i++)
    fresh[i] = evaluateStatement(
      statements[i] as CompiledStatement,
      req,
      kind,
      compiled.substitutes,
      hasBoundary,
    );
  const ev: EvaluatedPolicy = {
    label: p.label,
    kind,
    compiled,
    invalid: p.invalid,
    outcomes: fresh,
    level,
    issues: p.issues,
  };
  return remember(p, ev);
}

function remember(p: Prepared, ev: EvaluatedPolicy): EvaluatedPolicy {
  if (p.label) {
    lastOwner[p.slot] = p;
    lastResult[p.slot] = ev;
  }
  return ev;
}

/** Either pass's evaluation of one policy. */
const policyOf = (
  explain: boolean,
  input: PolicyInput | undefined,
  kind: PolicyKind,
  req: RequestContext,
  hasBoundary: boolean,
  index: number,
  level?: string,
): EvaluatedPolicy =>
  explain
    ? evaluatePolicy(input, kind, req, hasBoundary, index, true, level)
    : decidePolicy(input, kind, req, hasBoundary, index, level);

/** The outcomes of a policy with no statement for the action (shared; never written to). */
const NO_OUTCOMES: StatementOutcome[] = [];

/**
 * Open conditions are the same objects for the same policy label, statement, condition and key while an
 * analysis runs: cached, so repeated evaluations allocate none and duplicates are found by identity. Per
 * label, the condition and its open condition in turn in one flat list at its exact length while it is
 * short (most labels have one or two); past `FLAT_OPEN` pairs, a Map by condition. Why not two levels of
 * Maps per label, as before: a label is made per policy input (each role's trust policy has its own),
 * and two small Maps (about 300 bytes) per label were a twentieth of a large analysis's live heap. Emptied
 * with the text memos when an analysis is done (see `releaseWithTextMemos`): the open conditions its
 * edges keep stay with the edges; the rest (most of this cache: conditions of evaluations whose result
 * was not kept) was 8 MB of a 114 MB heap at 10,000 roles, held for the findings and after.
 */
type OpenEntries = (CompiledCondition | OpenCondition)[] | Map<CompiledCondition, OpenCondition[]>;
let openCache = new WeakMap<PolicyLabel, OpenEntries>();
let openLabels = 0;
const FLAT_OPEN = 16;

releaseWithTextMemos({
  get size(): number {
    return openLabels;
  },
  release(): void {
    openCache = new WeakMap();
    openLabels = 0;
  },
});

function openConditionsOf(p: EvaluatedPolicy, o: StatementOutcome): OpenCondition[] {
  const st = o.compiled.statement;
  let entries = openCache.get(p.label);
  const out: OpenCondition[] = [];
  for (const { condition, key } of o.open ?? []) {
    let oc = entries && findOpen(entries, condition, key);
    if (!oc) {
      oc = {
        policy: p.label,
        statement: st.sid ? { index: st.index, sid: st.sid } : { index: st.index },
        operator: condition.entry.operator,
        key,
        values: condition.entry.values,
        // One text per condition, shared by every label's open condition (a condition has one statement).
        text: (condition.openText ??=
          st.effect === 'Deny'
            ? `allowed unless ${conditionText(condition)}`
            : `allowed if ${conditionText(condition)}`),
      };
      entries = addEntry(p.label, entries, condition, oc);
    }
    out.push(oc);
  }
  return out;
}

/** Adds a pair to a label's entries (a copy one pair longer while flat); returns the entries now kept. */
function addEntry(
  label: PolicyLabel,
  entries: OpenEntries | undefined,
  condition: CompiledCondition,
  oc: OpenCondition,
): OpenEntries {
  if (entries && !Array.isArray(entries)) {
    addOpen(entries, condition, oc);
    return entries;
  }
  const n = entries ? entries.length : 0;
  let next: OpenEntries;
  if (n >= 2 * FLAT_OPEN) {
    const byCondition = new Map<CompiledCondition, OpenCondition[]>();
    for (let i = 0; i < n; i += 2) {
      const flat = entries as (CompiledCondition | OpenCondition)[];
      addOpen(byCondition, flat[i] as CompiledCondition, flat[i + 1] as OpenCondition);
    }
    addOpen(byCondition, condition, oc);
    next = byCondition;
  } else {
    const flat = new Array<CompiledCondition | OpenCondition>(n + 2);
    for (let i = 0; i < n; i++)
      flat[i] = (entries as (CompiledCondition | OpenCondition)[])[i] as CompiledCondition | OpenCondition;
    flat[n] = condition;
    flat[n + 1] = oc;
    next = flat;
  }
  if (!entries) openLabels++;
  openCache.set(label, next);
  return next;
}

function findOpen(
  entries: OpenEntries,
  condition: CompiledCondition,
  key: string,
): OpenCondition | undefined {
  if (!Array.isArray(entries)) return entries.get(condition)?.find((oc) => oc.key === key);
  for (let i = 0; i < entries.length; i += 2)
    if (entries[i] === condition && (entries[i + 1] as OpenCondition).key === key)
      return entries[i + 1] as OpenCondition;
  return undefined;
}

function addOpen(
  byCondition: Map<CompiledCondition, OpenCondition[]>,
  condition: CompiledCondition,
  oc: OpenCondition,
): void {
  const list = byCondition.get(condition);
  if (list) list.push(oc);
  else byCondition.set(condition, [oc]);
}

/** Which resource-policy statements count: any, or only those naming the caller in a given way. */
export const RESOURCE_FILTERS = ['any', 'direct', 'role', 'account'] as const;
type Filter = (typeof RESOURCE_FILTERS)[number];

const DIRECT: ReadonlySet<PrincipalMatch | undefined> = new Set<PrincipalMatch | undefined>([
  'wildcard',
  'session',
  'user',
  'service',
  'federated',
  'canonical',
]);

function passes(filter: Filter, m: PrincipalMatch | undefined): boolean {
  if (filter === 'any') return true;
  if (filter === 'direct') return DIRECT.has(m);
  return m === filter;
}

/** Does any Allow statement of these policies apply (optionally only those naming the caller a certain way)? */
function allows(policies: readonly EvaluatedPolicy[], filter: Filter = 'any'): Tri {
  let maybe: OpenCondition[] | undefined;
  for (const p of policies) {
    if (p.invalid) continue;
    for (const o of p.outcomes) {
      if (o.status === 'nomatch' || o.status === 'invalid' || o.compiled.statement.effect !== 'Allow')
        continue;
      if (filter !== 'any' && !passes(filter, o.principalMatch)) continue;
      if (o.status === 'match') return YES;
      (maybe ??= []).push(...openConditionsOf(p, o));
    }
  }
  return maybe ? { v: 'maybe', open: maybe } : NO;
}

function denies(policies: readonly EvaluatedPolicy[]): Tri {
  let maybe: OpenCondition[] | undefined;
  for (const p of policies) {
    for (const o of p.outcomes) {
      if (o.status === 'nomatch' || o.status === 'invalid' || o.compiled.statement.effect !== 'Deny')
        continue;
      if (o.status === 'match') return YES;
      (maybe ??= []).push(...openConditionsOf(p, o));
    }
  }
  return maybe ? { v: 'maybe', open: maybe } : NO;
}

/** A requirement that was not met, for the reasons of an implicit deny. */
export interface Gap {
  policies: EvaluatedPolicy[];
  kind: PolicyKind;
  message: string;
}

function orgLevels(
  levels: OrgLevelPolicies[] | undefined,
  kind: 'scp' | 'rcp',
  req: RequestContext,
  explain: boolean,
): EvaluatedPolicy[][] {
  if (!Array.isArray(levels) || levels.length === 0) return NONE;
  const prev = explain ? undefined : lastLevels[kind].get(levels);
  const flat = levelScratch;
  const sizes = sizeScratch;
  flat.length = 0;
  sizes.length = 0;
  for (let i = 0; i < levels.length; i++) {
    const lvl = levels[i];
    const id = typeof lvl?.orgIdentifier === 'string' ? lvl.orgIdentifier : `level ${i + 1}`;
    const list = Array.isArray(lvl?.policies) ? lvl.policies : [];
    for (let j = 0; j < list.length; j++) flat.push(policyOf(explain, list[j], kind, req, false, j, id));
    if (list.length === 0) flat.push(emptyLevel(kind, id, prev?.[i]));
    sizes.push(Math.max(list.length, 1));
  }
  if (prev && sameLevels(prev, flat, sizes)) return prev;
  const out: EvaluatedPolicy[][] = [];
  let k = 0;
  for (const n of sizes) {
    out.push(flat.slice(k, k + n));
    k += n;
  }
  if (!explain) lastLevels[kind].set(levels, out);
  return out;
}

/**
 * The last deciding-pass result per list of levels (lib/graph shares one list per account), returned
 * again when every policy result in it is the same object: see `decidePolicy`. Saves the level lists of
 * each evaluation; read-only like the rest of a deciding pass.
 */
const lastLevels = {
  scp: new WeakMap<object, EvaluatedPolicy[][]>(),
  rcp: new WeakMap<object, EvaluatedPolicy[][]>(),
};
/** Scratch lists of `orgLevels` (not re-entered: policy evaluation never evaluates levels). */
const levelScratch: EvaluatedPolicy[] = [];
const sizeScratch: number[] = [];

function sameLevels(prev: EvaluatedPolicy[][], flat: EvaluatedPolicy[], sizes: number[]): boolean {
  if (prev.length !== sizes.length) return false;
  let k = 0;
  for (let i = 0; i < prev.length; i++) {
    const lvl = prev[i] as EvaluatedPolicy[];
    if (lvl.length !== sizes[i]) return false;
    for (const p of lvl) if (p !== flat[k++]) return false;
  }
  return true;
}

/** Stands for a level with no policy of this kind attached (which allows nothing); the previous one when it fits. */
function emptyLevel(kind: 'scp' | 'rcp', id: string, prev: EvaluatedPolicy[] | undefined): EvaluatedPolicy {
  const name = `no ${kind.toUpperCase()} at ${id}`;
  const p = prev?.length === 1 ? prev[0] : undefined;
  if (p && !p.compiled && p.level === id && p.label.name === name && p.outcomes.length === 0) return p;
  return { label: { kind, name }, kind, invalid: false, outcomes: [], level: id };
}

function dedupe(open: OpenCondition[]): OpenCondition[] {
  const seen = new Set<OpenCondition>();
  const out: OpenCondition[] = [];
  for (const o of open) {
    if (seen.has(o)) continue;
    seen.add(o);
    out.push(o);
  }
  return out;
}

/** How many policies the levels hold. */
function count(levels: readonly EvaluatedPolicy[][]): number {
  let n = 0;
  for (let i = 0; i < levels.length; i++) n += (levels[i] as EvaluatedPolicy[]).length;
  return n;
}

/** Copies `from` into `into` from index `at`; returns the index after it. Indexed: no iterator per call. */
function append(into: EvaluatedPolicy[], at: number, from: readonly EvaluatedPolicy[]): number {
  for (let i = 0; i < from.length; i++) into[at++] = from[i] as EvaluatedPolicy;
  return at;
}

/** The list itself, or a fresh one in place of the shared empty list. */
const writable = <T>(list: T[]): T[] => (list === NONE ? [] : list);

const asList = <T>(v: T[] | undefined): readonly T[] => (Array.isArray(v) ? v : NONE);

/** Everything the decision and its reasons are made of. */
interface State {
  req: RequestContext;
  who: string;
  onWhat: string;
  identity: EvaluatedPolicy[];
  boundaries: EvaluatedPolicy[];
  session: EvaluatedPolicy[];
  identityAllow: Tri;
  sessionAllow: Tri;
  gaps: Gap[];
  /** False on the decision-only pass: gaps (whose only use is the reasons) are not worked out. */
  explain: boolean;
}

function identityGaps(s: State): void {
  if (!s.explain) return;
  const { req, who, onWhat } = s;
  if (s.identityAllow.v === 'no')
    s.gaps.push({
      policies: s.identity,
      kind: 'identity',
      message:
        s.identity.length === 0
          ? `${who} has no identity policy that allows ${req.action}${onWhat}`
          : `no statement in the identity policies of ${who} allows ${req.action}${onWhat}`,
    });
  for (const b of s.boundaries)
    if (allows([b]).v === 'no')
      s.gaps.push({
        policies: [b],
        kind: 'boundary',
        message: `the permissions boundary ${b.label.name ?? b.label.arn ?? ''} does not allow ${req.action}${onWhat}`,
      });
  if (s.sessionAllow.v === 'no')
    s.gaps.push({
      policies: s.session,
      kind: 'session',
      message: `the session policy does not allow ${req.action}${onWhat}`,
    });
}

function resourceGap(s: State, rp: EvaluatedPolicy, isTrustAction: boolean): void {
  if (!s.explain) return;
  const toCall = `${s.who} to call ${s.req.action}${isTrustAction ? '' : s.onWhat}`;
  s.gaps.push({
    policies: [rp],
    kind: rp.kind,
    message: rp.invalid
      ? `the ${describePolicy(rp.label)} is invalid, so it allows nothing`
      : `no statement in the ${describePolicy(rp.label)} allows ${toCall}`,
  });
}

function levelAllows(s: State, levels: EvaluatedPolicy[][], kind: 'scp' | 'rcp'): Tri {
  const parts: Tri[] = [];
  for (const lvl of levels) {
    const t = allows(lvl);
    if (t.v === 'no' && s.explain) {
      const at = lvl[0]?.level ?? '?';
      const empty = lvl.every((p) => !p.compiled && !p.invalid);
      s.gaps.push({
        policies: lvl,
        kind,
        message: empty
          ? `no ${kind.toUpperCase()} is attached at ${at}, so nothing is allowed there`
          : `no ${kind.toUpperCase()} attached at ${at} allows ${s.req.action}${s.onWhat}`,
      });
    }
    parts.push(t);
  }
  return allOf(parts);
}

/**
 * One evaluation. The default pass decides (statements that admit the action only, no gaps) and leaves
 * the reasons to a second, explaining pass over every statement, run only if the reasons are read: the
 * graph evaluates many pairs and shows the reasons of few. Both passes see the same statements that
 * matter, so their decisions and open conditions are the same (golden tests check both).
 */
function evaluateUnsafe(
  input: EvaluationInput,
  options: EvaluationOptions | undefined,
  explain: boolean,
): Evaluation {
  const mode = options?.mode === 'open' ? 'open' : 'complete';
  lenientByDefault = options?.validation === 'lenient';
  const request = (typeof input === 'object' && input !== null ? input.request : undefined) ?? {
    principal: '',
    action: '',
    resource: '',
  };
  const req = buildContext(request, mode);
  const p = req.principal;
  const special = specialCase(req.actionLc, p);
  if (special) return specialEvaluation(special, req.action);
  const iam = isIamPrincipal(p);
  const isTrustAction = TRUST_ACTIONS.has(req.actionLc);
  const resourceKind: PolicyKind = isTrustAction ? 'trust' : 'resource';
  const who = p.raw || '(no principal)';

  const boundaryInputs = asList(input.permissionBoundaries);
  const hasBoundary = boundaryInputs.length > 0;
  const identityInputs = asList(input.identityPolicies);
  const identity: EvaluatedPolicy[] = [];
  for (let i = 0; i < identityInputs.length; i++)
    identity.push(policyOf(explain, identityInputs[i], 'identity', req, hasBoundary, i));
  const boundaries: EvaluatedPolicy[] = hasBoundary ? [] : NONE;
  for (let i = 0; i < boundaryInputs.length; i++)
    boundaries.push(policyOf(explain, boundaryInputs[i], 'boundary', req, hasBoundary, i));
  const session =
    input.sessionPolicy !== undefined
      ? [policyOf(explain, input.sessionPolicy, 'session', req, hasBoundary, 0)]
      : NONE;
  const rp =
    input.resourcePolicy !== undefined
      ? policyOf(explain, input.resourcePolicy, resourceKind, req, hasBoundary, 0)
      : undefined;
  const resource: readonly EvaluatedPolicy[] = rp ? [rp] : NONE;
  const scpLevels = iam ? orgLevels(input.serviceControlPolicies, 'scp', req, explain) : [];
  const rcpLevels = orgLevels(input.resourceControlPolicies, 'rcp', req, explain);
  // Filled in place at its final size (a concat, then pushes that regrow it, was garbage on every call).
  const all = new Array<EvaluatedPolicy>(
    identity.length +
      boundaries.length +
      session.length +
      resource.length +
      count(scpLevels) +
      count(rcpLevels),
  );
  let at = append(all, 0, identity);
  at = append(all, at, boundaries);
  at = append(all, at, session);
  at = append(all, at, resource);
  for (let i = 0; i < scpLevels.length; i++) at = append(all, at, scpLevels[i] as EvaluatedPolicy[]);
  for (let i = 0; i < rcpLevels.length; i++) at = append(all, at, rcpLevels[i] as EvaluatedPolicy[]);

  const deny = denies(all);
  const identityAllow = p.kind === 'root' ? YES : iam ? allows(identity) : NO;
  let boundaryAllow = YES;
  for (const b of boundaries) boundaryAllow = and(boundaryAllow, allows([b]));
  const sessionAllow = session.length > 0 ? allows(session) : YES;
  const identityPath = and(identityAllow, boundaryAllow, sessionAllow);
  const s: State = {
    req,
    who,
    // Only the gaps' messages use it (the explaining pass).
    onWhat: explain && req.resource ? ` on ${req.resource}` : '',
    identity,
    boundaries,
    session,
    identityAllow,
    sessionAllow,
    // Gaps are only pushed on the explaining pass (see identityGaps / resourceGap).
    gaps: explain ? [] : NONE,
    explain,
  };
  const gaps = s.gaps;

  const anyResource = rp ? allows(resource) : NO;
  const cross =
    req.principalAccount !== undefined &&
    req.resourceAccount !== undefined &&
    req.principalAccount !== req.resourceAccount;

  let allowed: Tri;
  if (!iam) {
    allowed = anyResource;
    if (!explain) {
      // gaps are for the reasons only
    } else if (!rp)
      gaps.push({
        policies: [],
        kind: resourceKind,
        message: `${who} has no identity policies; only a ${isTrustAction ? 'trust' : 'resource'} policy could allow it, and none was given`,
      });
    else if (anyResource.v === 'no') resourceGap(s, rp, isTrustAction);
  } else if (isTrustAction && p.kind === 'root') {
    allowed = NO;
    if (explain)
      gaps.push({
        policies: [],
        kind: 'trust',
        message: 'the root user of an account cannot assume a role; use an IAM user or role',
      });
  } else if (isTrustAction && !rp) {
    allowed = NO;
    if (explain)
      gaps.push({
        policies: [],
        kind: 'trust',
        message: `${req.action} needs the role's trust policy to allow it, and none was given`,
      });
  } else if (cross) {
    allowed = rp ? and(identityPath, anyResource) : NO;
    if (!explain) {
      // gaps are for the reasons only
    } else if (!rp)
      gaps.push({
        policies: [],
        kind: 'resource',
        message: `cross-account access to ${req.resource} needs the resource's policy to allow ${who} too, and none was given`,
      });
    else if (anyResource.v === 'no') resourceGap(s, rp, isTrustAction);
    if (identityPath.v === 'no') identityGaps(s);
  } else if (!rp) {
    allowed = identityPath;
    if (allowed.v === 'no') identityGaps(s);
  } else {
    // Same account, with a resource policy: see the module comment for how the principal's naming matters.
    const direct = allows(resource, 'direct');
    const viaRole = and(allows(resource, 'role'), boundaryAllow, sessionAllow);
    // A KMS key policy, like a trust policy, must allow the call itself: IAM policies count only where it
    // names the account (AWS KMS Developer Guide, "Default key policy").
    if (isTrustAction || req.actionLc.startsWith('kms:')) {
      const viaAccount = allows(resource, 'account');
      allowed = or(direct, viaRole, and(viaAccount, identityPath));
      if (allowed.v === 'no') {
        if (anyResource.v === 'no') resourceGap(s, rp, isTrustAction);
        else {
          const before = gaps.length;
          identityGaps(s);
          const first = gaps[before];
          if (viaAccount.v !== 'no' && identityAllow.v === 'no' && first)
            first.message += ` (the ${describePolicy(rp.label)} names the account ${req.resourceAccount ?? ''}, which delegates to identity policies)`;
        }
      }
    } else {
      allowed = or(identityPath, direct, viaRole);
      if (allowed.v === 'no') {
        identityGaps(s);
        if (anyResource.v === 'no') resourceGap(s, rp, isTrustAction);
      }
    }
  }
  if (scpLevels.length > 0) allowed = and(allowed, levelAllows(s, scpLevels, 'scp'));
  if (rcpLevels.length > 0) allowed = and(allowed, levelAllows(s, rcpLevels, 'rcp'));

  let decision: Evaluation['decision'];
  let open: OpenCondition[] = NONE;
  if (deny.v === 'yes') decision = 'ExplicitDeny';
  else if (allowed.v === 'no') decision = 'ImplicitDeny';
  else if (allowed.v === 'yes' && deny.v === 'no') decision = 'Allow';
  else {
    decision = 'Conditional';
    open = dedupe([...allowed.open, ...deny.open]);
  }

  // Made only when there is something to say: most evaluations have no issue, and share one empty list.
  let validation: PolicyValidation[] = NONE;
  for (let i = 0; i < all.length; i++) {
    const pol = all[i] as EvaluatedPolicy;
    if (pol.compiled) {
      const issues = pol.issues ?? pol.compiled.issuesFor(pol.kind);
      if (issues.length > 0) (validation = writable(validation)).push({ policy: pol.label, issues });
    } else if (pol.invalid)
      (validation = writable(validation)).push({
        policy: pol.label,
        issues: [
          { severity: 'error', path: '$', message: 'expected {"document": …} with an optional name and arn' },
        ],
      });
  }
  if (p.kind === 'unknown')
    (validation = writable(validation)).push({
      policy: { kind: resourceKind, name: 'request' },
      issues: [
        {
          severity: 'error',
          path: 'request.principal',
          message: `'${p.raw}' is not a principal this engine knows (ARN, service, federated provider or "anonymous")`,
        },
      ],
    });

  return new LazyEvaluation(
    decision,
    open,
    validation,
    explain
      ? () => buildReasons({ decision, all, gaps, req, who, isTrustAction, cross })
      : explainLater(input, options),
  );
}

/** The decision of one of AWS's documented exceptions (see special.ts): no policy was read for it. */
function specialEvaluation(special: SpecialCase, action: string): Evaluation {
  const reason: Reason = {
    policy: { kind: 'identity', name: `AWS rule for ${action}`, arn: special.source },
    outcome: 'applies',
    message: special.message,
  };
  return new LazyEvaluation(special.decision, NONE, NONE, () => [reason]);
}

/**
 * An evaluation whose reasons are built when first read (then kept): the graph evaluates many pairs and
 * shows the reasons of few. A class, because an object literal with a getter, a setter and their
 * closures cost a quarter of a decision. `reasons` lives on the prototype, so `toJSON` puts it in JSON;
 * spread `{ ...evaluation }` does not copy it (read `evaluation.reasons` where a copy needs it).
 * Subclasses say how the reasons are built: from a closure here, from kept references in lib/graph.
 */
export abstract class DeferredEvaluation implements Evaluation {
  private built: Reason[] | undefined;
  constructor(
    readonly decision: Evaluation['decision'],
    readonly openConditions: OpenCondition[],
    readonly validation: PolicyValidation[],
  ) {}

  protected abstract buildReasons(): Reason[];

  get reasons(): Reason[] {
    return (this.built ??= this.buildReasons());
  }

  set reasons(value: Reason[]) {
    this.built = value;
  }

  toJSON(): Evaluation {
    return {
      decision: this.decision,
      reasons: this.reasons,
      openConditions: this.openConditions,
      validation: this.validation,
    };
  }
}

class LazyEvaluation extends DeferredEvaluation {
  constructor(
    decision: Evaluation['decision'],
    openConditions: OpenCondition[],
    validation: PolicyValidation[],
    private readonly build: () => Reason[],
  ) {
    super(decision, openConditions, validation);
  }

  protected buildReasons(): Reason[] {
    return this.build();
  }
}

function failed(e: unknown): Reason[] {
  return [
    {
      policy: { kind: 'identity', name: 'input' },
      outcome: 'invalid',
      message: `the request could not be evaluated: ${e instanceof Error ? e.message : String(e)}`,
    },
  ];
}

/** The reasons of a decision-only pass: the explaining pass over the same input. */
function explainLater(input: EvaluationInput, options: EvaluationOptions | undefined): () => Reason[] {
  return () => {
    try {
      return evaluateUnsafe(input, options, true).reasons;
    } catch (e) {
      return failed(e);
    }
  };
}

/** Evaluates one request against its policies. See the module comment for the rules. Never throws. */
export function evaluate(input: EvaluationInput, options?: EvaluationOptions): Evaluation {
  try {
    return evaluateUnsafe(input, options, options?.explain === true);
  } catch (e) {
    return { decision: 'ImplicitDeny', reasons: failed(e), openConditions: [], validation: [] };
  }
}

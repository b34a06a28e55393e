/**
 * What the graph needs to index candidates instead of trying every pair: the principals a trust policy
 * names, and the Resource patterns identity policies allow for an action. Both read the compiled
 * (cached) policy; neither decides anything — `evaluate()` still makes the decision for each candidate.
 * Both read documents leniently (as AWS stored them: an entry that matches nothing is dropped, one bad
 * statement does not void the others), a superset of what strict reading lists, so no candidate that
 * either reading allows is missed.
 */
import type { CompiledPolicy } from './compile';
import { admitsAction, compilePolicy } from './compile';
import type { ConditionEntry, Effect, PrincipalBlock } from './document';
import { arnPartsShared, lowerAction } from './match';
import { UNIQUE_ID } from './parse';
import type { StatementRef } from './types';
import { ObjectMemo } from './text-memo';

export const TRUST_PRINCIPAL_KINDS = [
  'wildcard',
  'account',
  'role',
  'user',
  'session',
  'federated-user',
  'service',
  'federated',
  'canonical',
  'deleted',
  'invalid',
] as const;
export type TrustPrincipalKind = (typeof TRUST_PRINCIPAL_KINDS)[number];

export interface TrustPrincipal {
  kind: TrustPrincipalKind;
  /** As written in the policy. */
  value: string;
  /** The account it belongs to, where the value says (account, role, user, session, provider ARN). */
  account?: string;
  /** True for a unique id (`AROA…`, `AIDA…`): the principal was deleted; it matches nobody. */
  deleted: boolean;
  effect: Effect;
  /** From `NotPrincipal`: everyone *but* this principal. */
  negated: boolean;
  statement: StatementRef;
  /** The trust actions (`sts:AssumeRole`, …) the statement covers. */
  actions: string[];
  conditions: ConditionEntry[];
  /** True when the statement or the policy is invalid: it never allows. */
  invalid: boolean;
}

const STS_TRUST_ACTIONS = [
  'sts:AssumeRole',
  'sts:AssumeRoleWithSAML',
  'sts:AssumeRoleWithWebIdentity',
  'sts:TagSession',
  'sts:SetSourceIdentity',
] as const;

function classifyAws(value: string): { kind: TrustPrincipalKind; account?: string } {
  if (value === '*') return { kind: 'wildcard' };
  if (/^\d{12}$/.test(value)) return { kind: 'account', account: value };
  if (UNIQUE_ID.test(value)) return { kind: 'deleted' };
  if (value.includes('*') || value.includes('?')) return { kind: 'invalid' };
  // The shared split (match.ts): the account kept with each trust principal is its shared string.
  const arn = arnPartsShared(value);
  if (!arn) return { kind: 'invalid' };
  const service = arn[2] as string;
  const id = arn[4] as string;
  const resource = arn[5] as string;
  const account = /^\d{12}$/.test(id) ? { account: id } : {};
  if (service === 'iam' && resource === 'root') return { kind: 'account', ...account };
  if (service === 'iam' && resource.startsWith('role/')) return { kind: 'role', ...account };
  if (service === 'iam' && resource.startsWith('user/')) return { kind: 'user', ...account };
  if (service === 'sts' && resource.startsWith('assumed-role/')) return { kind: 'session', ...account };
  if (service === 'sts' && resource.startsWith('federated-user/'))
    return { kind: 'federated-user', ...account };
  return { kind: 'invalid' };
}

/** The principal type under which each kind is written (`*` for the bare wildcard). */
const TYPE_OF: Record<TrustPrincipalKind, keyof Omit<PrincipalBlock, 'wildcard'> | '*'> = {
  wildcard: '*',
  account: 'AWS',
  role: 'AWS',
  user: 'AWS',
  session: 'AWS',
  'federated-user': 'AWS',
  deleted: 'AWS',
  invalid: 'AWS',
  service: 'Service',
  federated: 'Federated',
  canonical: 'CanonicalUser',
};

const principalsByPolicy = new ObjectMemo<CompiledPolicy, readonly TrustPrincipal[]>();

/**
 * Every principal a trust policy names, by kind, with the statement and trust actions it comes from.
 * One shared, read-only list per compiled policy: the graph, its findings and the checker each read the
 * trust of every role.
 */
export function trustPrincipals(document: unknown): readonly TrustPrincipal[] {
  // Listed from the strict reading (which keeps malformed entries, to show them), judged valid or not by
  // the lenient one (how AWS enforces a stored trust policy: a malformed entry does not void its neighbours).
  // The two readings differ only where an entry is malformed (`validEntries` in parse.ts), and the lenient
  // one records an issue for each: without any, the strict reading is the same document, so it is not
  // made. Why: every role's trust was compiled twice, a tenth of a large build's CPU and of its policy heap.
  const lenient = compilePolicy(document, true);
  const compiled = lenient.issues.length === 0 ? lenient : compilePolicy(document);
  let hit = principalsByPolicy.get(compiled);
  if (!hit) {
    hit = readTrustPrincipals(compiled, lenient);
    principalsByPolicy.set(compiled, hit);
  }
  return hit;
}

const STS_TRUST_ACTIONS_LC = STS_TRUST_ACTIONS.map((a) => a.toLowerCase());

/** Is `value` of principal type `type` kept in the lenient reading of the statement's block? */
function keptIn(
  block: PrincipalBlock | undefined,
  type: keyof Omit<PrincipalBlock, 'wildcard'> | '*',
  value: string,
): boolean {
  if (!block) return false;
  // `"Principal": "*"` sets the wildcard; `{"AWS": "*"}` lists "*" under AWS.
  return type === '*' ? block.wildcard || block.AWS.includes(value) : block[type].includes(value);
}

/** What every principal read from one statement shares. */
interface StatementSide {
  effect: Effect;
  statement: StatementRef;
  actions: string[];
  conditions: ConditionEntry[];
  invalid: boolean;
}

function trustEntry(
  side: StatementSide,
  len: PrincipalBlock | undefined,
  kind: TrustPrincipalKind,
  value: string,
  negated: boolean,
  account: string | undefined,
): TrustPrincipal {
  const invalid = side.invalid || kind === 'invalid' || !keptIn(len, TYPE_OF[kind], value);
  const tp: TrustPrincipal = {
    kind,
    value,
    deleted: kind === 'deleted',
    effect: side.effect,
    negated,
    statement: side.statement,
    actions: side.actions,
    conditions: side.conditions,
    invalid,
  };
  if (account !== undefined) tp.account = account;
  return tp;
}

/** The principals of one Principal or NotPrincipal block (`len`: the same block in the lenient reading). */
function readBlock(
  out: TrustPrincipal[],
  side: StatementSide,
  block: PrincipalBlock,
  len: PrincipalBlock | undefined,
  negated: boolean,
): void {
  if (block.wildcard) out.push(trustEntry(side, len, 'wildcard', '*', negated, undefined));
  for (const v of block.AWS) {
    const c = classifyAws(v);
    out.push(trustEntry(side, len, c.kind, v, negated, c.account));
  }
  for (const v of block.Service) out.push(trustEntry(side, len, 'service', v, negated, undefined));
  for (const v of block.Federated) {
    const acct = arnPartsShared(v)?.[4];
    out.push(
      trustEntry(side, len, 'federated', v, negated, acct && /^\d{12}$/.test(acct) ? acct : undefined),
    );
  }
  for (const v of block.CanonicalUser) out.push(trustEntry(side, len, 'canonical', v, negated, undefined));
}

/**
 * Kept for the analysis, one list per distinct trust document: no closure, iterator or pair list per
 * statement while reading, and each statement's trust actions at their exact length.
 */
function readTrustPrincipals(compiled: CompiledPolicy, lenient: CompiledPolicy): TrustPrincipal[] {
  const policyInvalid = lenient.invalidFor('trust');
  const out: TrustPrincipal[] = [];
  for (let si = 0; si < compiled.statements.length; si++) {
    const cs = compiled.statements[si] as CompiledPolicy['statements'][number];
    const st = cs.statement;
    if (!st.effect) continue;
    const len = lenient.statements[si]?.statement;
    // The statement's compiled (lower-cased) Action / NotAction matchers decide which trust actions it covers.
    let actions: string[] = [];
    for (let i = 0; i < STS_TRUST_ACTIONS.length; i++)
      if (admitsAction(cs, STS_TRUST_ACTIONS_LC[i] as string)) actions.push(STS_TRUST_ACTIONS[i] as string);
    actions = actions.slice();
    const side: StatementSide = {
      effect: st.effect,
      statement: st.sid ? { index: st.index, sid: st.sid } : { index: st.index },
      actions,
      conditions: st.conditions,
      invalid: policyInvalid || !len?.valid,
    };
    if (st.principal) readBlock(out, side, st.principal, len?.principal, false);
    if (st.notPrincipal) readBlock(out, side, st.notPrincipal, len?.notPrincipal, true);
  }
  return out.slice();
}

export interface AllowedResourcePattern {
  /** A Resource pattern (`*` for a NotResource statement, with `except`). */
  pattern: string;
  except?: string[];
  /** The statement has conditions: the pattern is a candidate, not a grant. */
  conditional: boolean;
  /** Index of the policy in the list given. */
  policyIndex: number;
  statement: StatementRef;
}

/** One policy's Allow patterns for one action, without the position of the policy in a list. */
interface PolicyPattern {
  pattern: string;
  except?: readonly string[];
  conditional: boolean;
  statement: StatementRef;
}

/**
 * Per compiled policy and action, its Allow patterns. Why: the graph asks for the patterns of the same
 * (often managed, shared) policies for every principal that holds them, for a dozen actions each; the
 * statement scan is done once per policy and action instead. Callers get fresh objects (see below).
 */
const patternsByPolicy = new WeakMap<CompiledPolicy, Map<string, PolicyPattern[]>>();

function policyPatterns(compiled: CompiledPolicy, action: string): PolicyPattern[] {
  let byAction = patternsByPolicy.get(compiled);
  if (!byAction) {
    byAction = new Map();
    patternsByPolicy.set(compiled, byAction);
  }
  let list = byAction.get(action);
  if (list) return list;
  list = [];
  if (!compiled.invalidFor('identity')) {
    for (const cs of compiled.statementsFor(action.toLowerCase())) {
      const st = cs.statement;
      if (st.effect !== 'Allow') continue;
      const conditional = st.conditions.length > 0;
      const statement = { index: st.index, ...(st.sid ? { sid: st.sid } : {}) };
      for (const pattern of st.resource ?? []) list.push({ pattern, conditional, statement });
      if (st.notResource) list.push({ pattern: '*', except: st.notResource, conditional, statement });
    }
  }
  if (byAction.size >= 1_000) byAction.clear();
  byAction.set(action, list);
  return list;
}

/**
 * The Resource patterns that Allow statements of these identity policies grant for `action` (conditions
 * not evaluated, Deny statements not subtracted). Accepts documents or `{document}` policy inputs.
 */
export function allowedResourcePatterns(
  documents: readonly unknown[],
  action: string,
): AllowedResourcePattern[] {
  const out: AllowedResourcePattern[] = [];
  documents.forEach((d, policyIndex) => {
    for (const e of policyPatterns(compilePolicy(documentOf(d), true), action))
      out.push({
        pattern: e.pattern,
        ...(e.except ? { except: [...e.except] } : {}),
        conditional: e.conditional,
        policyIndex,
        statement: { ...e.statement },
      });
  });
  return out;
}

const textsByPolicy = new WeakMap<CompiledPolicy, Map<string, readonly string[]>>();

/** One policy's Allow pattern texts for one action (`*` for a NotResource statement), cached. */
function policyPatternTexts(compiled: CompiledPolicy, action: string): readonly string[] {
  let byAction = textsByPolicy.get(compiled);
  if (!byAction) {
    byAction = new Map();
    textsByPolicy.set(compiled, byAction);
  }
  let texts = byAction.get(action);
  if (!texts) {
    texts = readPatternTexts(compiled, action);
    if (byAction.size >= 1_000) byAction.clear();
    byAction.set(action, texts);
  }
  return texts;
}

/** Shared by every policy and action without an Allow pattern: most, for most of the actions asked. */
const NO_TEXTS: readonly string[] = Object.freeze([]);

/**
 * The texts `policyPatterns` would give, read straight from the statements. Why: the graph asks a dozen
 * actions of every identity policy and keeps the answers for the build; making (and keeping) pattern
 * objects and an empty list per policy and action was a tenth of what a build holds on to.
 */
function readPatternTexts(compiled: CompiledPolicy, action: string): readonly string[] {
  if (compiled.invalidFor('identity')) return NO_TEXTS;
  let out: readonly string[] = NO_TEXTS;
  let own = false;
  for (const cs of compiled.statementsFor(lowerAction(action))) {
    const st = cs.statement;
    if (st.effect !== 'Allow') continue;
    // One statement's Resource list is the answer itself (read-only, like every list here): shared, not copied.
    if (out.length === 0 && st.resource && !st.notResource) {
      out = st.resource;
      continue;
    }
    const list: string[] = own ? (out as string[]) : [...out];
    own = true;
    if (st.resource) for (const pattern of st.resource) list.push(pattern);
    if (st.notResource) list.push('*');
    out = list;
  }
  return out;
}

/**
 * One policy's Allow pattern texts for every action of a batch, in the batch's order: one pass over its
 * statements for all of them. Kept per compiled policy for the last batch asked (the graph asks one).
 */
interface BatchTexts {
  batch: readonly string[];
  texts: (readonly string[])[];
}
const batchByPolicy = new ObjectMemo<CompiledPolicy, BatchTexts>();

function batchTexts(compiled: CompiledPolicy, batch: readonly string[]): BatchTexts {
  const hit = batchByPolicy.get(compiled);
  if (hit && hit.batch === batch) return hit;
  const texts: (readonly string[])[] = new Array<readonly string[]>(batch.length).fill(NO_TEXTS);
  if (!compiled.invalidFor('identity')) {
    const lower = batch.map(lowerAction);
    // Document order per action, as `readPatternTexts` gives (its statements are `statementsFor`'s:
    // valid, with an effect, admitting the action), and its lists shared the same way.
    const own = new Array<boolean>(batch.length).fill(false);
    for (const cs of compiled.statements) {
      const st = cs.statement;
      if (!st.valid || st.effect !== 'Allow') continue;
      for (let i = 0; i < lower.length; i++) {
        if (!admitsAction(cs, lower[i] as string)) continue;
        const out = texts[i] as readonly string[];
        if (out.length === 0 && st.resource && !st.notResource) {
          texts[i] = st.resource;
          continue;
        }
        const list: string[] = own[i] ? (out as string[]) : [...out];
        own[i] = true;
        if (st.resource) for (const pattern of st.resource) list.push(pattern);
        if (st.notResource) list.push('*');
        texts[i] = list;
      }
    }
  }
  const entry = { batch, texts };
  batchByPolicy.set(compiled, entry);
  return entry;
}

/**
 * The pattern texts of `allowedResourcePatterns`, without the objects around them: what the graph's
 * candidate indexes need, for every principal and a dozen actions. Shared, read-only lists.
 *
 * `batch` (optional, containing `action`): the actions the caller will ask of the same documents. Each
 * policy is then read once for all of them, and its answers kept in one list, not in a Map of actions
 * per policy. Why: the graph asks a principal's policies for `sts:AssumeRole` and eleven data actions;
 * asked one by one, every distinct policy of a 200,000-role estate kept two Maps of a dozen entries.
 */
export function allowedResourcePatternTexts(
  documents: readonly unknown[],
  action: string,
  batch?: readonly string[],
): readonly string[] {
  const at = batch ? batch.indexOf(action) : -1;
  const textsOf = (compiled: CompiledPolicy): readonly string[] =>
    at >= 0
      ? (batchTexts(compiled, batch as readonly string[]).texts[at] as readonly string[])
      : policyPatternTexts(compiled, action);
  if (documents.length === 1) return textsOf(compilePolicy(documentOf(documents[0]), true));
  let out: string[] | undefined;
  for (const d of documents)
    for (const t of textsOf(compilePolicy(documentOf(d), true))) (out ??= []).push(t);
  return out ?? NO_TEXTS;
}

/** A document, or the document of a `{document}` policy input. */
function documentOf(d: unknown): unknown {
  return typeof d === 'object' && d !== null && 'document' in d && !('Statement' in d) ? d.document : d;
}

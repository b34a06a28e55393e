/**
 * Compiled policies: parsed and validated once, with every matcher built once (lower-cased actions,
 * pre-split ARN patterns, condition value tests), and cached so that evaluating the same document again
 * does no parsing at all. Interned by content (see `cache.ts`): the same document written twice, in two
 * roles or on two `simulate` lines, is compiled once and held once.
 */
import type { Matcher } from './glob';
import type { CompiledCondition } from './conditions';
import { compileCondition } from './conditions';
import type { PolicyDocument, PolicyStatement, PrincipalBlock } from './document';
import type { ResourceMatcher } from './match';
import type { StatementOutcome } from './statement';
import { compileAction, sharedResourceMatcher } from './match';
import type { PolicyCache } from './cache';
import type { ContentKey } from './cache';
import { contentKey, policyCache } from './cache';
import type { ParsedPolicy } from './parse';
import { decodeDocument, readPolicy } from './parse';
import type { CompiledPrincipal } from './principal';
import { compilePrincipal } from './principal';
import type { PolicyKind, ValidationIssue } from './types';
import { hasVariables } from './variables';
import { TextMemo } from './text-memo';

export interface CompiledStatement {
  statement: PolicyStatement;
  actions?: Matcher[];
  notActions?: Matcher[];
  /** Static resource patterns; patterns with policy variables are matched at evaluation time. */
  resources?: ResourceMatcher[];
  notResources?: ResourceMatcher[];
  /** Patterns with variables (only under Version 2012-10-17), kept as text. */
  dynamicResources: boolean;
  principal?: CompiledPrincipal;
  notPrincipal?: CompiledPrincipal;
  conditions: CompiledCondition[];
  /** Resource patterns with variables, compiled per substituted text (made on first use). */
  dynamicMatchers?: Map<string, ResourceMatcher>;
  /** Shared, read-only `nomatch`/`invalid` outcomes, built on first use (they do not depend on the request). */
  misses?: Map<string, StatementOutcome>;
  /** The same for each failed condition, by the condition's index. */
  conditionMisses?: (StatementOutcome | undefined)[];
  /** A shared, read-only `match` outcome: the last one made (how the caller was named is part of it). */
  match?: StatementOutcome;
}

export interface CompiledPolicy {
  document: PolicyDocument;
  issues: ValidationIssue[];
  /** True when any issue is an error: in strict reading the policy then grants nothing (fail closed). */
  hasErrors: boolean;
  /**
   * Lenient reading (a document AWS stored): entries that match nothing were dropped with warnings, and
   * an error only disables its own statement — the policy as a whole stays in force, as at AWS. Issues
   * that depend on where the policy is used (a trust policy without a Principal) still disable it all.
   */
  lenient: boolean;
  /** Policy variables are substituted only under Version 2012-10-17. */
  substitutes: boolean;
  statements: CompiledStatement[];
  /** Issues that depend on where the policy is used (e.g. a Principal in an identity policy). */
  issuesFor(kind: PolicyKind): ValidationIssue[];
  /** True when the policy has an error for this kind of use (strict) or a kind error (lenient): it then allows nothing. */
  invalidFor(kind: PolicyKind): boolean;
  /**
   * The valid statements whose Action / NotAction admit this (lower-cased) action, in document order: the
   * only ones that can decide a request for it. Cached per action.
   */
  statementsFor(actionLc: string): readonly CompiledStatement[];
}

/** Does the statement's Action / NotAction admit the action (validity aside)? */
export function admitsAction(cs: CompiledStatement, actionLc: string): boolean {
  if (cs.actions) {
    let hit = false;
    for (const m of cs.actions)
      if (m(actionLc)) {
        hit = true;
        break;
      }
    if (!hit) return false;
  }
  if (cs.notActions) for (const m of cs.notActions) if (m(actionLc)) return false;
  return true;
}

/** Distinct actions cached per policy before the cache starts over (the graph asks a handful). */
const MAX_ACTIONS_PER_POLICY = 64;
const NO_STATEMENTS: readonly CompiledStatement[] = Object.freeze([]);

/**
 * Action matchers are shared by pattern text (resource matchers too, in match.ts): the same actions and ARNs recur across thousands of documents, and
 * one matcher per occurrence was most of what compiling allocated. Bounded; cleared when full.
 */
const MAX_SHARED_MATCHERS = 500_000;
const actionMatchers = new TextMemo<Matcher>(MAX_SHARED_MATCHERS);

function sharedAction(pattern: string): Matcher {
  let m = actionMatchers.get(pattern);
  if (!m) {
    m = compileAction(pattern);
    actionMatchers.set(pattern, m);
  }
  return m;
}

function compileStatement(st: PolicyStatement, substitutes: boolean): CompiledStatement {
  const dynamicResources =
    substitutes &&
    ((st.resource !== undefined && st.resource.some(hasVariables)) ||
      (st.notResource !== undefined && st.notResource.some(hasVariables)));
  const conditions: CompiledCondition[] = [];
  for (const c of st.conditions) {
    const cc = compileCondition(c, substitutes);
    if (cc) conditions.push(cc);
  }
  const cs: CompiledStatement = { statement: st, dynamicResources, conditions: exact(conditions) };
  if (st.action) cs.actions = st.action.map(sharedAction);
  if (st.notAction) cs.notActions = st.notAction.map(sharedAction);
  if (!dynamicResources) {
    if (st.resource) cs.resources = st.resource.map(sharedResourceMatcher);
    if (st.notResource) cs.notResources = st.notResource.map(sharedResourceMatcher);
  }
  if (st.principal) cs.principal = compilePrincipal(st.principal);
  if (st.notPrincipal) cs.notPrincipal = compilePrincipal(st.notPrincipal);
  return cs;
}

const RESOURCE_POLICY_KINDS: ReadonlySet<PolicyKind> = new Set(['trust', 'resource', 'rcp']);

function kindIssues(doc: PolicyDocument, kind: PolicyKind): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  const many = doc.statements.length > 1;
  for (const st of doc.statements) {
    const path = many ? `Statement[${st.index}]` : 'Statement';
    const hasPrincipal = st.principal !== undefined || st.notPrincipal !== undefined;
    if (RESOURCE_POLICY_KINDS.has(kind)) {
      if (!hasPrincipal && kind !== 'rcp')
        out.push({
          severity: 'error',
          path,
          message: `a statement in a ${kind} policy needs a Principal or NotPrincipal`,
        });
    } else if (hasPrincipal) {
      out.push({
        severity: 'error',
        path: `${path}.Principal`,
        message: `a ${kind} policy cannot have a Principal element`,
      });
    }
    if (kind === 'trust' && (st.resource || st.notResource))
      out.push({
        severity: 'error',
        path: `${path}.Resource`,
        message: 'a role trust policy cannot have a Resource element',
      });
    if (kind !== 'trust' && !st.resource && !st.notResource && st.valid)
      out.push({
        severity: 'error',
        path,
        message: `a statement in a ${kind} policy needs a Resource or NotResource`,
      });
  }
  return out;
}

/**
 * One frozen empty list for every empty list a compiled policy keeps (most statements have no condition,
 * most principal blocks list one or two of the four principal types): an empty list is 16-32 bytes,
 * several per distinct document, held for the analysis. Frozen: a writer would fail loudly, not share.
 */
const EMPTY: never[] = Object.freeze([]) as unknown as never[];

/** A list at its exact length: one grown by `push` keeps room for 17 entries (about 150 bytes) however few it holds. */
function exact<T>(list: T[]): T[] {
  return list.length === 0 ? EMPTY : list.slice();
}

/** The shared empty list for an empty one, the list itself otherwise. */
const orEmpty = <T>(list: T[]): T[] => (list.length === 0 ? EMPTY : list);

/**
 * The parsed document's lists at their exact length, in place (before anything else sees the document).
 * Why: a compiled policy is held for the whole analysis, one per distinct document (about 256,000 at
 * 200,000 roles), and most of its lists hold one or two entries in room grown for seventeen: about a
 * tenth of a large analysis's heap. Only the lists the reader grows by `push` are copied: the statements
 * and each statement's conditions. The reader makes the others (Action, Resource, principal and
 * condition values) at their exact length already (`stringList` and `validEntries` in `parse.ts`). Empty
 * lists become one shared frozen list.
 */
function compactDocument(doc: PolicyDocument): void {
  doc.statements = exact(doc.statements);
  for (const st of doc.statements) {
    st.conditions = exact(st.conditions);
    if (st.principal) compactBlock(st.principal);
    if (st.notPrincipal) compactBlock(st.notPrincipal);
  }
}

function compactBlock(block: PrincipalBlock): void {
  block.AWS = orEmpty(block.AWS);
  block.Service = orEmpty(block.Service);
  block.Federated = orEmpty(block.Federated);
  block.CanonicalUser = orEmpty(block.CanonicalUser);
}

/** Bit of a policy kind in `Compiled`'s per-kind flags. */
const KIND_BIT: Record<PolicyKind, number> = {
  identity: 1,
  boundary: 2,
  session: 4,
  trust: 8,
  resource: 16,
  scp: 32,
  rcp: 64,
};

/** One compiled document. A class: its methods live on the prototype, not in closures per document. */
class Compiled implements CompiledPolicy {
  readonly document: PolicyDocument;
  readonly issues: ValidationIssue[];
  readonly hasErrors: boolean;
  readonly lenient: boolean;
  readonly substitutes: boolean;
  readonly statements: CompiledStatement[];
  /** Issues per kind of use, only for kinds that add issues of their own (most add none: see `plainKinds`). */
  private byKind: Map<PolicyKind, ValidationIssue[]> | undefined;
  /** Kinds (bits of `KIND_BIT`) known to add no issue: `issuesFor` is then `issues`. Flags, not a Map per policy. */
  private plainKinds = 0;
  /** Kinds whose `invalidFor` is known, and of those the invalid ones. */
  private knownInvalid = 0;
  private invalidKinds = 0;
  /**
   * Per action asked, its statements: action and list in turn, at most `MAX_ACTIONS_PER_POLICY` pairs.
   * A flat list, not a Map: a Map's table is about 170 bytes even for the handful of actions the graph
   * asks, held for each of a large estate's few hundred thousand distinct documents.
   */
  private byAction: (string | readonly CompiledStatement[])[] | undefined;
  private lastAction: string | undefined;
  private lastList: readonly CompiledStatement[] | undefined;

  constructor(parsed: ParsedPolicy, lenient: boolean) {
    this.document = parsed.document;
    this.issues = parsed.issues;
    this.lenient = lenient;
    this.hasErrors = parsed.issues.some((i) => i.severity === 'error');
    this.substitutes = parsed.document.version === '2012-10-17';
    compactDocument(parsed.document);
    this.statements = parsed.document.statements.map((st) => compileStatement(st, this.substitutes));
  }

  issuesFor(kind: PolicyKind): ValidationIssue[] {
    const bit = KIND_BIT[kind];
    if (this.plainKinds & bit) return this.issues;
    let issues = this.byKind?.get(kind);
    if (!issues) {
      const extra = kindIssues(this.document, kind);
      if (extra.length === 0) {
        this.plainKinds |= bit;
        return this.issues;
      }
      issues = [...this.issues, ...extra];
      (this.byKind ??= new Map()).set(kind, issues);
    }
    return issues;
  }

  invalidFor(kind: PolicyKind): boolean {
    const bit = KIND_BIT[kind];
    if (this.knownInvalid & bit) return (this.invalidKinds & bit) !== 0;
    const v = (this.lenient ? kindIssues(this.document, kind) : this.issuesFor(kind)).some(
      (i) => i.severity === 'error',
    );
    this.knownInvalid |= bit;
    if (v) this.invalidKinds |= bit;
    return v;
  }

  statementsFor(actionLc: string): readonly CompiledStatement[] {
    // The graph asks the same policy for the same action many times in a row.
    if (actionLc === this.lastAction && this.lastList) return this.lastList;
    const list = this.lookupStatements(actionLc);
    this.lastAction = actionLc;
    this.lastList = list;
    return list;
  }

  private lookupStatements(actionLc: string): readonly CompiledStatement[] {
    const pairs = (this.byAction ??= []);
    for (let i = 0; i < pairs.length; i += 2)
      if (pairs[i] === actionLc) return pairs[i + 1] as readonly CompiledStatement[];
    let found: CompiledStatement[] | undefined;
    for (const cs of this.statements)
      if (cs.statement.valid && cs.statement.effect !== undefined && admitsAction(cs, actionLc))
        (found ??= []).push(cs);
    // Most policies have no statement for most actions asked: one shared empty list for all of them;
    // and most that have one have the same few statements for each action: one list for each such set,
    // at its exact length (one grown by `push` keeps room for seventeen).
    const list = found ? this.sameList(found) : NO_STATEMENTS;
    if (pairs.length >= 2 * MAX_ACTIONS_PER_POLICY) pairs.length = 0;
    pairs.push(actionLc, list);
    return list;
  }

  /** A list already kept with the same statements in the same order, or a copy of this one at its length. */
  private sameList(found: CompiledStatement[]): readonly CompiledStatement[] {
    const pairs = this.byAction ?? [];
    for (let i = 1; i < pairs.length; i += 2) {
      const kept = pairs[i] as readonly CompiledStatement[];
      if (kept.length === found.length && kept.every((cs, j) => cs === found[j])) return kept;
    }
    return found.slice();
  }
}

const build = (parsed: ParsedPolicy, lenient: boolean): CompiledPolicy => new Compiled(parsed, lenient);

/**
 * Per document object and reading, the compiled form (a link that lives as long as the object): the
 * same object asked again costs one lookup, and no object is compiled twice even when the content
 * cache has evicted its entry. Strings (JSON or URL-encoded) go through a small exact-text map first,
 * so a text seen again is not decoded again.
 */
const byObject = {
  strict: new WeakMap<object, CompiledPolicy>(),
  lenient: new WeakMap<object, CompiledPolicy>(),
};
const byText = { strict: new Map<string, CompiledPolicy>(), lenient: new Map<string, CompiledPolicy>() };
const MAX_TEXT_ENTRIES = 5_000;

/**
 * The compiled form of a decoded document, from the content cache (see `cache.ts`) or compiled and put
 * there. A document without validation issues is shared by its canonical text; one with issues only by
 * its exact JSON (the issues' paths depend on how it was written). Not plain JSON: compiled, not shared.
 */
function compileDecoded(value: unknown, lenient: boolean, cache: PolicyCache): CompiledPolicy {
  const canonical = contentKey(value, lenient);
  if (!canonical) return build(readPolicy(value, lenient), lenient);
  const hit = cache.get(canonical);
  if (hit) return hit;
  // The exact key (the document's whole JSON again) is only worth making when a document with issues
  // was ever put under one: making it for every new document was a sixth of compiling (most have none).
  let exact: ContentKey | undefined;
  if (exactKeysSet.has(cache)) {
    exact = contentKey(value, lenient, true);
    const exactHit = exact && cache.get(exact);
    if (exactHit) return exactHit;
  }
  const compiled = build(readPolicy(value, lenient), lenient);
  if (compiled.issues.length === 0) cache.set(canonical, compiled);
  else {
    exact ??= contentKey(value, lenient, true);
    if (exact) {
      cache.set(exact, compiled);
      exactKeysSet.add(cache);
    }
  }
  return compiled;
}

/** Caches that were ever given an entry under an exact key (see `compileDecoded`). */
const exactKeysSet = new WeakSet<PolicyCache>();

/**
 * Parses, validates and compiles a policy document, or returns the cached compilation of the same
 * object, the same text or the same content (see `cache.ts`). `lenient`: the reading for documents AWS
 * stored (see `CompiledPolicy.lenient`). Never throws.
 */
export function compilePolicy(document: unknown, lenient = false): CompiledPolicy {
  const reading = lenient ? 'lenient' : 'strict';
  if (typeof document === 'object' && document !== null) {
    const objects = byObject[reading];
    const hit = objects.get(document);
    if (hit) return hit;
    const compiled = compileDecoded(document, lenient, policyCache);
    objects.set(document, compiled);
    return compiled;
  }
  if (typeof document === 'string') {
    const texts = byText[reading];
    const hit = texts.get(document);
    if (hit) return hit;
    const decoded = decodeDocument(document);
    // Text that is not JSON: its issue is about the text, so it is compiled from the text itself.
    const compiled = decoded.issue
      ? build(readPolicy(document, lenient), lenient)
      : compileDecoded(decoded.value, lenient, policyCache);
    if (texts.size >= MAX_TEXT_ENTRIES) texts.clear();
    texts.set(document, compiled);
    return compiled;
  }
  return build(readPolicy(document, lenient), lenient);
}

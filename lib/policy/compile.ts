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

/** One item, or a list of several: see `CompiledStatement`. */
export type OneOrMore<T> = T | readonly T[];

/** `CompiledStatement.flags`. */
const DYNAMIC_RESOURCES = 1;
const NOT_RESOURCE = 2;
const NOT_PRINCIPAL = 4;

/**
 * One statement, compiled: held for the analysis and after, one per statement of each distinct document
 * (about 24,000 at 10,000 roles), so every field is made in the constructor (fields added later went to
 * a separate property block per statement) and a list of one matcher is the matcher itself (the matchers
 * are shared by pattern text; a list of one was two objects, about 60 bytes, per statement and element).
 * A statement has Resource or NotResource and Principal or NotPrincipal, not both (both is a validation
 * error, and an invalid statement is never matched): one field each, and a flag says which.
 */
export class CompiledStatement {
  readonly statement: PolicyStatement;
  readonly actions: OneOrMore<Matcher> | undefined;
  readonly notActions: OneOrMore<Matcher> | undefined;
  /** Static Resource or NotResource matchers (see `notResource`); patterns with variables are matched at evaluation time. */
  readonly resources: OneOrMore<ResourceMatcher> | undefined;
  /** The Principal or NotPrincipal block (see `notPrincipal`). */
  readonly principal: CompiledPrincipal | undefined;
  readonly conditions: CompiledCondition[];
  private readonly flags: number;
  /** A shared, read-only `match` outcome: the last one made (how the caller was named is part of it). */
  match: StatementOutcome | undefined;
  /**
   * Shared, read-only `nomatch`/`invalid` outcomes, built on first use (they do not depend on the
   * request): by element (see `statement.ts`), then one per failed condition by the condition's index.
   */
  misses: (StatementOutcome | undefined)[] | undefined;

  constructor(st: PolicyStatement, substitutes: boolean) {
    const dynamic =
      substitutes &&
      ((st.resource !== undefined && st.resource.some(hasVariables)) ||
        (st.notResource !== undefined && st.notResource.some(hasVariables)));
    const conditions: CompiledCondition[] = [];
    for (const c of st.conditions) {
      const cc = compileCondition(c, substitutes);
      if (cc) conditions.push(cc);
    }
    this.statement = st;
    this.actions = st.action && oneOrMore(st.action, sharedAction);
    this.notActions = st.notAction && oneOrMore(st.notAction, sharedAction);
    const resource = st.resource ?? st.notResource;
    this.resources = !dynamic && resource ? oneOrMore(resource, sharedResourceMatcher) : undefined;
    const principal = st.principal ?? st.notPrincipal;
    this.principal = principal && compilePrincipal(principal);
    this.conditions = exact(conditions);
    this.flags =
      (dynamic ? DYNAMIC_RESOURCES : 0) |
      (st.resource === undefined && st.notResource !== undefined ? NOT_RESOURCE : 0) |
      (st.principal === undefined && st.notPrincipal !== undefined ? NOT_PRINCIPAL : 0);
    this.match = undefined;
    this.misses = undefined;
  }

  /** Resource patterns with variables (only under Version 2012-10-17): matched as text after substitution. */
  get dynamicResources(): boolean {
    return (this.flags & DYNAMIC_RESOURCES) !== 0;
  }

  /** `resources` are the NotResource patterns. */
  get notResource(): boolean {
    return (this.flags & NOT_RESOURCE) !== 0;
  }

  /** `principal` is the NotPrincipal block. */
  get notPrincipal(): boolean {
    return (this.flags & NOT_PRINCIPAL) !== 0;
  }
}

/** The matchers of a list of patterns: the one matcher, or a list at its exact length. */
function oneOrMore<T>(patterns: readonly string[], make: (pattern: string) => T): OneOrMore<T> {
  return patterns.length === 1 ? make(patterns[0] as string) : patterns.map(make);
}

/** Does any of the matchers (one or a list) match? */
export function anyMatches(matchers: OneOrMore<Matcher>, text: string): boolean {
  if (typeof matchers === 'function') return matchers(text);
  for (let i = 0; i < matchers.length; i++) if ((matchers[i] as Matcher)(text)) return true;
  return false;
}

/** Does any of the resource matchers (one or a list) match the request's resource? */
export function anyResourceMatches(
  matchers: OneOrMore<ResourceMatcher>,
  resource: string,
  parts: readonly string[] | undefined,
): boolean {
  if (!Array.isArray(matchers)) return (matchers as ResourceMatcher).test(resource, parts);
  for (let i = 0; i < matchers.length; i++)
    if ((matchers[i] as ResourceMatcher).test(resource, parts)) return true;
  return false;
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
  if (cs.actions && !anyMatches(cs.actions, actionLc)) return false;
  if (cs.notActions && anyMatches(cs.notActions, actionLc)) return false;
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

const RESOURCE_POLICY_KINDS: ReadonlySet<PolicyKind> = new Set(['trust', 'resource', 'rcp']);

function kindIssues(statements: readonly CompiledStatement[], kind: PolicyKind): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  const many = statements.length > 1;
  for (const { statement: st } of statements) {
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
 * tenth of a large analysis's heap. Only the lists the reader grows by `push` are copied: each
 * statement's conditions (the statements' list is not kept: `Compiled` keeps its compiled statements). The reader makes the others (Action, Resource, principal and
 * condition values) at their exact length already (`stringList` and `validEntries` in `parse.ts`). Empty
 * lists become one shared frozen list.
 */
function compactDocument(doc: PolicyDocument): void {
  for (const st of doc.statements) {
    if (st.action) st.action = sharedList(st.action);
    if (st.notAction) st.notAction = sharedList(st.notAction);
    if (st.resource) st.resource = sharedList(st.resource);
    if (st.notResource) st.notResource = sharedList(st.notResource);
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

/**
 * Action and Resource lists shared by content, frozen: the same lists (`sts:AssumeRole`, a set of S3
 * reads, a team's buckets) recur in thousands of documents, and each statement kept its own (about 60
 * bytes each, 2.5 MB at 10,000 roles).
 * Frozen: a reader that sorted or pushed into one would throw instead of changing every statement that
 * shares it. Kept for one analysis like the other text memos (a released list stays with its statements).
 */
const patternLists = new TextMemo<string[]>(MAX_SHARED_MATCHERS);

function sharedList(list: string[]): string[] {
  // Unambiguous whatever the entries hold: JSON for several, a prefix JSON never starts with for one.
  const key = list.length === 1 ? `s${list[0] as string}` : JSON.stringify(list);
  let shared = patternLists.get(key);
  if (!shared) {
    shared = Object.freeze(list) as string[];
    patternLists.set(key, shared);
  }
  return shared;
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

/** `Compiled.bits`: the per-kind flags at these shifts (seven bits each), then the document's own. */
const PLAIN_KINDS = 0;
const KNOWN_INVALID = 7;
const INVALID_KINDS = 14;
const HAS_ERRORS = 1 << 21;
const LENIENT = 1 << 22;
/** The Version as written: none, 2012-10-17 (variables are substituted) or 2008-10-17. */
const VERSION_2012 = 1 << 23;
const VERSION_2008 = 1 << 24;

/** What few documents have: an Id, or issues that depend on the kind of use. */
interface Rare {
  id?: string;
  byKind?: Map<PolicyKind, ValidationIssue[]>;
}

/**
 * One compiled document. A class: its methods live on the prototype, not in closures per document. Held
 * for the analysis and after (the graph's reasons are read lazily), one per distinct document (about
 * 13,000 at 10,000 roles, 256,000 at 200,000), so it keeps four fields: the normalised document is not
 * kept beside its compiled statements (each compiled statement holds its parsed statement; `document`
 * puts them together again when read), and the flags are one number.
 */
class Compiled implements CompiledPolicy {
  readonly issues: ValidationIssue[];
  readonly statements: CompiledStatement[];
  /** Flags: see `PLAIN_KINDS` and after. Per kind: known to add no issue, `invalidFor` known, invalid. */
  private bits: number;
  /**
   * Per action asked, its statements: action and list in turn, at most `MAX_ACTIONS_PER_POLICY` pairs,
   * at its exact length (a list grown by `push` keeps room for seventeen entries). A flat list, not a
   * Map: a Map's table is about 170 bytes even for the handful of actions the graph asks.
   */
  private byAction: (string | readonly CompiledStatement[])[] | undefined;
  private rare: Rare | undefined;

  constructor(parsed: ParsedPolicy, lenient: boolean) {
    const doc = parsed.document;
    this.issues = parsed.issues.length === 0 ? EMPTY : parsed.issues;
    let bits = 0;
    if (parsed.issues.some((i) => i.severity === 'error')) bits |= HAS_ERRORS;
    if (lenient) bits |= LENIENT;
    if (doc.version === '2012-10-17') bits |= VERSION_2012;
    else if (doc.version === '2008-10-17') bits |= VERSION_2008;
    this.bits = bits;
    this.byAction = undefined;
    this.rare = doc.id !== undefined ? { id: doc.id } : undefined;
    compactDocument(doc);
    const substitutes = this.substitutes;
    this.statements = orEmpty(doc.statements.map((st) => new CompiledStatement(st, substitutes)));
  }

  get hasErrors(): boolean {
    return (this.bits & HAS_ERRORS) !== 0;
  }

  get lenient(): boolean {
    return (this.bits & LENIENT) !== 0;
  }

  get substitutes(): boolean {
    return (this.bits & VERSION_2012) !== 0;
  }

  /** The normalised document, put together from the compiled statements (a fresh object per read). */
  get document(): PolicyDocument {
    const doc: PolicyDocument = { statements: this.statements.map((cs) => cs.statement) };
    if (this.bits & VERSION_2012) doc.version = '2012-10-17';
    else if (this.bits & VERSION_2008) doc.version = '2008-10-17';
    if (this.rare?.id !== undefined) doc.id = this.rare.id;
    return doc;
  }

  issuesFor(kind: PolicyKind): ValidationIssue[] {
    const bit = KIND_BIT[kind];
    if (this.bits & (bit << PLAIN_KINDS)) return this.issues;
    let issues = this.rare?.byKind?.get(kind);
    if (!issues) {
      const extra = kindIssues(this.statements, kind);
      if (extra.length === 0) {
        this.bits |= bit << PLAIN_KINDS;
        return this.issues;
      }
      issues = [...this.issues, ...extra];
      ((this.rare ??= {}).byKind ??= new Map()).set(kind, issues);
    }
    return issues;
  }

  invalidFor(kind: PolicyKind): boolean {
    const bit = KIND_BIT[kind];
    if (this.bits & (bit << KNOWN_INVALID)) return (this.bits & (bit << INVALID_KINDS)) !== 0;
    const v = (this.lenient ? kindIssues(this.statements, kind) : this.issuesFor(kind)).some(
      (i) => i.severity === 'error',
    );
    this.bits |= (bit << KNOWN_INVALID) | (v ? bit << INVALID_KINDS : 0);
    return v;
  }

  statementsFor(actionLc: string): readonly CompiledStatement[] {
    // A policy of one statement (most trust policies): its own list or none, worked out again each time
    // (a matcher call or two) rather than kept per action.
    if (this.statements.length === 1) {
      const cs = this.statements[0] as CompiledStatement;
      return cs.statement.valid && cs.statement.effect !== undefined && admitsAction(cs, actionLc)
        ? this.statements
        : NO_STATEMENTS;
    }
    const pairs = this.byAction;
    if (pairs)
      for (let i = 0; i < pairs.length; i += 2)
        if (pairs[i] === actionLc) return pairs[i + 1] as readonly CompiledStatement[];
    let found: CompiledStatement[] | undefined;
    for (const cs of this.statements)
      if (cs.statement.valid && cs.statement.effect !== undefined && admitsAction(cs, actionLc))
        (found ??= []).push(cs);
    // Most policies have no statement for most actions asked: one shared empty list for all of them;
    // most that have one have all their statements (one statement, mostly) or the same few for each
    // action: the policy's own list, or one list for each such set.
    const list = found ? this.sameList(found) : NO_STATEMENTS;
    const n = pairs && pairs.length < 2 * MAX_ACTIONS_PER_POLICY ? pairs.length : 0;
    const next = new Array<string | readonly CompiledStatement[]>(n + 2);
    for (let i = 0; i < n; i++) next[i] = (pairs as (string | readonly CompiledStatement[])[])[i] as string;
    next[n] = actionLc;
    next[n + 1] = list;
    this.byAction = next;
    return list;
  }

  /** A list already kept with the same statements in the same order, or a copy of this one at its length. */
  private sameList(found: CompiledStatement[]): readonly CompiledStatement[] {
    if (sameStatements(this.statements, found)) return this.statements;
    const pairs = this.byAction ?? [];
    for (let i = 1; i < pairs.length; i += 2) {
      const kept = pairs[i] as readonly CompiledStatement[];
      if (sameStatements(kept, found)) return kept;
    }
    return found.slice();
  }
}

const sameStatements = (a: readonly CompiledStatement[], b: readonly CompiledStatement[]): boolean =>
  a.length === b.length && a.every((cs, j) => cs === b[j]);

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

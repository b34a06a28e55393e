/**
 * The canonical text of a policy document: two documents with the same canonical text read to the same
 * normalised document (see `document.ts`) whenever either reads without a validation issue. It is what
 * the compiled-policy cache is keyed by, so that the same policy written twice is compiled once.
 *
 * What it makes equal, and why that is safe (every case is one the reader in `parse.ts` treats alike):
 * - key order of the document, of each statement and of a Principal / NotPrincipal block (they are read
 *   by name);
 * - a list of one and the bare value for `Statement`, `Action`, `NotAction`, `Resource`, `NotResource`,
 *   each principal type's value and each condition value (the reader wraps a bare value in a list); for
 *   the elements other than `Statement` only when that value is a scalar.
 * The text is unambiguous otherwise: at each place the same rule writes both documents, and a value of
 * another shape (a list inside `Statement`, a list inside `Action`) is written so that it cannot look
 * like a well-formed one. So an invalid document never shares its text with a valid one.
 * Kept as written: the order of Condition operators and keys (the normalised document lists its
 * conditions in that order, and reasons name them in it), list order, and everything else.
 *
 * A document with a validation issue is not shared by this text: where the issue points (`Action[0]` or
 * `Action`) and the order of issues depend on how it was written. `PolicyCache` keys those by their exact
 * JSON instead. Anything that is not plain JSON (cycles, `undefined`, class instances, non-finite numbers)
 * has no canonical text.
 */

/** Elements where AWS takes "a string or a list": a list of one is the bare value. */
const LIST_ELEMENTS: ReadonlySet<string> = new Set(['Action', 'NotAction', 'Resource', 'NotResource']);
/** Deeper than any policy AWS accepts; a guard against cycles and hostile nesting. */
const MAX_DEPTH = 32;

/** Thrown inside the walk only, to stop it; never escapes `canonicalPolicy`. */
class NotJson extends Error {}
const NOT_JSON = new NotJson('not plain JSON');

function isPlainObject(v: object): v is Record<string, unknown> {
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Plain JSON, keys sorted, lists kept. */
function value(v: unknown, depth: number): string {
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      if (!Number.isFinite(v)) throw NOT_JSON;
      return JSON.stringify(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object':
      if (v === null) return 'null';
      if (depth > MAX_DEPTH) throw NOT_JSON;
      if (Array.isArray(v)) {
        let s = '[';
        for (let i = 0; i < v.length; i++) s += (i === 0 ? '' : ',') + value(v[i], depth + 1);
        return `${s}]`;
      }
      return object(v, depth, false, value);
    default:
      throw NOT_JSON;
  }
}

const isScalar = (v: unknown): boolean =>
  v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/**
 * A list of one scalar as the scalar, otherwise as `value`. Only scalars: `[["a","b"]]` (an error) must
 * not read as `["a","b"]`.
 */
function bare(v: unknown, depth: number): string {
  return Array.isArray(v) && v.length === 1 && isScalar(v[0]) ? value(v[0], depth + 1) : value(v, depth);
}

/** An object's members, `inner` writing each value; keys sorted unless `keepOrder`. */
function object(
  v: object,
  depth: number,
  keepOrder: boolean,
  inner: (member: unknown, depth: number, key: string) => string,
): string {
  if (!isPlainObject(v)) throw NOT_JSON;
  const keys = Object.keys(v);
  if (!keepOrder) keys.sort();
  let s = '{';
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string;
    s += `${i === 0 ? '' : ','}${JSON.stringify(k)}:${inner(v[k], depth + 1, k)}`;
  }
  return `${s}}`;
}

const isObject = (v: unknown): v is object => typeof v === 'object' && v !== null && !Array.isArray(v);

function principal(v: unknown, depth: number): string {
  return isObject(v) ? object(v, depth, false, bare) : value(v, depth);
}

function conditionBlock(v: unknown, depth: number): string {
  return isObject(v) ? object(v, depth, true, bare) : value(v, depth);
}

function condition(v: unknown, depth: number): string {
  return isObject(v) ? object(v, depth, true, conditionBlock) : value(v, depth);
}

function statementMember(v: unknown, depth: number, key: string): string {
  if (LIST_ELEMENTS.has(key)) return bare(v, depth);
  if (key === 'Principal' || key === 'NotPrincipal') return principal(v, depth);
  if (key === 'Condition') return condition(v, depth);
  return value(v, depth);
}

/**
 * A statement; anything else that stands where a statement should is marked with `!`, so that
 * `"Statement": [[a, b]]` (an error) never reads as `"Statement": [a, b]`.
 */
function statement(v: unknown, depth: number): string {
  return isObject(v) ? object(v, depth, false, statementMember) : `!${value(v, depth)}`;
}

function documentMember(v: unknown, depth: number, key: string): string {
  if (key !== 'Statement') return value(v, depth);
  if (!Array.isArray(v)) return statement(v, depth);
  if (v.length === 1) return statement(v[0], depth + 1);
  let s = '[';
  for (let i = 0; i < v.length; i++) s += (i === 0 ? '' : ',') + statement(v[i], depth + 1);
  return `${s}]`;
}

/**
 * The canonical text of a decoded policy document (see the file comment), or `undefined` when the value
 * is not plain JSON. Never throws.
 */
export function canonicalPolicy(document: unknown): string | undefined {
  try {
    return isObject(document) ? object(document, 0, false, documentMember) : value(document, 0);
  } catch (e) {
    if (e === NOT_JSON || e instanceof RangeError) return undefined;
    throw e;
  }
}

/** The exact JSON of a plain-JSON value (key order and lists as written), or `undefined`. Never throws. */
export function exactJson(document: unknown): string | undefined {
  try {
    return JSON.stringify(document);
  } catch {
    return undefined;
  }
}

/*
 * The same equivalence without making the text: `canonicalHash` (a hash that two documents with the same
 * canonical text always share) and `canonicalEqual` (true exactly when the two canonical texts are
 * equal). Why: the content cache looked every document up by its canonical text, a string as long as the
 * document built per document (keys sorted, every string escaped) and then hashed, about a third of what
 * compiling allocated, and kept for each distinct document while the analysis ran. Now the cache keeps
 * the first document object of each content (the snapshot holds it anyway) and compares a new one with
 * it member by member, following the rules above. A hash collision is only a failed comparison: two
 * documents share a compilation only when `canonicalEqual` says their texts are equal.
 *
 * Each function below mirrors one function above (same name with a prefix, same depth accounting), so
 * that what the text makes equal, and only that, is equal here. `canonical.test.ts` checks both against
 * `canonicalPolicy` on arbitrary rewrites and near-misses.
 */

/** Characters the canonical text would have, about (each string's length and a few per value): a size for the cache's byte bound. */
let walked = 0;

/** One step of FNV-1a-style mixing of a 32-bit value into a 32-bit state. */
function mix(h: number, x: number): number {
  h = Math.imul(h ^ (x & 0xffff), 0x01000193);
  return Math.imul(h ^ (x >>> 16), 0x5bd1e995);
}

function hString(s: string, seed: number): number {
  let h = seed;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  walked += s.length + 3;
  return mix(h, s.length);
}

const H_STRING = 0x3c6ef372;
const H_NUMBER = 0x1b873593;
const H_TRUE = 0x2545f491;
const H_FALSE = 0x6a09e667;
const H_NULL = 0x510e527f;
const H_ARRAY = 0x9b05688c;
const H_OBJECT = 0x1f83d9ab;
const H_ORDERED = 0x5be0cd19;
const H_NOT_STATEMENT = 0x428a2f98;
const H_KEY = 0x71374491;

function hValue(v: unknown, depth: number): number {
  switch (typeof v) {
    case 'string':
      return hString(v, H_STRING);
    case 'number':
      if (!Number.isFinite(v)) throw NOT_JSON;
      walked += 4;
      // Equal numbers (0 and -0 included) have one JSON text and one hash.
      return (v | 0) === v ? mix(H_NUMBER, v) : hString(String(v), H_NUMBER);
    case 'boolean':
      walked += 4;
      return v ? H_TRUE : H_FALSE;
    case 'object': {
      if (v === null) return H_NULL;
      if (depth > MAX_DEPTH) throw NOT_JSON;
      if (Array.isArray(v)) {
        let h = H_ARRAY;
        for (let i = 0; i < v.length; i++) h = mix(h, hValue(v[i], depth + 1));
        walked += 2;
        return mix(h, v.length);
      }
      return hObject(v, depth, false, hValue);
    }
    default:
      throw NOT_JSON;
  }
}

/** A list of one scalar stands for the scalar (see `bare`). */
const unwrap = (v: unknown): unknown => (Array.isArray(v) && v.length === 1 && isScalar(v[0]) ? v[0] : v);

function hBare(v: unknown, depth: number): number {
  const u = unwrap(v);
  return hValue(u, u === v ? depth : depth + 1);
}

/**
 * An object's hash: members in any order (`keepOrder` false) hash alike, as sorted keys write alike; a
 * sum of one mixed value per member, so no key list is made or sorted.
 */
function hObject(
  v: object,
  depth: number,
  keepOrder: boolean,
  inner: (member: unknown, depth: number, key: string) => number,
): number {
  if (!isPlainObject(v)) throw NOT_JSON;
  let h = keepOrder ? H_ORDERED : 0;
  let n = 0;
  for (const k in v) {
    if (!Object.hasOwn(v, k)) continue;
    const member = mix(hString(k, H_KEY), inner(v[k], depth + 1, k));
    h = keepOrder ? mix(h, member) : (h + member) | 0;
    n++;
  }
  walked += 2;
  return mix(keepOrder ? h : mix(H_OBJECT, h), n);
}

const hPrincipal = (v: unknown, depth: number): number =>
  isObject(v) ? hObject(v, depth, false, hBare) : hValue(v, depth);
const hConditionBlock = (v: unknown, depth: number): number =>
  isObject(v) ? hObject(v, depth, true, hBare) : hValue(v, depth);
const hCondition = (v: unknown, depth: number): number =>
  isObject(v) ? hObject(v, depth, true, hConditionBlock) : hValue(v, depth);

function hStatementMember(v: unknown, depth: number, key: string): number {
  if (LIST_ELEMENTS.has(key)) return hBare(v, depth);
  if (key === 'Principal' || key === 'NotPrincipal') return hPrincipal(v, depth);
  if (key === 'Condition') return hCondition(v, depth);
  return hValue(v, depth);
}

const hStatement = (v: unknown, depth: number): number =>
  isObject(v) ? hObject(v, depth, false, hStatementMember) : mix(H_NOT_STATEMENT, hValue(v, depth));

function hDocumentMember(v: unknown, depth: number, key: string): number {
  if (key !== 'Statement') return hValue(v, depth);
  if (!Array.isArray(v)) return hStatement(v, depth);
  if (v.length === 1) return hStatement(v[0], depth + 1);
  let h = H_ARRAY;
  for (let i = 0; i < v.length; i++) h = mix(h, hStatement(v[i], depth + 1));
  return mix(h, v.length);
}

/** A document's hash and the approximate length of its canonical text. */
export interface CanonicalHash {
  hash: number;
  size: number;
}

/**
 * A 32-bit hash that documents with the same canonical text share (see the file comment), and about
 * how long that text is; `undefined` exactly when `canonicalPolicy` gives `undefined`. Never throws.
 */
export function canonicalHash(document: unknown): CanonicalHash | undefined {
  walked = 0;
  try {
    const h = isObject(document) ? hObject(document, 0, false, hDocumentMember) : hValue(document, 0);
    return { hash: h >>> 0, size: walked };
  } catch (e) {
    if (e === NOT_JSON || e instanceof RangeError) return undefined;
    throw e;
  }
}

/** The own enumerable keys of a plain object, counted (what `Object.keys` would list). */
function keyCount(v: object): number {
  let n = 0;
  for (const k in v) if (Object.hasOwn(v, k)) n++;
  return n;
}

function eqValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!eqValue(a[i], b[i])) return false;
    return true;
  }
  return !Array.isArray(b) && eqObject(a, b, false, eqValue);
}

const eqBare = (a: unknown, b: unknown): boolean => eqValue(unwrap(a), unwrap(b));

function eqObject(
  a: object,
  b: object,
  keepOrder: boolean,
  inner: (x: unknown, y: unknown, key: string) => boolean,
): boolean {
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  if (keepOrder) {
    const ka = Object.keys(x);
    const kb = Object.keys(y);
    if (ka.length !== kb.length) return false;
    for (let i = 0; i < ka.length; i++) {
      const k = ka[i] as string;
      if (k !== kb[i] || !inner(x[k], y[k], k)) return false;
    }
    return true;
  }
  let n = 0;
  for (const k in x) {
    if (!Object.hasOwn(x, k)) continue;
    if (!Object.hasOwn(y, k) || !inner(x[k], y[k], k)) return false;
    n++;
  }
  return n === keyCount(y);
}

/** Both written as objects (one rule), or both as other values (another), never one of each. */
function eqEither(
  a: unknown,
  b: unknown,
  keepOrder: boolean,
  inner: (x: unknown, y: unknown, key: string) => boolean,
): boolean {
  const oa = isObject(a);
  if (oa !== isObject(b)) return false;
  return oa ? eqObject(a, b as object, keepOrder, inner) : eqValue(a, b);
}

const eqConditionBlock = (a: unknown, b: unknown): boolean => eqEither(a, b, true, eqBare);

function eqStatementMember(a: unknown, b: unknown, key: string): boolean {
  if (LIST_ELEMENTS.has(key)) return eqBare(a, b);
  if (key === 'Principal' || key === 'NotPrincipal') return eqEither(a, b, false, eqBare);
  if (key === 'Condition') return eqEither(a, b, true, eqConditionBlock);
  return eqValue(a, b);
}

const eqStatement = (a: unknown, b: unknown): boolean => eqEither(a, b, false, eqStatementMember);

function eqDocumentMember(a: unknown, b: unknown, key: string): boolean {
  if (key !== 'Statement') return eqValue(a, b);
  // One statement (bare, or a list of one) against one; a list of another length against the same.
  const la = Array.isArray(a) && a.length !== 1;
  if (la !== (Array.isArray(b) && b.length !== 1)) return false;
  if (!la) return eqStatement(Array.isArray(a) ? a[0] : a, Array.isArray(b) ? b[0] : b);
  const xa = a as unknown[];
  const xb = b as unknown[];
  if (xa.length !== xb.length) return false;
  for (let i = 0; i < xa.length; i++) if (!eqStatement(xa[i], xb[i])) return false;
  return true;
}

/**
 * True exactly when the two documents' canonical texts are equal. Both must be plain JSON (each one
 * `canonicalHash` gave a hash for); neither is changed.
 */
export function canonicalEqual(a: unknown, b: unknown): boolean {
  return eqEither(a, b, false, eqDocumentMember);
}

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

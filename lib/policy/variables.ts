/**
 * Policy variables (IAM User Guide, "IAM policy elements: Variables and tags"): `${aws:username}`,
 * `${aws:PrincipalTag/team}`, the escapes `${*}`, `${?}`, `${$}` for literal `*`, `?`, `$`, and a default
 * `${aws:username, 'nobody'}` used when the key is absent. Substituted only when the policy's `Version`
 * is `2012-10-17` (the caller checks that), in `Resource`/`NotResource` and in condition values.
 *
 * A key that is absent without a default, or that has several values, cannot be substituted: the value
 * then matches nothing (AWS: "If the policy variable's key is not present … the element does not match").
 */
import { LITERAL_QUESTION, LITERAL_STAR } from './glob';

/** What a lookup answers for a key nobody gave, in open-context mode. */
export const UNKNOWN = Symbol('unknown');
/** Where condition keys are read from: the request context. */
export interface Lookup {
  /** A condition key (lower-cased) → its values, undefined when absent, UNKNOWN when unknown (open context). */
  lookup(keyLowerCase: string): readonly string[] | undefined | typeof UNKNOWN;
}

export type Substitution = { ok: true; value: string } | { ok: false; key: string; unknown: boolean };

const VARIABLE = /\$\{([^}]*)\}/g;

export const hasVariables = (text: string): boolean => text.includes('${');

/**
 * Replaces the variables in `text`. With `forWildcards`, substituted text is escaped so that a `*` in a
 * user's name or a tag stays literal in `StringLike`, `ArnLike` and `Resource` matching.
 */
export function substitute(text: string, lookup: Lookup, forWildcards: boolean): Substitution {
  let failure: Substitution | undefined;
  const escape = (s: string): string =>
    forWildcards ? s.replaceAll('*', LITERAL_STAR).replaceAll('?', LITERAL_QUESTION) : s;
  const value = text.replace(VARIABLE, (whole, inner: string) => {
    if (failure) return whole;
    const body = inner.trim();
    if (body === '*') return forWildcards ? LITERAL_STAR : '*';
    if (body === '?') return forWildcards ? LITERAL_QUESTION : '?';
    if (body === '$') return '$';
    const m = /^([^,]+?)\s*(?:,\s*'([^']*)')?$/.exec(body);
    if (!m || m[1] === undefined) return whole;
    const key = m[1].trim();
    const found = lookup.lookup(key.toLowerCase());
    if (found === UNKNOWN) {
      failure = { ok: false, key, unknown: true };
      return whole;
    }
    if (found !== undefined && found.length === 1 && found[0] !== undefined) return escape(found[0]);
    if (m[2] !== undefined && (found === undefined || found.length === 0)) return escape(m[2]);
    failure = { ok: false, key, unknown: false };
    return whole;
  });
  return failure ?? { ok: true, value };
}

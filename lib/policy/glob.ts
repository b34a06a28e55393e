/**
 * Wildcard matching as IAM does it: `*` matches any run of characters (also none, also `/` and `:`),
 * `?` matches exactly one character. Everything else is literal.
 *
 * The matcher is the iterative two-pointer algorithm (remember the last `*`, retry from one character
 * further on a mismatch), so a pattern like `*a*a*a*a*b` against a long string costs O(pattern × text)
 * at worst instead of the exponential backtracking a RegExp with nested stars can hit.
 */

/** In a pattern, stands for a literal `*` (from `${*}` or a substituted policy variable). */
export const LITERAL_STAR = '\uE000';
/** In a pattern, stands for a literal `?`. */
export const LITERAL_QUESTION = '\uE001';

const STAR = 42;
const QUESTION = 63;
const LIT_STAR = 0xe000;
const LIT_QUESTION = 0xe001;

/** True when `text` matches the IAM wildcard `pattern` (case-sensitive; lower-case both for case-insensitive use). */
export function globMatch(pattern: string, text: string): boolean {
  const plen = pattern.length;
  const tlen = text.length;
  let pi = 0;
  let ti = 0;
  let star = -1;
  let mark = 0;
  while (ti < tlen) {
    if (pi < plen) {
      const pc = pattern.charCodeAt(pi);
      if (pc === STAR) {
        star = pi++;
        mark = ti;
        continue;
      }
      const tc = text.charCodeAt(ti);
      if (
        pc === QUESTION ||
        pc === tc ||
        (pc === LIT_STAR && tc === STAR) ||
        (pc === LIT_QUESTION && tc === QUESTION)
      ) {
        pi++;
        ti++;
        continue;
      }
    }
    if (star < 0) return false;
    pi = star + 1;
    ti = ++mark;
  }
  while (pi < plen && pattern.charCodeAt(pi) === STAR) pi++;
  return pi === plen;
}

/** True when the pattern has a wildcard (`*` or `?`) that is not escaped. */
export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

/** Turns the escape sentinels back into the characters they stand for (for equality tests and display). */
export function unescapeLiterals(pattern: string): string {
  if (!pattern.includes(LITERAL_STAR) && !pattern.includes(LITERAL_QUESTION)) return pattern;
  return pattern.split(LITERAL_STAR).join('*').split(LITERAL_QUESTION).join('?');
}

/** A pattern compiled once: equality when it has no wildcard, `*` as match-all, the glob otherwise. */
export type Matcher = (text: string) => boolean;

const matchAll: Matcher = () => true;

export function compileGlob(pattern: string): Matcher {
  if (pattern === '*') return matchAll;
  if (!hasWildcard(pattern)) {
    const literal = unescapeLiterals(pattern);
    return (text) => text === literal;
  }
  // `prefix*`: the commonest shape (`s3:Get*`, `arn:aws:s3:::bucket/*`) is a prefix test.
  const firstStar = pattern.indexOf('*');
  if (firstStar === pattern.length - 1 && !pattern.includes('?') && !pattern.includes(LITERAL_STAR)) {
    const prefix = unescapeLiterals(pattern.slice(0, -1));
    return (text) => text.startsWith(prefix);
  }
  return (text) => globMatch(pattern, text);
}

/**
 * CSV cells that a spreadsheet opens as text, never as a formula. A session name, user agent or role
 * name chosen by an attacker (`=cmd,+1@x` is a valid IAM role name) must not become a formula or a DDE
 * call when someone opens an export.
 *
 * Spreadsheets skip leading blanks before reading a formula, and some read full-width and small forms
 * (`＝`, `﹦`) as their ASCII twins, so the test is on the first character that is not a blank: white
 * space of any kind (line feed, ideographic space, no-break space), a control or a format character
 * (zero-width space, bidi marks). Such a cell gets a leading `'`, which spreadsheets show as text.
 * A cell starting with a tab or carriage return is neutralised too, whatever follows (OWASP's advice).
 *
 * Pure and separate from any writer, so streamed and whole exports call the same function. It lives in
 * lib/model, the layer every other may import.
 */

/** `= + - @` and their full-width (U+FF1D U+FF0B U+FF0D U+FF20) and small (U+FE66 U+FE62 U+FE63 U+FE6B) forms, and the minus sign. */
const FORMULA_START = /^[=+\-@\uFF1D\uFF0B\uFF0D\uFF20\uFE66\uFE62\uFE63\uFE6B\u2212]/;
const LEADING_BLANKS = /^[\p{White_Space}\p{Cc}\p{Cf}]+/u;

/** True when a spreadsheet could read `text` as a formula. */
export function startsLikeFormula(text: string): boolean {
  if (/^[\t\r]/.test(text)) return true;
  return FORMULA_START.test(text.replace(LEADING_BLANKS, ''));
}

/** The text with a leading `'` where a spreadsheet could read it as a formula. */
export const neutraliseFormula = (text: string): string => (startsLikeFormula(text) ? `'${text}` : text);

/** One CSV cell: neutralised, quoted, quotes doubled; `undefined` is an empty cell. */
export function csvCell(v: string | number | boolean | undefined): string {
  if (v === undefined) return '';
  return `"${neutraliseFormula(String(v)).replace(/"/g, '""')}"`;
}

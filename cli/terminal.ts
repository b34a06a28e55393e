/**
 * Text for a terminal. IAM and CloudTrail data (session names, user agents, ExternalIds sent in failed
 * calls, file names in an imported folder) may hold escape sequences that retitle the window, clear
 * the screen or recolour what follows, line feeds that add a fake row to a table, carriage returns
 * that overwrite a line, and bidi overrides that make text read differently from what it is. Every
 * such character is shown as an escape instead: `\n`, `\r`, `\t`, or `\uXXXX` (one per UTF-16 unit).
 *
 * The escapes are also JSON's own, so output that is JSON stays valid JSON with the same values.
 * A backslash in the data is shown as is.
 */

/** C0 and C1 controls, DEL, format characters (bidi overrides, zero-width), line/paragraph separators, lone surrogates. */
const CONTROL = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;

/**
 * Any character but printable ASCII, line feed and tab: text without one has nothing to escape. Checked
 * first because it scans several times faster than CONTROL (no Unicode property classes), and most
 * output (JSON lines, tables of ARNs) is plain ASCII.
 */
const NOT_PLAIN = /[^\x20-\x7e\n\t]/;

const SHORT: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

const escapeOne = (c: string): string =>
  SHORT[c] ??
  Array.from({ length: c.length }, (_, i) => `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`).join('');

/** One value or one line: every control character escaped, line feeds included, so it stays one line. */
export function cell(value: string | number | undefined): string {
  return String(value ?? '').replace(CONTROL, escapeOne);
}

/** Lines of a table or report, each escaped with `cell`, joined and ended with a line feed. */
export const textLines = (lines: readonly string[]): string => lines.map(cell).join('\n') + '\n';

/**
 * A whole chunk of output: control characters escaped except the line feeds and tabs that lay the
 * output out, and a carriage return right before a line feed (CSV's line end). Every `Io` applies it
 * to everything written, so a renderer that forgot `cell` can still not send an escape sequence.
 */
export function screen(text: string): string {
  if (!NOT_PLAIN.test(text)) return text;
  return text.replace(CONTROL, (c, at: number) =>
    c === '\n' || c === '\t' || (c === '\r' && text[at + 1] === '\n') ? c : escapeOne(c),
  );
}

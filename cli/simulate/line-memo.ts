/**
 * `LineMemo`: the result of a `rolechain simulate` line kept by the line's text without its id, so a line
 * that repeats another line's case under a new id is answered from the first one. Why: lines generated
 * from logs (a CloudTrail replay, a CI matrix) repeat the same request against the same policies many
 * times; the engine is a pure function of a case, the run's mode and validation, so the answer is the same.
 *
 * Only lines that start with `{"id":<string or number>,` are split; any other line is kept by its whole
 * text. A split is used only when the rest of the line holds no other `id` member (checked on the first
 * occurrence by parsing the rest alone), because JSON.parse lets a later member of the same name win.
 * Error results (their line number differs) are never kept. Bounded by count and characters.
 */

import { screen } from '../terminal';

/** `{"id":` then a JSON string without escapes or a plain JSON number, then a comma. */
const ID_PREFIX = /^\{"id":("[^"\\]*"|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?),/;

const MAX_LINES = 10_000;
const MAX_CHARS = 64 * 1024 * 1024;

/** How one line splits: the memo key and the id token, as written on the line (JSON). */
export interface LineKey {
  key: string;
  /** The id's JSON text, or undefined when the whole line is the key. */
  id: string | undefined;
}

export function lineKey(line: string): LineKey {
  const m = ID_PREFIX.exec(line);
  if (!m) return { key: `\u0000${line}`, id: undefined };
  const id = m[1] as string;
  return { key: line.slice(id.length + 7), id };
}

/** Whether the rest of a split line (`key` of lineKey) may stand for every line it ends. */
export function restHasNoId(key: string): boolean {
  // Most lines say neither `"id"` nor any escape: no member of theirs can be named id.
  if (!key.includes('"id"') && !key.includes('\\u')) return true;
  try {
    const rest = JSON.parse(`{${key}`) as unknown;
    return typeof rest === 'object' && rest !== null && !Object.hasOwn(rest, 'id');
  } catch {
    return false;
  }
}

/**
 * An id token the result writes exactly as the line does: a string of printable ASCII (the prefix
 * pattern already excludes quotes and backslashes) or an integer of at most 15 digits (exact as a
 * double; `-0` is written `0`, so it is not here). Most ids are; the others go through JSON.
 */
const PLAIN_ID = /^(?:"[\x20-\x7e]*"|-?[1-9]\d{0,14}|0)$/;

/** The id as the result writes it (JSON), or undefined when it is not one the reader accepts. */
function parseId(token: string): string | undefined {
  if (PLAIN_ID.test(token)) return token;
  let v: unknown;
  try {
    v = JSON.parse(token);
  } catch {
    return undefined;
  }
  return typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))
    ? JSON.stringify(v)
    : undefined;
}

/** A result line kept: its start as text, then the rest as bytes. */
export interface KeptLine {
  /** `{"id":<id>` screened for the terminal, or '' for a line kept whole. */
  head: string;
  /** The rest of the output line (no line feed), screened and encoded. */
  tail: Uint8Array;
}

export class LineMemo {
  /** key → the result's bytes after the id (`,"decision":…}`), or the whole result for unsplit keys. */
  private readonly byKey = new Map<string, Uint8Array>();
  private chars = 0;

  /** The output line kept for this line, if any. */
  get(k: LineKey): KeptLine | undefined {
    const tail = this.byKey.get(k.key);
    if (tail === undefined) return undefined;
    if (k.id === undefined) return { head: '', tail };
    const id = parseId(k.id);
    // An id the line reader would refuse (a number out of range) is left to it: the line errs.
    return id === undefined ? undefined : { head: screen(`{"id":${id}`), tail };
  }

  /**
   * Keeps `output` (the bytes of the line's result, `{"id":…,…}`, screened, without a line feed) for
   * this line. The caller checks that a split key's rest holds no id (restHasNoId) and passes only
   * non-error results.
   */
  set(k: LineKey, output: Uint8Array): void {
    let tail = output;
    if (k.id !== undefined) {
      const id = parseId(k.id);
      if (id === undefined) return;
      const head = Buffer.from(screen(`{"id":${id}`), 'utf8');
      if (!head.equals(output.subarray(0, head.length))) return;
      tail = output.subarray(head.length);
    }
    const size = k.key.length + tail.length;
    if (this.byKey.size >= MAX_LINES || this.chars + size > MAX_CHARS) {
      this.byKey.clear();
      this.chars = 0;
    }
    this.byKey.set(k.key, tail);
    this.chars += size;
  }
}

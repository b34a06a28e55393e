/**
 * Instants. Every time Rolechain keeps is one canonical text: UTC, millisecond precision, fixed
 * width (`2024-06-02T20:27:12.000Z`, what `Date.prototype.toISOString` writes). Fixed width is
 * what lets the store compare and sort times as text and still compare instants: with mixed forms
 * `…12Z` sorts after `…12.500Z` although it is earlier.
 *
 * The parser is strict on purpose. `Date.parse` accepts `Dec 12, 2024, 4:19:32 PM` and reads it
 * in the machine's local zone, and turns `' OR '1'='1` into a date on some engines; here a text
 * is an instant only in one of the forms below, and anything else is refused so the caller can
 * say which record or which filter it was.
 */

/** The canonical form: `YYYY-MM-DDTHH:mm:ss.sssZ`. */
export const CANONICAL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The earliest and latest instants accepted: CloudTrail began in 2013; 9999 keeps four-digit years. */
const MIN_MS = Date.UTC(1970, 0, 1);
const MAX_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * ISO 8601 and the space-separated forms exports write:
 * `2024-06-02T20:27:12Z`, `2024-06-02T20:27:12.548+05:00`, `2024-12-12 16:04:32.000000000`,
 * `2024-06-02 20:27:12`, `2024-06-02T20:27` and a bare date. Without a zone the time is UTC (the
 * exports that drop the `Z` — Panther, Athena, Security Lake — write UTC).
 */
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s?(?:([Zz]|UTC)|([+-])(\d{2})(?::?(\d{2}))?)?$/;
/** Epoch seconds or milliseconds, as a number or digits (with an optional fraction of seconds). */
const EPOCH = /^\d{9,13}(?:\.\d{1,9})?$/;
/** Below this an epoch number is seconds (1e11 s is the year 5138; 1e11 ms is March 1973). */
const SECONDS_BELOW = 1e11;

/** The canonical text of the instant `value` denotes, or undefined when it is not one. */
export function parseInstant(value: unknown): string | undefined {
  const ms = instantMs(value);
  return ms === undefined ? undefined : new Date(ms).toISOString();
}

/** Milliseconds since the epoch for `value`, or undefined. */
export function instantMs(value: unknown): number | undefined {
  if (typeof value === 'number') return fromEpoch(value);
  if (typeof value !== 'string') return undefined;
  if (value.length === 20) {
    const ms = cloudTrailMs(value);
    if (ms !== undefined) return ms;
  }
  const s = value.trim();
  if (s.length > 40) return undefined;
  if (EPOCH.test(s)) return fromEpoch(Number(s));
  const m = ISO.exec(s);
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', sec = '0', frac = '', , sign, oh, om = '0'] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(sec);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const millis = Number(frac.padEnd(3, '0').slice(0, 3));
  let ms = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  // Date.UTC rolls 31 February over into March: a date that does not exist is refused instead.
  if (new Date(ms).getUTCDate() !== day) return undefined;
  if (sign) {
    const offH = Number(oh);
    const offM = Number(om);
    if (offH > 23 || offM > 59) return undefined;
    const off = (offH * 60 + offM) * 60_000;
    ms += sign === '+' ? -off : off;
  }
  return inRange(ms);
}

const ZERO = 48;
/** The digit at `i` of `s` as a number, or NaN. */
function digitAt(s: string, i: number): number {
  const c = s.charCodeAt(i) - ZERO;
  return c >= 0 && c <= 9 ? c : NaN;
}

/**
 * The form every CloudTrail record's eventTime has, `2024-06-02T20:27:12Z`, read without the
 * regular expressions (a trail has thousands of them). Undefined for anything else, which then
 * takes the general path; same checks and result as that path.
 */
function cloudTrailMs(s: string): number | undefined {
  if (s[4] !== '-' || s[7] !== '-' || s[10] !== 'T' || s[13] !== ':' || s[16] !== ':' || s[19] !== 'Z')
    return undefined;
  const two = (i: number): number => digitAt(s, i) * 10 + digitAt(s, i + 1);
  const year = two(0) * 100 + two(2);
  const month = two(5);
  const day = two(8);
  const hour = two(11);
  const minute = two(14);
  const second = two(17);
  // NaN (a non-digit) fails every comparison below, so it is refused too.
  if (!(year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= 31)) return undefined;
  if (!(hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59))
    return undefined;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second, 0);
  if (new Date(ms).getUTCDate() !== day) return undefined;
  return inRange(ms);
}

function fromEpoch(n: number): number | undefined {
  if (!Number.isFinite(n) || n < 0) return undefined;
  return inRange(Math.floor(n < SECONDS_BELOW ? n * 1000 : n));
}

function inRange(ms: number): number | undefined {
  return ms >= MIN_MS && ms <= MAX_MS ? ms : undefined;
}

/** True when `s` is already canonical (what the store holds). */
export const isCanonicalTime = (s: string): boolean => CANONICAL_TIME.test(s);

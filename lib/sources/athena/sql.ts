/**
 * Validation of every value that reaches Athena SQL. Nothing the user typed is concatenated into
 * a statement unless it matched one of these patterns first; a value that does not match is an
 * error value naming the flag, never a quoted-and-hoped-for string.
 */
import type { Result } from '../../model';
import { err, ok } from '../../model';

/** Glue catalog names: lower-case letters, digits and underscores (Glue lower-cases what it is given). */
const IDENTIFIER = /^[a-z_][a-z0-9_]{0,254}$/;
/** S3 bucket naming rules (general purpose buckets): 3–63 chars, lower case, digits, dots, hyphens. */
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
/** A key prefix: path segments of safe characters only (no quotes, no `${`, no `..`). */
const PREFIX_SEGMENT = /^[A-Za-z0-9_.-]{1,255}$/;
const ORG_ID = /^o-[a-z0-9]{10,32}$/;
const ACCOUNT = /^\d{12}$/;
/** us-east-1, eu-central-2, us-gov-west-1, cn-northwest-1, il-central-1, us-isob-east-1 … */
const REGION = /^[a-z]{2}(-[a-z]+){1,2}-\d{1,2}$/;
const DAY = /^(\d{4})[-/](\d{2})[-/](\d{2})$/;

export function identifier(value: string, what: string): Result<string> {
  const v = value.toLowerCase();
  return IDENTIFIER.test(v)
    ? ok(v)
    : err(
        'invalid_identifier',
        `${what} '${value}' is not a valid Athena/Glue name (letters, digits and underscores, starting with a letter or underscore).`,
      );
}

export function bucketName(value: string): Result<string> {
  if (!BUCKET.test(value) || value.includes('..') || /^\d+\.\d+\.\d+\.\d+$/.test(value))
    return err('invalid_bucket', `'${value}' is not a valid S3 bucket name.`);
  return ok(value);
}

/** A key prefix without leading or trailing slashes; '' when absent. */
export function keyPrefix(value: string | undefined): Result<string> {
  if (value === undefined) return ok('');
  const trimmed = value.replace(/^\/+|\/+$/g, '');
  if (trimmed === '') return ok('');
  const segments = trimmed.split('/');
  if (segments.some((s) => !PREFIX_SEGMENT.test(s) || s === '.' || s === '..'))
    return err(
      'invalid_prefix',
      `Trail prefix '${value}' may hold only letters, digits, '_', '.', '-' and '/' between segments.`,
    );
  return ok(trimmed);
}

export function organizationId(value: string): Result<string> {
  return ORG_ID.test(value)
    ? ok(value)
    : err(
        'invalid_organization_id',
        `'${value}' is not an organization id (o- followed by 10–32 characters).`,
      );
}

export function accountIds(values: readonly string[]): Result<string[]> {
  const bad = values.filter((v) => !ACCOUNT.test(v));
  if (bad.length > 0) return err('invalid_account', `Not 12-digit account ids: ${bad.join(', ')}.`);
  return ok([...new Set(values)]);
}

export function regionNames(values: readonly string[]): Result<string[]> {
  const bad = values.filter((v) => !REGION.test(v));
  if (bad.length > 0) return err('invalid_region', `Not AWS region names: ${bad.join(', ')}.`);
  return ok([...new Set(values)]);
}

/** `2026/01/31`, `2026-01-31` or a full ISO time → the trail's folder form `yyyy/MM/dd` (UTC). */
export function trailDay(value: string | Date, what: string): Result<string> {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return err('invalid_date', `${what} is not a valid date.`);
    return ok(value.toISOString().slice(0, 10).replace(/-/g, '/'));
  }
  const m = DAY.exec(value);
  const iso = m ? `${m[1]}-${m[2]}-${m[3]}T00:00:00Z` : value;
  const t = Date.parse(iso);
  if (Number.isNaN(t) || (!m && !/^\d{4}-\d{2}-\d{2}T/.test(value)))
    return err('invalid_date', `${what} '${value}' is not a date (yyyy-mm-dd or an ISO time).`);
  const day = new Date(t).toISOString().slice(0, 10);
  if (m && day !== `${m[1]}-${m[2]}-${m[3]}`)
    return err('invalid_date', `${what} '${value}' is not a calendar day.`);
  return ok(day.replace(/-/g, '/'));
}

/** A string literal of values already validated above; the escape is a second line of defence. */
export const literal = (v: string): string => `'${v.replace(/'/g, "''")}'`;
export const literalList = (vs: readonly string[]): string => vs.map(literal).join(', ');

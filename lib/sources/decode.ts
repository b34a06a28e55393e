import type { Result } from '../model';
import { err, ok } from '../model';

/**
 * A policy document as IAM hands it over: an object (the AWS CLI decodes it), a JSON string
 * (S3, Glue, KMS, Organizations), or URL-encoded JSON (the raw IAM API). Decodes exactly once:
 * a string that parses as JSON is never URL-decoded, so a literal `%41` inside a document stays.
 */
export function decodePolicyDocument(value: unknown): Result<Record<string, unknown>> {
  const decoded = decodeOnce(value);
  if (decoded.ok && deeperThan(decoded.value, MAX_POLICY_DEPTH))
    return err(
      'invalid-policy-document',
      `nested deeper than ${MAX_POLICY_DEPTH} levels; IAM policies are a few levels deep, so this is not one`,
    );
  return decoded;
}

/**
 * Real policies nest about five levels (Statement → Condition → operator → key → values). The bound
 * keeps an absurd document out before anything recursive (JSON.stringify when the snapshot is
 * stored) can overflow the stack on it.
 */
export const MAX_POLICY_DEPTH = 64;

/** Iterative, so checking a hostile document cannot itself overflow the stack. */
function deeperThan(root: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth > limit) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * The longest policy document string decoded. AWS's largest policies are a few tens of KB (a bucket
 * policy 20 KB, a key policy 32 KB); three times URL-encoded growth leaves 1 MiB far beyond any real
 * one, and parsing stays cheap however many a hostile file holds.
 */
export const MAX_POLICY_CHARS = 1024 * 1024;

function decodeOnce(value: unknown): Result<Record<string, unknown>> {
  if (isPlainObject(value)) return ok(value);
  if (typeof value !== 'string')
    return err('invalid-policy-document', `expected a policy document, got ${kindOf(value)}`);
  if (value.length > MAX_POLICY_CHARS)
    return err(
      'invalid-policy-document',
      `${Math.round(value.length / 1024)} KB long; AWS policies are at most a few tens of KB, so this is not one`,
    );
  const direct = tryParse(value);
  if (direct !== undefined) return direct;
  let decoded: string;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    return err('invalid-policy-document', 'neither JSON nor valid URL-encoded JSON');
  }
  if (decoded === value) return err('invalid-policy-document', 'not valid JSON');
  return tryParse(decoded) ?? err('invalid-policy-document', 'not valid JSON after URL-decoding');
}

function tryParse(text: string): Result<Record<string, unknown>> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  return isPlainObject(parsed)
    ? ok(parsed)
    : err('invalid-policy-document', `the document is ${kindOf(parsed)}, not an object`);
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return `a ${typeof v}`;
}

/** `[{Key, Value}]` (IAM, EC2) → record; later duplicates win. */
export function tagsToRecord(
  tags: readonly { Key: string; Value?: string | undefined }[] | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of tags ?? []) out[t.Key] = t.Value ?? '';
  return out;
}

/** Dates as the CLI prints them (`2019-12-18 19:10:08+00:00`, ISO, epoch seconds) → ISO-8601 UTC. */
export function isoDate(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value))
    return new Date(value * 1000).toISOString().replace('.000Z', 'Z');
  if (typeof value !== 'string' || value === '') return undefined;
  const d = new Date(/^\d{4}-\d\d-\d\d \d/.test(value) ? value.replace(' ', 'T') : value);
  return Number.isNaN(d.getTime()) ? value : d.toISOString().replace('.000Z', 'Z');
}

import type { AssumeEvent } from './event';

/**
 * What makes two records with one `eventID` the same call. The same record read twice (from
 * LookupEvents and from the S3 files, or from two overlapping exports) agrees on all of these; a
 * copy may lack some (Athena's rows drop fields), which is not a disagreement. Records that give
 * different values for any of them are different calls that happen to share an id — test data,
 * hand-made exports, a tool that reuses ids — and are kept apart, never blended.
 */
const FIELDS: readonly (readonly [string, (e: AssumeEvent) => string | undefined])[] = [
  ['time', (e) => e.time],
  ['eventName', (e) => e.eventName],
  ['eventSource', (e) => e.eventSource],
  ['outcome', (e) => e.outcome],
  ['errorCode', (e) => e.errorCode],
  ['roleArn', (e) => e.roleArn],
  ['roleSessionName', (e) => e.roleSessionName],
  ['issuedAccessKeyId', (e) => e.issuedAccessKeyId],
  ['caller.arn', (e) => e.caller.arn],
  ['caller.accessKeyId', (e) => e.caller.accessKeyId],
  ['caller.principalId', (e) => e.caller.principalId],
  ['policyArn', (e) => e.policyArn],
  ['policyName', (e) => e.policyName],
  // The rest of the request (a trust policy's text, a duration, tags): two UpdateAssumeRolePolicy
  // records with one id and different documents are two calls.
  ['requestParameters', (e) => e.requestDigest],
];

/** The identifying fields on which `a` and `b` give different values (empty: the same call). */
export function conflictingFields(a: AssumeEvent, b: AssumeEvent, only?: readonly string[]): string[] {
  const out: string[] = [];
  for (const [name, get] of FIELDS) {
    if (only && !only.includes(name)) continue;
    const x = get(a);
    const y = get(b);
    // A success has no errorCode: absent against present is a difference there, not a gap.
    if (x !== y && ((x !== undefined && y !== undefined) || name === 'errorCode')) out.push(name);
  }
  return out;
}

/**
 * The fields one call's records agree on in every account's trail. The caller differs by design
 * (the role owner's trail shows a bare account), so it is left out when folding those records.
 */
export const CALL_FIELDS = [
  'time',
  'eventName',
  'outcome',
  'errorCode',
  'roleArn',
  'roleSessionName',
  'issuedAccessKeyId',
] as const;

/**
 * The id a conflicting record is kept under: its eventID and a digest of its identifying fields,
 * so importing the same files again (in any order, in any batches) finds the same id.
 */
export function variantId(e: AssumeEvent): string {
  const text = FIELDS.map(([, get]) => get(e) ?? '').join('\u0000');
  return `${e.eventId}~${digest(text)}`;
}

/**
 * A digest of a recorded value that does not depend on key order or spacing, so the same
 * record read from a trail file and from LookupEvents digests the same. Undefined when the
 * value is nested too deeply to walk (a hostile record).
 */
export function valueDigest(v: unknown): string | undefined {
  // Most records are a few levels deep: walked recursively, which allocates little. A deeper one
  // (a hostile record) is walked again iteratively, with the same budget and the same text.
  const text = new ValueText();
  if (text.walk(v, 0)) return text.budget < 0 ? undefined : digest(text.out);
  return valueDigestIterative(v);
}

/** How deep the recursive walk goes before handing the value to the iterative one. */
const MAX_RECURSION = 64;
const BUDGET = 100_000;

/**
 * The text `valueDigestIterative` joins (its parts, comma-separated), built in one pass; `budget`
 * is spent exactly as that walk spends it (one a value, a key and a closing bracket).
 */
class ValueText {
  out = '';
  budget = BUDGET;
  private first = true;
  private put(part: string): void {
    if (this.first) {
      this.out = part;
      this.first = false;
    } else this.out += `,${part}`;
  }
  /** False when the value is nested deeper than MAX_RECURSION; stops early once the budget is spent. */
  walk(x: unknown, depth: number): boolean {
    if (--this.budget < 0) return true;
    if (depth > MAX_RECURSION) return false;
    if (Array.isArray(x)) {
      this.put('[');
      for (const item of x) if (!this.walk(item, depth + 1) || this.budget < 0) return this.budget < 0;
    } else if (typeof x === 'object' && x !== null) {
      this.put('{');
      const o = x as Record<string, unknown>;
      for (const k of Object.keys(o).sort()) {
        if (--this.budget < 0) return true;
        this.put(`k${JSON.stringify(k)}`);
        if (!this.walk(o[k], depth + 1) || this.budget < 0) return this.budget < 0;
      }
    } else {
      this.put(JSON.stringify(x) ?? 'u');
      return true;
    }
    if (--this.budget < 0) return true;
    this.put(')');
    return true;
  }
}

/** The walk `valueDigest` falls back to: iterative, for values nested too deeply to recurse. */
export function valueDigestIterative(v: unknown): string | undefined {
  const parts: string[] = [];
  // Iterative, with a budget: records are small, and a hostile one must not exhaust the stack.
  const stack: unknown[] = [v];
  let budget = 100_000;
  while (stack.length > 0) {
    if (--budget < 0) return undefined;
    const x = stack.pop();
    if (x === SEP) {
      parts.push(')');
      continue;
    }
    if (x instanceof Key) parts.push(`k${JSON.stringify(x.name)}`);
    else if (Array.isArray(x)) {
      parts.push('[');
      stack.push(SEP);
      for (let i = x.length - 1; i >= 0; i--) stack.push(x[i]);
    } else if (typeof x === 'object' && x !== null) {
      parts.push('{');
      stack.push(SEP);
      const keys = Object.keys(x).sort().reverse();
      for (const k of keys) stack.push((x as Record<string, unknown>)[k], new Key(k));
    } else parts.push(JSON.stringify(x) ?? 'u');
  }
  return digest(parts.join(','));
}

const SEP = Symbol('end');
class Key {
  constructor(readonly name: string) {}
}

/** Two 32-bit FNV-1a hashes (different offsets): 16 hex digits, enough to tell variants of one id apart. */
export function digest(s: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x01000193) ^ (h2 >>> 15);
  }
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}

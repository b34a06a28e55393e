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

/** Two 32-bit FNV-1a hashes (different offsets): 16 hex digits, enough to tell variants of one id apart. */
function digest(s: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x01000193) ^ (h2 >>> 15);
  }
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}

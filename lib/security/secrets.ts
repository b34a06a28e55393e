/**
 * Finds AWS credentials in text: what must never reach a response, the browser bundle, a log line or
 * the store. Access key IDs alone are identifiers (CloudTrail records them) and are not reported; a
 * secret access key beside one, a session token's value, a `SecretAccessKey` field or a PEM block is.
 * Pure, so tests and the e2e scan share it.
 */

export const SECRET_KINDS = ['secret-access-key', 'secret-key-field', 'session-token', 'pem-block'] as const;
export type SecretKind = (typeof SECRET_KINDS)[number];

export interface SecretHit {
  kind: SecretKind;
  /** Where, as given by the caller (a URL, a file), with the character offset. */
  where: string;
  offset: number;
  /** The surroundings with the secret itself cut to its first 4 characters. */
  excerpt: string;
}

const KEY_ID = /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g;
// A secret access key: 40 characters of base64 without padding, mixed case, not a hex digest.
const SECRET_40 = /(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;
const SECRET_FIELD =
  /(?:aws_secret_access_key|secretAccessKey|SecretAccessKey|secret_access_key)["']?\s*[:=]\s*["']?([A-Za-z0-9/+]{40})/g;
const TOKEN_FIELD =
  /(?:sessionToken|SessionToken|aws_session_token|x-amz-security-token)["']?\s*[:=]\s*["']?([^"'\s,}&]{16,})/gi;
const PEM = /-----BEGIN [A-Z0-9 ]*-----/g;
/** How far from an access key ID a 40-character secret counts as its pair. */
const NEAR = 300;

function looksLikeSecretKey(s: string): boolean {
  return /[A-Z]/.test(s) && /[a-z]/.test(s) && /[0-9/+]/.test(s);
}

/** A masked value (`****`, `<redacted>`, `(masked)`) is the masking working, not a leak. */
function masked(v: string): boolean {
  return /^[*x•.]+$/i.test(v) || /redact|mask|hidden|example-token|\.\.\./i.test(v);
}

function hit(kind: SecretKind, where: string, text: string, offset: number, secret: string): SecretHit {
  const from = Math.max(0, offset - 40);
  const excerpt = `${text.slice(from, offset)}${secret.slice(0, 4)}…`.replace(/\s+/g, ' ');
  return { kind, where, offset, excerpt };
}

/** Every credential-shaped secret in `text`. */
export function findSecrets(text: string, where: string): SecretHit[] {
  const hits: SecretHit[] = [];
  for (const m of text.matchAll(PEM)) hits.push(hit('pem-block', where, text, m.index, m[0]));
  for (const m of text.matchAll(SECRET_FIELD)) {
    const v = m[1] ?? '';
    if (!masked(v)) hits.push(hit('secret-key-field', where, text, m.index, v));
  }
  for (const m of text.matchAll(TOKEN_FIELD)) {
    const v = m[1] ?? '';
    if (!masked(v)) hits.push(hit('session-token', where, text, m.index, v));
  }
  const seen = new Set(hits.map((h) => h.offset));
  for (const id of text.matchAll(KEY_ID)) {
    const from = Math.max(0, id.index - NEAR);
    const window = text.slice(from, id.index + id[0].length + NEAR);
    for (const s of window.matchAll(SECRET_40)) {
      const offset = from + s.index;
      if (looksLikeSecretKey(s[0]) && !seen.has(offset)) {
        seen.add(offset);
        hits.push(hit('secret-access-key', where, text, offset, s[0]));
      }
    }
  }
  return hits;
}

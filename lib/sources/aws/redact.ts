/**
 * Last line of defence: strips anything shaped like an AWS secret from text that leaves the
 * collector (warnings, progress, CLI output). Credentials are never put in such text on purpose;
 * this catches a secret echoed back inside a service's error message.
 */
const SECRET_PATTERNS: RegExp[] = [
  // A secret access key: 40 characters of base64.
  /(?<![A-Za-z0-9/+=])[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])/g,
  // A session token: long base64 (real ones are hundreds of characters).
  /[A-Za-z0-9/+=]{100,}/g,
];

export function redact(text: string): string {
  let out = text;
  for (const p of SECRET_PATTERNS) out = out.replace(p, '[redacted]');
  return out;
}

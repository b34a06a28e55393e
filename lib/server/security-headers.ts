/**
 * The security headers every response carries: on pages set by `proxy.ts` (with the nonce), on the API
 * and static files by `next.config.js`. Pure (no Next, no I/O) so the exact policy is unit-tested.
 */

// Built once: a response's CSP differs from the next only in its nonce.
const CSP_AFTER_SCRIPT = [
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "worker-src 'none'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

/**
 * A strict Content-Security-Policy for one response.
 *
 * - Scripts: only those carrying this request's nonce, and what they load (`'strict-dynamic'`), as
 *   Next 16 documents; Next reads the nonce from the request's CSP header and stamps it on its own
 *   scripts. `'self'` stays for browsers without `'strict-dynamic'`. Development adds `'unsafe-eval'`,
 *   which React's dev build needs for its error overlays; production never has it.
 * - Styles: `'unsafe-inline'` is accepted because React Flow positions every node and edge with inline
 *   `style` attributes and Tailwind/Next insert `<style>` elements without a nonce; style injection
 *   cannot run script, and every other directive stays strict.
 * - Without a nonce (the framework's static files, which the proxy does not see: `next.config.js` sets
 *   their headers), scripts from this origin only; such a policy governs only a worker script loaded
 *   from there, never a page.
 * - Images `data:`/`blob:` for React Flow's and the export's generated images; workers `blob:` for the
 *   graph layout's Web Worker; no plugins, no framing, no foreign `<base>` or form targets.
 */
export function contentSecurityPolicy(nonce: string | undefined, dev = false): string {
  const script =
    nonce === undefined ? "script-src 'self'" : `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`;
  return `default-src 'self'; ${script}${dev ? " 'unsafe-eval'" : ''}; ${CSP_AFTER_SCRIPT}`;
}

/** The headers that do not change per request. */
export const STATIC_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  // The dashboard needs no device or sensor; a script that slipped in gets none either.
  'Permissions-Policy':
    'accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), interest-cohort=()',
};

/** A fresh nonce: 128 random bits, base64. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

const STATIC_ENTRIES = Object.entries(STATIC_SECURITY_HEADERS);

/** Sets the static headers and the CSP on a response's headers. */
export function applySecurityHeaders(headers: Headers, nonce: string, dev = false): void {
  for (const [k, v] of STATIC_ENTRIES) headers.set(k, v);
  headers.set('Content-Security-Policy', contentSecurityPolicy(nonce, dev));
}

/**
 * The headers of the framework's static files (`/_next/static/…`), which the proxy skips: the same
 * fixed headers and the CSP without a nonce. `next.config.js` holds a copy (it cannot import
 * TypeScript); a unit test keeps the two equal.
 */
export function staticAssetHeaders(): { key: string; value: string }[] {
  return [
    ...STATIC_ENTRIES.map(([key, value]) => ({ key, value })),
    { key: 'Content-Security-Policy', value: contentSecurityPolicy(undefined) },
  ];
}

/**
 * The CSP of `/api` responses. They are data, never a page to render: nothing may load, run or frame
 * from one (a JSON body opened in a tab, or one a hostile page tries to frame, gets no script).
 */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * The headers of every `/api` response, which the proxy does not see (the handlers gate themselves:
 * `api-route.ts`): the fixed headers and `API_CSP`, no nonce (no script is rendered). `next.config.js`
 * holds a copy and sets them on every response under `/api/`, Next's own 404 and 405 included; a unit
 * test keeps the two equal.
 */
export function apiHeaders(): { key: string; value: string }[] {
  return [
    ...STATIC_ENTRIES.map(([key, value]) => ({ key, value })),
    { key: 'Content-Security-Policy', value: API_CSP },
  ];
}

/**
 * Why a non-GET `/api` request must be refused for its body type, if it must: state-changing routes
 * take JSON or multipart only, so a cross-site HTML form (text/plain, urlencoded) can never reach them
 * even if an origin check were bypassed. Bodiless requests (DELETE, a POST without a body) pass.
 */
export function bodyTypeReason(method: string, headers: Headers): string | undefined {
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return undefined;
  const type = (headers.get('content-type') ?? '').toLowerCase();
  const length = headers.get('content-length');
  const hasBody = type !== '' || (length !== null && length !== '0') || headers.has('transfer-encoding');
  if (!hasBody) return undefined;
  const mime = type.split(';')[0]?.trim() ?? '';
  if (mime === 'application/json' || mime === 'multipart/form-data') return undefined;
  return `a ${mime === '' ? 'body without a Content-Type' : `${mime} body`}`;
}

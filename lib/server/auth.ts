/**
 * Access control for a server that holds an organisation's IAM picture: who may read it.
 *
 * Three modes, chosen from the environment once per process:
 * - `open`: no token configured. Only acceptable on a loopback interface (`rolechain serve` refuses
 *   any other host in this mode), so only users of this machine can connect.
 * - `token`: `ROLECHAIN_TOKEN` (at least 32 characters) is required on every request, as
 *   `Authorization: Bearer …` or the HttpOnly session cookie set by a `?token=` login link.
 * - `proxy-header`: `ROLECHAIN_TRUST_PROXY_AUTH` names a header that an authenticating reverse proxy
 *   sets; a request without it is refused. The server must then be reachable only through that proxy.
 *
 * Pure except for `node:crypto` (digests, constant-time comparison, random tokens); used by `gate.ts`
 * and `rolechain serve`.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { Result } from '../model';

export const TOKEN_MIN_LENGTH = 32;
export const SESSION_COOKIE = 'rolechain_session';
/** Login links carry the token in this query parameter; the proxy strips it by redirecting. */
export const TOKEN_PARAM = 'token';

export const ACCESS_MODES = ['open', 'token', 'proxy-header'] as const;
export type AccessMode = (typeof ACCESS_MODES)[number];

export type AccessConfig =
  { mode: 'open' } | { mode: 'token'; token: string } | { mode: 'proxy-header'; header: string };

/** What the proxy does with one request. */
export type AccessDecision =
  | { kind: 'allow' }
  /** A valid `?token=` login: set the session cookie and redirect to `location` (the URL without the token). */
  | { kind: 'login'; cookie: string; location: string }
  | { kind: 'deny'; reason: string };

// RFC 9110 field-name characters.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// Printable ASCII without spaces, so a token survives a header, a URL parameter and a file with a newline.
const TOKEN_CHARS = /^[\x21-\x7e]+$/;

/** Checks a configured token: long enough to resist guessing, and printable without spaces. */
export function validateToken(raw: string, source: string): Result<string> {
  const token = raw.trim();
  if (token.length < TOKEN_MIN_LENGTH)
    return {
      ok: false,
      error: {
        code: 'token_too_short',
        message: `The access token from ${source} has ${token.length} characters; it needs at least ${TOKEN_MIN_LENGTH} (\`rolechain serve --new-token\` prints one).`,
      },
    };
  if (!TOKEN_CHARS.test(token))
    return {
      ok: false,
      error: {
        code: 'token_invalid',
        message: `The access token from ${source} may hold only printable ASCII characters without spaces.`,
      },
    };
  return { ok: true, value: token };
}

/** The access mode from the environment (`ROLECHAIN_TOKEN`, `ROLECHAIN_TRUST_PROXY_AUTH`). */
export function accessConfigFromEnv(env: Record<string, string | undefined>): Result<AccessConfig> {
  const token = env.ROLECHAIN_TOKEN;
  const header = env.ROLECHAIN_TRUST_PROXY_AUTH;
  if (token !== undefined && token !== '') {
    const t = validateToken(token, 'ROLECHAIN_TOKEN');
    return t.ok ? { ok: true, value: { mode: 'token', token: t.value } } : t;
  }
  if (header !== undefined && header !== '') {
    if (!HEADER_NAME.test(header))
      return {
        ok: false,
        error: {
          code: 'bad_proxy_header',
          message: `ROLECHAIN_TRUST_PROXY_AUTH must name an HTTP header (such as X-Forwarded-User), not '${header}'.`,
        },
      };
    return { ok: true, value: { mode: 'proxy-header', header: header.toLowerCase() } };
  }
  return { ok: true, value: { mode: 'open' } };
}

/** True when a listen address or Host name can only be reached from this machine. */
export function isLoopbackHost(host: string): boolean {
  let h = host.trim().toLowerCase();
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  const kind = isIP(h);
  if (kind === 4) return h.startsWith('127.');
  if (kind === 6) {
    if (h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
    // An IPv4-mapped loopback address (::ffff:127.0.0.1).
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(h);
    return mapped?.[1] !== undefined && mapped[1].startsWith('127.');
  }
  // Any other name (or 0.0.0.0, ::) may resolve to, or listen on, a reachable interface.
  return false;
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

/**
 * Compares a presented secret with the expected one in constant time: both are hashed first, so the
 * comparison takes the same time whatever their lengths and wherever they differ.
 */
export function secretsEqual(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/** The session cookie's value: derived from the token, so the cookie never holds the token itself. */
export function sessionValue(token: string): string {
  return createHash('sha256').update(`rolechain-session\0${token}`, 'utf8').digest('base64url');
}

/** A new random token (256 bits, base64url: 43 characters). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

function cookieValue(cookieHeader: string | null, name: string): string | undefined {
  if (cookieHeader === null) return undefined;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function bearer(authorization: string | null): string | undefined {
  if (authorization === null) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  return m?.[1];
}

export interface AccessRequest {
  url: URL;
  headers: Headers;
}

/** Decides whether one request may proceed under the configured access mode. */
export function decideAccess(config: AccessConfig, req: AccessRequest): AccessDecision {
  switch (config.mode) {
    case 'open':
      return { kind: 'allow' };
    case 'proxy-header': {
      const v = req.headers.get(config.header);
      return v !== null && v.trim() !== ''
        ? { kind: 'allow' }
        : { kind: 'deny', reason: `the authenticating proxy's ${config.header} header is missing` };
    }
    case 'token': {
      const presented = bearer(req.headers.get('authorization'));
      if (presented !== undefined && secretsEqual(presented, config.token)) return { kind: 'allow' };
      const session = cookieValue(req.headers.get('cookie'), SESSION_COOKIE);
      if (session !== undefined && secretsEqual(session, sessionValue(config.token)))
        return { kind: 'allow' };
      const fromUrl = req.url.searchParams.get(TOKEN_PARAM);
      if (fromUrl !== null && secretsEqual(fromUrl, config.token)) {
        const clean = new URL(req.url.href);
        clean.searchParams.delete(TOKEN_PARAM);
        return {
          kind: 'login',
          cookie: `${SESSION_COOKIE}=${sessionValue(config.token)}; Path=/; HttpOnly; SameSite=Strict${clean.protocol === 'https:' ? '; Secure' : ''}`,
          location: clean.pathname + clean.search + clean.hash,
        };
      }
      return {
        kind: 'deny',
        reason:
          presented !== undefined || session !== undefined || fromUrl !== null
            ? 'the access token does not match'
            : 'an access token is required',
      };
    }
  }
}

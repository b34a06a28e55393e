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

/**
 * `hosts`: the `Host` names a token or proxy-header server answers to (`ROLECHAIN_ALLOWED_HOSTS`), on
 * top of the loopback names; undefined means any (the credential is then the only defence). An open
 * server answers loopback names only, so a page whose name was rebound to 127.0.0.1 gets nothing.
 */
export type AccessConfig =
  | { mode: 'open' }
  | { mode: 'token'; token: string; hosts?: readonly string[] }
  | { mode: 'proxy-header'; header: string; hosts?: readonly string[] };

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

/** The least guessing work a token must give, by `tokenStrength`'s estimate. */
export const TOKEN_MIN_BITS = 128;
/**
 * The least Shannon entropy per character: a token of few, repeated characters is a pattern, not a
 * secret. 2.5, not 3: the entropy of a short random string's own letter counts falls below its
 * alphabet's, and 32 random hex digits (`openssl rand -hex 16`) measured under 3 in about 1 of 8,000
 * draws (lowest seen 2.70 in 2 million, none under 2.5). A pattern of five letters or fewer is still refused.
 */
export const TOKEN_MIN_BITS_PER_CHAR = 2.5;

/**
 * An estimate of a token's strength, as two figures a refusal can quote:
 * - `bits`: its length times log2 of the alphabet its character classes span (digits 10, hex 16,
 *   lower or upper case 26, other symbols 32), which is what a random token of those classes holds;
 * - `perChar`: the Shannon entropy of its own character frequencies, which exposes repetition and
 *   short patterns (`aaaa…` has 0 bits per character, `abab…` 1) that the alphabet alone misses.
 * Random tokens clear both easily: 32 random hex digits give 128 and about 3.6; `--new-token`'s 43
 * base64url characters 256 and about 5.
 */
export function tokenStrength(token: string): { bits: number; perChar: number; distinct: number } {
  const counts = new Map<string, number>();
  for (const ch of token) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let perChar = 0;
  for (const n of counts.values()) {
    const p = n / token.length;
    perChar -= p * Math.log2(p);
  }
  let pool = 0;
  const hexOnly = /^[0-9a-f]+$/.test(token) || /^[0-9A-F]+$/.test(token);
  if (hexOnly && /[a-fA-F]/.test(token)) pool = 16;
  else {
    if (/[0-9]/.test(token)) pool += 10;
    if (/[a-z]/.test(token)) pool += 26;
    if (/[A-Z]/.test(token)) pool += 26;
    if (/[^0-9A-Za-z]/.test(token)) pool += 32;
  }
  const bits = pool > 1 ? token.length * Math.log2(pool) : 0;
  return { bits: Math.floor(bits), perChar: Math.round(perChar * 100) / 100, distinct: counts.size };
}

/**
 * Checks a configured token: long enough to resist guessing, printable without spaces, and not a
 * pattern (`tokenStrength`): a token typed by hand is refused with the figures that failed.
 */
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
  const strength = tokenStrength(token);
  if (strength.perChar < TOKEN_MIN_BITS_PER_CHAR || strength.bits < TOKEN_MIN_BITS)
    return {
      ok: false,
      error: {
        code: 'token_weak',
        message:
          `The access token from ${source} is too easy to guess: ${strength.distinct} distinct character(s), ` +
          `${strength.perChar} bits of entropy per character (at least ${TOKEN_MIN_BITS_PER_CHAR} needed) and about ` +
          `${strength.bits} bits in all (at least ${TOKEN_MIN_BITS} needed). Use a random token: ` +
          '`rolechain serve --new-token` prints one.',
      },
    };
  return { ok: true, value: token };
}

// A host name or IPv4 address, or a bracketed IPv6 address, with an optional port.
const HOST_ENTRY = /^(?:[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?|\[[0-9a-f:.]+\])(?::\d{1,5})?$/;

/**
 * `ROLECHAIN_ALLOWED_HOSTS`: the names (`host` or `host:port`, comma-separated) browsers use to reach
 * a token or proxy-header server; undefined when unset.
 */
export function allowedHostsFromEnv(
  env: Record<string, string | undefined>,
): Result<readonly string[] | undefined> {
  const raw = env.ROLECHAIN_ALLOWED_HOSTS;
  if (raw === undefined || raw.trim() === '') return { ok: true, value: undefined };
  const hosts = raw
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter((h) => h !== '');
  const bad = hosts.find((h) => !HOST_ENTRY.test(h));
  if (bad !== undefined)
    return {
      ok: false,
      error: {
        code: 'bad_allowed_hosts',
        message: `ROLECHAIN_ALLOWED_HOSTS must list host names or host:port pairs, comma-separated; '${bad}' is neither.`,
      },
    };
  return { ok: true, value: hosts };
}

/** The access mode from the environment (`ROLECHAIN_TOKEN`, `ROLECHAIN_TRUST_PROXY_AUTH`, `ROLECHAIN_ALLOWED_HOSTS`). */
export function accessConfigFromEnv(env: Record<string, string | undefined>): Result<AccessConfig> {
  const token = env.ROLECHAIN_TOKEN;
  const header = env.ROLECHAIN_TRUST_PROXY_AUTH;
  const hosts = allowedHostsFromEnv(env);
  if (!hosts.ok) return hosts;
  const named = hosts.value ? { hosts: hosts.value } : {};
  if (token !== undefined && token !== '') {
    const t = validateToken(token, 'ROLECHAIN_TOKEN');
    return t.ok ? { ok: true, value: { mode: 'token', token: t.value, ...named } } : t;
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
    return { ok: true, value: { mode: 'proxy-header', header: header.toLowerCase(), ...named } };
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

/** A `Host` header split into its name (brackets kept for IPv6) and port; undefined when malformed. */
export function splitHost(value: string): { name: string; port?: string } | undefined {
  const v = value.trim().toLowerCase();
  const m = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(v);
  if (!m?.[1]) return undefined;
  return m[2] === undefined ? { name: m[1] } : { name: m[1], port: m[2] };
}

/**
 * Why a request's `Host` is not one this server answers to, or undefined when it is. Loopback names
 * always are; an open server answers nothing else (DNS rebinding: an attacker's page whose name now
 * resolves to 127.0.0.1 sends its own name as `Host`); a token or proxy-header server also answers
 * the names of `ROLECHAIN_ALLOWED_HOSTS`, or any name when that is unset.
 */
export function hostRefusal(config: AccessConfig, host: string | null): string | undefined {
  if (host === null || host.trim() === '') return 'a request without a Host header';
  const parts = splitHost(host);
  if (!parts) return `an unreadable Host header`;
  // `localhost` and loopback addresses; `*.localhost` names are left out, since not every client
  // resolves them locally rather than through DNS.
  if (parts.name === 'localhost' || (!parts.name.endsWith('.localhost') && isLoopbackHost(parts.name)))
    return undefined;
  if (config.mode !== 'open') {
    if (config.hosts === undefined) return undefined;
    for (const h of config.hosts) {
      const allowed = splitHost(h);
      if (allowed?.name === parts.name && (allowed.port === undefined || allowed.port === parts.port))
        return undefined;
    }
  }
  // Quoted with only safe characters: the name came from the request.
  return `the host name '${parts.name.replace(/[^a-z0-9.:[\]-]/g, '?').slice(0, 100)}'`;
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

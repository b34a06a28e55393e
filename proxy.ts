/**
 * Runs before every request (Next 16's successor to middleware; Node.js runtime):
 * 1. access control: the token or the authenticating proxy's header when one is configured
 *    (`lib/server/auth.ts`); nothing changes on loopback without configuration;
 * 2. state-changing `/api` requests only from this dashboard's own pages, with a JSON or multipart body;
 * 3. security headers on every response, with a fresh CSP nonce that Next stamps on its scripts.
 *
 * It runs on every request but the framework's static files (public client code, whose fixed headers
 * `next.config.js` sets), so it does the least it can: what does not change is built once, and API
 * responses, which Next renders no script into, do not carry the nonce into the request.
 *
 * The route handlers keep their own same-origin checks: this is the central gate, not the only one.
 */
import type { NextRequest } from 'next/server';
import { NextResponse } from 'next/server';
import type { AccessConfig } from './lib/server/auth';
import { accessConfigFromEnv, decideAccess } from './lib/server/auth';
import { problem } from './lib/server/problem';
import { crossOriginReason } from './lib/server/same-origin';
import {
  applySecurityHeaders,
  bodyTypeReason,
  contentSecurityPolicy,
  newNonce,
} from './lib/server/security-headers';

const DEV = process.env.NODE_ENV === 'development';

let access: AccessConfig | undefined;
function accessConfig(): AccessConfig | string {
  if (access) return access;
  const r = accessConfigFromEnv(process.env);
  if (!r.ok) return r.error.message;
  access = r.value;
  return access;
}

function refuse(isApi: boolean, status: 401 | 403 | 415 | 500, code: string, message: string): NextResponse {
  if (isApi) return problem(code, message);
  return new NextResponse(`Rolechain: ${message}\n`, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  });
}

function gate(request: NextRequest, isApi: boolean): NextResponse | undefined {
  const config = accessConfig();
  if (typeof config === 'string')
    return refuse(isApi, 500, 'internal', `the server is misconfigured: ${config}`);
  const decision = decideAccess(config, { url: new URL(request.url), headers: request.headers });
  if (decision.kind === 'deny') {
    const hint = isApi
      ? 'Send it as `Authorization: Bearer <token>`.'
      : 'Open this address once with ?token=<the access token> added.';
    return refuse(isApi, 401, 'unauthorized', `${decision.reason}. ${hint}`);
  }
  if (decision.kind === 'login') {
    const res = NextResponse.redirect(new URL(decision.location, request.url), 303);
    res.headers.set('Set-Cookie', decision.cookie);
    res.headers.set('Cache-Control', 'no-store');
    return res;
  }

  if (isApi && request.method !== 'GET' && request.method !== 'HEAD') {
    const cross = crossOriginReason(request.headers);
    if (cross)
      return problem(
        'forbidden_origin',
        `Changes are accepted only from this dashboard's own pages, not ${cross}.`,
      );
    const body = bodyTypeReason(request.method, request.headers);
    if (body)
      return problem('unsupported_media_type', `Send application/json or multipart/form-data, not ${body}.`);
  }
  return undefined;
}

export function proxy(request: NextRequest): NextResponse {
  const path = request.nextUrl.pathname;
  const isApi = path === '/api' || path.startsWith('/api/');
  const nonce = newNonce();
  const refused = gate(request, isApi);
  if (refused) {
    applySecurityHeaders(refused.headers, nonce, DEV);
    return refused;
  }
  // A route handler renders no script: the nonce need only be on the response, like every other header.
  if (isApi) {
    const res = NextResponse.next();
    applySecurityHeaders(res.headers, nonce, DEV);
    return res;
  }
  // Next reads the nonce from the request's CSP header and puts it on the scripts it renders.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('Content-Security-Policy', contentSecurityPolicy(nonce, DEV));
  const res = NextResponse.next({ request: { headers: requestHeaders } });
  applySecurityHeaders(res.headers, nonce, DEV);
  return res;
}

export const config = {
  // Everything but the framework's static files (content-hashed public client code, no data): their
  // fixed security headers come from next.config.js, and no request for one needs the gate.
  matcher: ['/((?!_next/static/).*)'],
};

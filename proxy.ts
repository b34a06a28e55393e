/**
 * Runs before every page request (Next 16's successor to middleware; Node.js runtime):
 * 1. the access gate (`lib/server/gate.ts`): the `Host` name (loopback only without a token: no DNS
 *    rebinding), then the token or the authenticating proxy's header when one is configured;
 * 2. security headers on every response, with a fresh CSP nonce that Next stamps on its scripts.
 *
 * It does not see the framework's static files (public client code) nor `/api`: Next runs a proxy as
 * a step of its own, which cost a quarter of an API request's server time. Every route handler runs
 * the same gate itself (`lib/server/api-route.ts`, and a test that no route lacks it); `next.config.js`
 * sets the fixed headers of both.
 */
import type { NextRequest } from 'next/server';
import { NextResponse } from 'next/server';
import { gate } from './lib/server/gate';
import { applySecurityHeaders, contentSecurityPolicy, newNonce } from './lib/server/security-headers';

const DEV = process.env.NODE_ENV === 'development';

function refused(request: NextRequest): NextResponse | undefined {
  const r = gate({ method: request.method, url: new URL(request.url), headers: request.headers }, false);
  if (!r) return undefined;
  if (r.kind === 'login') {
    const res = NextResponse.redirect(new URL(r.location, request.url), 303);
    res.headers.set('Set-Cookie', r.cookie);
    res.headers.set('Cache-Control', 'no-store');
    return res;
  }
  return new NextResponse(`Rolechain: ${r.message}\n`, {
    status: r.status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  });
}

export function proxy(request: NextRequest): NextResponse {
  const nonce = newNonce();
  const refusal = refused(request);
  if (refusal) {
    applySecurityHeaders(refusal.headers, nonce, DEV);
    return refusal;
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
  // Everything but the framework's static files (content-hashed public client code, no data) and the
  // API (whose handlers gate themselves). `/api` alone is no route: it is a page request, gated here.
  matcher: ['/((?!_next/static/|api/).*)'],
};

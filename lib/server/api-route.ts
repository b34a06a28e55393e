/**
 * Every `/api` route handler is `export const GET = apiRoute(async (req) => …)`: the access gate
 * (`gate.ts`: token or proxy header, same-origin and body type for changes) runs first, then the
 * handler, whose unexpected exceptions become a logged 500 without internals (`guarded`).
 *
 * The API is not behind `proxy.ts`. Next runs a proxy as a step of its own, which cost a quarter of a
 * findings page's server time; the gate is the same function, run here instead. A unit test checks
 * that every exported method of every route file is made by `apiRoute`, and the security end-to-end
 * test asks each route without the token. The security headers of `/api` responses are fixed (no page
 * is rendered, so no nonce): `next.config.js` sets them, on every response including Next's own 404s
 * and 405s.
 */
import type { NextRequest } from 'next/server';
import { NextResponse } from 'next/server';
import { gate } from './gate';
import type { GateRefusal } from './gate';
import type { z } from 'zod';
import { guarded, issuesOf, problem } from './problem';

export type ApiHandler = (req: NextRequest) => Promise<NextResponse> | NextResponse;

function refusal(r: GateRefusal, url: string): NextResponse {
  if (r.kind === 'refuse') return problem(r.code, r.message);
  const res = NextResponse.redirect(new URL(r.location, url), 303);
  res.headers.set('Set-Cookie', r.cookie);
  res.headers.set('Cache-Control', 'no-store');
  return res;
}

/** Wraps a route handler in the access gate and the error guard. */
export function apiRoute(handler: ApiHandler): (req: NextRequest) => Promise<NextResponse> {
  return (req) => {
    const refused = gate({ method: req.method, url: req.nextUrl, headers: req.headers }, true);
    if (refused) return Promise.resolve(refusal(refused, req.url));
    return guarded(() => handler(req));
  };
}

/**
 * A JSON request body read and checked by `schema`, or the response that says what is wrong with it:
 * 415 when it is not `application/json` (`typeMessage`), 400 when it is not JSON or not valid
 * (`invalidMessage`, with zod's issues).
 */
export async function jsonBody<T>(
  req: NextRequest,
  schema: z.ZodType<T>,
  messages: { type: string; invalid: string },
): Promise<{ ok: true; value: T } | { ok: false; response: NextResponse }> {
  if (!(req.headers.get('content-type') ?? '').startsWith('application/json'))
    return { ok: false, response: problem('unsupported_media_type', messages.type) };
  let raw: unknown;
  try {
    raw = await req.json();
  } catch {
    return { ok: false, response: problem('bad_body', 'The body is not valid JSON.') };
  }
  const body = schema.safeParse(raw);
  return body.success
    ? { ok: true, value: body.data }
    : { ok: false, response: problem('bad_body', messages.invalid, issuesOf(body.error.issues)) };
}

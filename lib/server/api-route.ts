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
import { BodyTooLarge, limitedStream } from './upload';

/**
 * The largest JSON body a route reads: a check request is a few fields or one pasted policy
 * statement (IAM caps policies at 10,240 characters), so 1 MiB leaves room and bounds memory.
 */
export const JSON_BODY_LIMIT = 1024 * 1024;

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

/** The methods every route file exports: those it has, and a JSON 405 for the others. */
export const ROUTE_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/**
 * The handler of a method a route does not have: the documented `{code, message}` 405 with `Allow`
 * (Next's own 405 has an empty body). Wrapped in `apiRoute` like any handler, so the gate comes first.
 */
export function methodNotAllowed(...allowed: (typeof ROUTE_METHODS)[number][]): ApiHandler {
  const allow = [...allowed, ...(allowed.includes('GET') ? ['HEAD'] : []), 'OPTIONS'].join(', ');
  return (req) => {
    const res = problem(
      'method_not_allowed',
      `${req.nextUrl.pathname} does not take ${req.method}; it takes ${allowed.join(' and ')}.`,
    );
    res.headers.set('Allow', allow);
    return res;
  };
}

/**
 * A JSON request body read and checked by `schema`, or the response that says what is wrong with it:
 * 415 when it is not `application/json` (`typeMessage`), 413 when it is over `limit` bytes (counted
 * as they arrive, so a chunked or falsely announced body is cut off, never buffered whole), 400 when
 * it is not JSON or not valid (`invalidMessage`, with zod's issues).
 */
export async function jsonBody<T>(
  req: NextRequest,
  schema: z.ZodType<T>,
  messages: { type: string; invalid: string },
  limit: number = JSON_BODY_LIMIT,
): Promise<{ ok: true; value: T } | { ok: false; response: NextResponse }> {
  if (!(req.headers.get('content-type') ?? '').startsWith('application/json'))
    return { ok: false, response: problem('unsupported_media_type', messages.type) };
  const tooLarge = {
    ok: false as const,
    response: problem('payload_too_large', `A JSON body may hold at most ${limit / 1024} KiB.`),
  };
  if (Number(req.headers.get('content-length') ?? 0) > limit) return tooLarge;
  let raw: unknown;
  try {
    const text = req.body ? await new Response(limitedStream(req.body, limit)).text() : '';
    raw = JSON.parse(text);
  } catch (e) {
    if (e instanceof BodyTooLarge || (e instanceof Error && e.cause instanceof BodyTooLarge)) return tooLarge;
    return { ok: false, response: problem('bad_body', 'The body is not valid JSON.') };
  }
  const body = schema.safeParse(raw);
  return body.success
    ? { ok: true, value: body.data }
    : { ok: false, response: problem('bad_body', messages.invalid, issuesOf(body.error.issues)) };
}

/**
 * The read-only views of the current analysis (`/api/graph`, `/api/paths`, `/api/reach`) all do the
 * same thing: read the query string with a zod schema, answer 400 naming each bad parameter, run a
 * use case on the analysis, and serve its JSON from the analysis's body cache. Once, here.
 */
import { NextResponse, type NextRequest } from 'next/server';
import type { z } from 'zod';
import type { Result } from '../model';
import { ok } from '../model';
import type { Analysis } from './analysis';
import { cachedBody } from './analysis';
import { currentAnalysis } from './context';
import { problemOf } from './problem';
import { parseQuery } from './query';

/**
 * A GET handler for one view of the current analysis: `name` keys the body cache, `run` is the use
 * case. Errors of the analysis or of `run` (an unknown node) answer with their own code.
 */
export function analysisView<S extends z.ZodType>(
  name: string,
  schema: S,
  usage: string,
  run: (a: Analysis, q: z.infer<S>) => Result<unknown>,
): (req: NextRequest) => Promise<NextResponse> {
  return async (req) => {
    const q = parseQuery(schema, req.nextUrl.searchParams, usage);
    if (!q.ok) return q.response;
    const a = await currentAnalysis();
    if (!a.ok) return problemOf(a.error);
    // The answer is worked out only when its body is not cached yet.
    const body = cachedBody(a.value, `${name}|${JSON.stringify(q.value)}`, () => {
      const r = run(a.value, q.value);
      return r.ok ? ok(JSON.stringify(r.value)) : r;
    });
    if (!body.ok) return problemOf(body.error);
    return new NextResponse(body.value, { headers: { 'content-type': 'application/json' } });
  };
}

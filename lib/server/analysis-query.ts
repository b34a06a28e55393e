/**
 * The routes that answer from the current analysis all do the same thing: read the query with a zod
 * schema (400 naming each bad parameter), ask the analysis (`askAnalysis`: on this thread, or in the
 * analysis worker that holds a large estate's), and send the body it answers or its problem. Once, here.
 */
import { NextResponse, type NextRequest } from 'next/server';
import type { z } from 'zod';
import type { Result } from '../model';
import type { AnalysisQueries, AnalysisRoute } from './analysis-answers';
import { askAnalysis } from './context';
import { problemOf } from './problem';
import { parseQuery } from './query';
import type { ServedAnswer } from './served-analysis';

/** An answer of the analysis as a response: its body (or stream) with its type, or its problem. */
export function answerResponse(r: Result<ServedAnswer>): NextResponse {
  if (!r.ok) return problemOf(r.error);
  const headers: Record<string, string> = { 'content-type': r.value.contentType };
  if (r.value.filename !== undefined)
    headers['content-disposition'] = `attachment; filename="${r.value.filename}"`;
  return new NextResponse('stream' in r.value ? r.value.stream : r.value.body, { headers });
}

/** A GET handler for a route of the analysis whose query is its query string, read with `schema`. */
export function analysisView<R extends AnalysisRoute, S extends z.ZodType<AnalysisQueries[R]>>(
  route: R,
  schema: S,
  usage: string,
): (req: NextRequest) => Promise<NextResponse> {
  return async (req) => {
    const q = parseQuery(schema, req.nextUrl.searchParams, usage);
    if (!q.ok) return q.response;
    return answerResponse(await askAnalysis({ route, query: q.value } as never));
  };
}

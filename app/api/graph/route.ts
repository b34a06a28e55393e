import { NextResponse } from 'next/server';
import { cachedBody } from '@/lib/server/analysis';
import { currentAnalysis } from '@/lib/server/context';
import { GraphQuery, graphView } from '@/lib/server/graph-view';
import { ok } from '@/lib/model';
import { apiRoute, methodNotAllowed } from '@/lib/server/api-route';
import { issuesOf, problem, problemOf } from '@/lib/server/problem';

export const GET = apiRoute(async (req) => {
  const q = GraphQuery.safeParse(Object.fromEntries(req.nextUrl.searchParams));
  if (!q.success) return problem('bad_query', 'The graph query is not valid.', issuesOf(q.error.issues));
  const a = await currentAnalysis();
  if (!a.ok) return problemOf(a.error);
  // The view is worked out only when its body is not cached yet.
  const body = cachedBody(a.value, `graph|${JSON.stringify(q.data)}`, () => {
    const view = graphView(a.value, q.data);
    return view.ok ? ok(JSON.stringify(view.value)) : view;
  });
  if (!body.ok) return problemOf(body.error);
  return new NextResponse(body.value, { headers: { 'content-type': 'application/json' } });
});

/** The other methods: a JSON 405 behind the same gate. */
const notAllowed = apiRoute(methodNotAllowed('GET'));
export const POST = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;

import type { NextRequest } from 'next/server';
import { NextResponse } from 'next/server';
import { cachedBody } from '@/lib/server/analysis';
import { currentAnalysis } from '@/lib/server/context';
import { GraphQuery, graphView } from '@/lib/server/graph-view';
import { guarded, issuesOf, problem, problemOf } from '@/lib/server/problem';

export function GET(req: NextRequest) {
  return guarded(async () => {
    const q = GraphQuery.safeParse(Object.fromEntries(req.nextUrl.searchParams));
    if (!q.success) return problem('bad_query', 'The graph query is not valid.', issuesOf(q.error.issues));
    const a = await currentAnalysis();
    if (!a.ok) return problemOf(a.error);
    const view = graphView(a.value, q.data);
    if (!view.ok) return problemOf(view.error);
    const body = cachedBody(a.value, `graph|${JSON.stringify(q.data)}`, () => JSON.stringify(view.value));
    return new NextResponse(body, { headers: { 'content-type': 'application/json' } });
  });
}

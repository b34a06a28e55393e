import { NextResponse } from 'next/server';
import { ReachQuery, runReach } from '@/lib/app/paths';
import { ok } from '@/lib/model';
import { cachedBody } from '@/lib/server/analysis';
import { currentAnalysis } from '@/lib/server/context';
import { apiRoute, methodNotAllowed } from '@/lib/server/api-route';
import { issuesOf, problem, problemOf } from '@/lib/server/problem';

/** "What can X reach?" (`?node=&direction=from`) and "Who can reach Y?" (`direction=to`), best chain each. */
export const GET = apiRoute(async (req) => {
  const q = ReachQuery.safeParse(Object.fromEntries(req.nextUrl.searchParams));
  if (!q.success)
    return problem(
      'bad_query',
      'Give a node id and a direction: ?node=&direction=from|to.',
      issuesOf(q.error.issues),
    );
  const a = await currentAnalysis();
  if (!a.ok) return problemOf(a.error);
  const body = cachedBody(a.value, `reach|${JSON.stringify(q.data)}`, () => {
    const r = runReach(a.value, q.data);
    return r.ok ? ok(JSON.stringify(r.value)) : r;
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

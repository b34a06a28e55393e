import { NextResponse } from 'next/server';
import { accountOverview, OverviewQuery } from '@/lib/app/overview';
import { getStore } from '@/lib/server/context';
import { apiRoute, methodNotAllowed } from '@/lib/server/api-route';
import { issuesOf, problem, problemOf } from '@/lib/server/problem';

/** The organisation overview (first view): accounts ranked by findings, one page at a time, from the store. */
export const GET = apiRoute(async (req) => {
  const q = OverviewQuery.safeParse(Object.fromEntries(req.nextUrl.searchParams));
  if (!q.success) return problem('bad_query', 'The overview query is not valid.', issuesOf(q.error.issues));
  const store = await getStore();
  if (!store.ok) return problemOf(store.error);
  const o = accountOverview(store.value, q.data);
  return o.ok ? NextResponse.json(o.value) : problemOf(o.error);
});

/** The other methods: a JSON 405 behind the same gate. */
const notAllowed = apiRoute(methodNotAllowed('GET'));
export const POST = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;

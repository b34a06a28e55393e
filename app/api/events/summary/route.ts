import { NextResponse } from 'next/server';
import { getStore } from '@/lib/server/context';
import { SummaryQuery } from '@/lib/server/events-api';
import { apiRoute, methodNotAllowed } from '@/lib/server/api-route';
import { issuesOf, problem, problemOf } from '@/lib/server/problem';
import { summarizeEvents } from '@/lib/store';

export const GET = apiRoute(async (req) => {
  const q = SummaryQuery.safeParse(Object.fromEntries(req.nextUrl.searchParams));
  if (!q.success) return problem('bad_query', 'The summary query is not valid.', issuesOf(q.error.issues));
  const { by, ...filter } = q.data;
  const store = await getStore();
  if (!store.ok) return problemOf(store.error);
  return NextResponse.json({ by, rows: summarizeEvents(store.value, by, filter) });
});

/** The other methods: a JSON 405 behind the same gate. */
const notAllowed = apiRoute(methodNotAllowed('GET'));
export const POST = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;

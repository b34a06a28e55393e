import { NextResponse } from 'next/server';
import { getStore } from '@/lib/server/context';
import { EventsQuery, eventsCsv } from '@/lib/server/events-api';
import { apiRoute, methodNotAllowed } from '@/lib/server/api-route';
import { issuesOf, problem, problemOf } from '@/lib/server/problem';
import { decodeCursor, queryEvents } from '@/lib/store';

export const GET = apiRoute(async (req) => {
  const q = EventsQuery.safeParse(Object.fromEntries(req.nextUrl.searchParams));
  if (!q.success) return problem('bad_query', 'The events query is not valid.', issuesOf(q.error.issues));
  const { limit, cursor, format, ...filter } = q.data;
  const after = cursor === undefined ? undefined : decodeCursor(cursor);
  if (cursor !== undefined && !after)
    return problem('bad_cursor', 'The cursor is not one this server gave out.');
  const store = await getStore();
  if (!store.ok) return problemOf(store.error);
  const page = queryEvents(store.value, filter, limit, after);
  if (format === 'csv') {
    return new NextResponse(eventsCsv(page.events), {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': 'attachment; filename="rolechain-events.csv"',
        ...(page.nextCursor ? { 'x-next-cursor': page.nextCursor } : {}),
      },
    });
  }
  return NextResponse.json(page);
});

/** The other methods: a JSON 405 behind the same gate. */
const notAllowed = apiRoute(methodNotAllowed('GET'));
export const POST = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;

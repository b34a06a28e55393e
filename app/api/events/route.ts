import { getStore } from '@/lib/server/context';
import { eventsResponse } from '@/lib/server/events-api';
import { apiRoute, methodNotAllowed } from '@/lib/server/api-route';
import { problemOf } from '@/lib/server/problem';

export const GET = apiRoute(async (req) => {
  const store = await getStore();
  if (!store.ok) return problemOf(store.error);
  return eventsResponse(store.value, req.nextUrl.searchParams);
});

/** The other methods: a JSON 405 behind the same gate. */
const notAllowed = apiRoute(methodNotAllowed('GET'));
export const POST = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;

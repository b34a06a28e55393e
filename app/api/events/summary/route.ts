import { getStore } from '@/lib/server/context';
import { summaryResponse } from '@/lib/server/events-api';
import { apiRoute } from '@/lib/server/api-route';
import { problemOf } from '@/lib/server/problem';

export const GET = apiRoute(async (req) => {
  const store = await getStore();
  if (!store.ok) return problemOf(store.error);
  return summaryResponse(store.value, req.nextUrl.searchParams);
});

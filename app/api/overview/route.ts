import { NextResponse } from 'next/server';
import { accountOverview, OverviewQuery } from '@/lib/app/overview';
import { getStore } from '@/lib/server/context';
import { apiRoute, methodNotAllowed } from '@/lib/server/api-route';
import { problemOf } from '@/lib/server/problem';
import { parseQuery } from '@/lib/server/query';

/** The organisation overview (first view): accounts ranked by findings, one page at a time, from the store. */
export const GET = apiRoute(async (req) => {
  const q = parseQuery(
    OverviewQuery,
    req.nextUrl.searchParams,
    'The overview takes q, sort (findings, roles or id), limit (1–200), offset and external (0 or 1).',
  );
  if (!q.ok) return q.response;
  const store = await getStore();
  if (!store.ok) return problemOf(store.error);
  const o = accountOverview(store.value, q.value);
  return o.ok ? NextResponse.json(o.value) : problemOf(o.error);
});

/** The other methods: a JSON 405 behind the same gate. */
const notAllowed = apiRoute(methodNotAllowed('GET'));
export const POST = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;

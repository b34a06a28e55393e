import { NextResponse } from 'next/server';
import { getStore } from '@/lib/server/context';
import { apiRoute, methodNotAllowed } from '@/lib/server/api-route';
import { problemOf } from '@/lib/server/problem';
import { parseQuery } from '@/lib/server/query';
import { DiffQuery, snapshotDiff } from '@/lib/app/snapshot-diff';

/** Chains opened, broken, closed or changed between two stored snapshots (`?from=&to=` ids). */
export const GET = apiRoute(async (req) => {
  const q = parseQuery(DiffQuery, req.nextUrl.searchParams, 'Give two snapshot ids: ?from=&to=.');
  if (!q.ok) return q.response;
  const store = await getStore();
  if (!store.ok) return problemOf(store.error);
  const d = snapshotDiff(store.value, q.value);
  return d.ok ? NextResponse.json(d.value) : problemOf(d.error);
});

/** The other methods: a JSON 405 behind the same gate. */
const notAllowed = apiRoute(methodNotAllowed('GET'));
export const POST = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;

import { NextResponse } from 'next/server';
import { z } from 'zod';
import { currentAnalysis } from '@/lib/server/context';
import { nodeDetails } from '@/lib/server/node-details';
import { apiRoute, methodNotAllowed } from '@/lib/server/api-route';
import { problem, problemOf } from '@/lib/server/problem';
import { parseQuery } from '@/lib/server/query';

const Query = z.object({ id: z.string().min(1).max(2048) });

export const GET = apiRoute(async (req) => {
  const q = parseQuery(Query, req.nextUrl.searchParams, 'Give the node as ?id=<ARN or node id>.');
  if (!q.ok) return q.response;
  const a = await currentAnalysis();
  if (!a.ok) return problemOf(a.error);
  const d = nodeDetails(a.value, q.value.id);
  return d
    ? NextResponse.json(d)
    : problem('node_not_found', `No node ${q.value.id} in the current snapshot.`);
});

/** The other methods: a JSON 405 behind the same gate. */
const notAllowed = apiRoute(methodNotAllowed('GET'));
export const POST = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;

import { NextResponse } from 'next/server';
import { z } from 'zod';
import { currentAnalysis } from '@/lib/server/context';
import { nodeDetails } from '@/lib/server/node-details';
import { apiRoute, methodNotAllowed } from '@/lib/server/api-route';
import { issuesOf, problem, problemOf } from '@/lib/server/problem';

const Query = z.object({ id: z.string().min(1).max(2048) });

export const GET = apiRoute(async (req) => {
  const q = Query.safeParse(Object.fromEntries(req.nextUrl.searchParams));
  if (!q.success)
    return problem('bad_query', 'Give the node as ?id=<ARN or node id>.', issuesOf(q.error.issues));
  const a = await currentAnalysis();
  if (!a.ok) return problemOf(a.error);
  const d = nodeDetails(a.value, q.data.id);
  return d
    ? NextResponse.json(d)
    : problem('node_not_found', `No node ${q.data.id} in the current snapshot.`);
});

/** The other methods: a JSON 405 behind the same gate. */
const notAllowed = apiRoute(methodNotAllowed('GET'));
export const POST = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;

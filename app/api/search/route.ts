import { NextResponse } from 'next/server';
import { z } from 'zod';
import { currentAnalysis } from '@/lib/server/context';
import { searchNodes } from '@/lib/server/node-details';
import { apiRoute, methodNotAllowed } from '@/lib/server/api-route';
import { issuesOf, problem, problemOf } from '@/lib/server/problem';

const Query = z.object({
  q: z.string().max(512).default(''),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const GET = apiRoute(async (req) => {
  const q = Query.safeParse(Object.fromEntries(req.nextUrl.searchParams));
  if (!q.success) return problem('bad_query', 'The search query is not valid.', issuesOf(q.error.issues));
  const a = await currentAnalysis();
  if (!a.ok) return problemOf(a.error);
  return NextResponse.json({ hits: searchNodes(a.value, q.data.q, q.data.limit) });
});

/** The other methods: a JSON 405 behind the same gate. */
const notAllowed = apiRoute(methodNotAllowed('GET'));
export const POST = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;

import { NextResponse } from 'next/server';
import { z } from 'zod';
import { currentAnalysis } from '@/lib/server/context';
import { searchNodes } from '@/lib/server/node-details';
import { apiRoute, methodNotAllowed } from '@/lib/server/api-route';
import { problemOf } from '@/lib/server/problem';
import { parseQuery } from '@/lib/server/query';

const Query = z.object({
  q: z.string().max(512).default(''),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const GET = apiRoute(async (req) => {
  const q = parseQuery(
    Query,
    req.nextUrl.searchParams,
    'The search takes q (up to 512 characters) and limit (1 to 100).',
  );
  if (!q.ok) return q.response;
  const a = await currentAnalysis();
  if (!a.ok) return problemOf(a.error);
  return NextResponse.json({ hits: searchNodes(a.value, q.value.q, q.value.limit) });
});

/** The other methods: a JSON 405 behind the same gate. */
const notAllowed = apiRoute(methodNotAllowed('GET'));
export const POST = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;

import { NextResponse } from 'next/server';
import { z } from 'zod';
import { askAnalysis, getStore } from '@/lib/server/context';
import { apiRoute, methodNotAllowed } from '@/lib/server/api-route';
import { problemOf } from '@/lib/server/problem';
import { parseQuery } from '@/lib/server/query';
import { auditEvent } from '@/lib/app/audit';

const Query = z.object({ id: z.string().min(1).max(256) });

/** One event with the chain of sessions behind it and the findings that explain it. */
export const GET = apiRoute(async (req) => {
  const q = parseQuery(Query, req.nextUrl.searchParams, 'Give the event as ?id=<eventID>.');
  if (!q.ok) return q.response;
  const store = await getStore();
  if (!store.ok) return problemOf(store.error);
  const found = auditEvent(store.value, q.value.id);
  if (!found.ok) return problemOf(found.error);
  const { event, ancestry } = found.value;
  // The findings that explain it come from the analysis (wherever it is held), as JSON text.
  const a = await askAnalysis({ route: 'eventFindings', query: { eventId: event.eventId } });
  const sent = a.ok && 'body' in a.value ? a.value.body : '[]';
  const findings = typeof sent === 'string' ? sent : new TextDecoder().decode(sent);
  // Spelled out as JSON.stringify({ event, ancestry, findings }) would write it.
  const body = `{"event":${JSON.stringify(event)},"ancestry":${JSON.stringify(ancestry)},"findings":${findings}}`;
  return new NextResponse(body, { headers: { 'content-type': 'application/json' } });
});

/** The other methods: a JSON 405 behind the same gate. */
const notAllowed = apiRoute(methodNotAllowed('GET'));
export const POST = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;

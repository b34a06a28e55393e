import { NextResponse } from 'next/server';
import { z } from 'zod';
import { getUserStore } from '@/lib/server/context';
import { apiRoute, jsonBody, methodNotAllowed } from '@/lib/server/api-route';
import { problem, problemOf } from '@/lib/server/problem';
import { progressStream, refreshes } from '@/lib/server/refresh';

const RefreshBody = z.strictObject({
  organization: z.boolean().optional(),
  auditRoleName: z
    .string()
    .regex(/^[\w+=,.@-]{1,64}$/, 'an IAM role name')
    .optional(),
  externalId: z
    .string()
    .regex(/^[\w+=,.@:/-]{2,1224}$/, 'an ExternalId (2–1224 of A–Z a–z 0–9 and +=,.@:/-)')
    .optional(),
  regions: z
    .array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'a region name such as eu-west-1'))
    .max(40)
    .optional(),
  profile: z
    .string()
    .regex(/^[\w.+@-]{1,128}$/, 'a profile name')
    .optional(),
});

/** Starts a refresh from live AWS; 202 with its id, 409 while another runs. */
export const POST = apiRoute(async (req) => {
  const body = await jsonBody(req, RefreshBody, {
    type: 'Send the options as application/json (an empty object for the defaults).',
    invalid: 'The refresh options are not valid.',
  });
  if (!body.ok) return body.response;
  const store = await getUserStore();
  if (!store.ok) return problemOf(store.error);
  const started = refreshes.start(store.value, body.value);
  if (!started.ok) return problemOf(started.error);
  const url = `/api/refresh?id=${encodeURIComponent(started.value.id)}`;
  return NextResponse.json(
    { id: started.value.id, status: url },
    { status: 202, headers: { Location: url } },
  );
});

/**
 * Progress of the running (or last) refresh as Server-Sent Events, until it ends;
 * `?format=json` answers the status once instead, for clients that poll.
 */
export const GET = apiRoute((req) => {
  const status = refreshes.status(req.nextUrl.searchParams.get('id') ?? undefined);
  if (!status) return problem('not_found', 'No refresh has been started since the server started.');
  if (req.nextUrl.searchParams.get('format') === 'json') return NextResponse.json(status);
  const after = Number(req.headers.get('last-event-id') ?? 0) || 0;
  const stream = progressStream(refreshes, status, after, req.signal);
  return new NextResponse(stream, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
    },
  });
});

/** Cancels the running refresh; nothing it collected is written. */
export const DELETE = apiRoute((req) => {
  const r = refreshes.cancel(req.nextUrl.searchParams.get('id') ?? undefined);
  return r.ok ? NextResponse.json(r.value) : problemOf(r.error);
});

/** The other methods: a JSON 405 behind the same gate. */
const notAllowed = apiRoute(methodNotAllowed('POST', 'GET', 'DELETE'));
export const PUT = notAllowed;
export const PATCH = notAllowed;

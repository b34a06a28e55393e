import { NextResponse } from 'next/server';
import { CheckInput, runCheck } from '@/lib/app/check';
import { currentAnalysis, getStore } from '@/lib/server/context';
import { apiRoute, jsonBody, methodNotAllowed } from '@/lib/server/api-route';
import { problemOf } from '@/lib/server/problem';
import { queryEvents } from '@/lib/store';

export const POST = apiRoute(async (req) => {
  const body = await jsonBody(req, CheckInput, {
    type: 'Send the check as application/json.',
    invalid: 'The check request is not valid.',
  });
  if (!body.ok) return body.response;
  const a = await currentAnalysis();
  if (!a.ok) return problemOf(a.error);
  // The edge panel asks for the ExternalIds CloudTrail saw sent to this role.
  const b = body.value;
  let events;
  if ('fillExternalId' in b && b.fillExternalId && b.targetRole) {
    const store = await getStore();
    if (store.ok) events = queryEvents(store.value, { role: b.targetRole }, 500).events;
  }
  const r = runCheck(a.value.snapshot, b, events ? { events } : {});
  return r.ok ? NextResponse.json(r.value) : problemOf(r.error);
});

/** The other methods: a JSON 405 behind the same gate. */
const notAllowed = apiRoute(methodNotAllowed('POST'));
export const GET = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;

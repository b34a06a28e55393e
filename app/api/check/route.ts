import { NextResponse } from 'next/server';
import { CheckBody, runCheck } from '@/lib/server/check-api';
import { currentAnalysis } from '@/lib/server/context';
import { apiRoute, jsonBody, methodNotAllowed } from '@/lib/server/api-route';
import { problemOf } from '@/lib/server/problem';

export const POST = apiRoute(async (req) => {
  const body = await jsonBody(req, CheckBody, {
    type: 'Send the check as application/json.',
    invalid: 'The check request is not valid.',
  });
  if (!body.ok) return body.response;
  const a = await currentAnalysis();
  if (!a.ok) return problemOf(a.error);
  const r = runCheck(a.value.snapshot, body.value);
  return r.ok ? NextResponse.json(r.value) : problemOf(r.error);
});

/** The other methods: a JSON 405 behind the same gate. */
const notAllowed = apiRoute(methodNotAllowed('POST'));
export const GET = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;

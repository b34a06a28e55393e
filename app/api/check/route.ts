import { NextResponse } from 'next/server';
import { CheckBody, runCheck } from '@/lib/server/check-api';
import { currentAnalysis } from '@/lib/server/context';
import { apiRoute } from '@/lib/server/api-route';
import { issuesOf, problem, problemOf } from '@/lib/server/problem';

export const POST = apiRoute(async (req) => {
  if (!(req.headers.get('content-type') ?? '').startsWith('application/json'))
    return problem('unsupported_media_type', 'Send the check as application/json.');
  let raw: unknown;
  try {
    raw = await req.json();
  } catch {
    return problem('bad_body', 'The body is not valid JSON.');
  }
  const body = CheckBody.safeParse(raw);
  if (!body.success)
    return problem('bad_body', 'The check request is not valid.', issuesOf(body.error.issues));
  const a = await currentAnalysis();
  if (!a.ok) return problemOf(a.error);
  const r = runCheck(a.value.snapshot, body.data);
  return r.ok ? NextResponse.json(r.value) : problemOf(r.error);
});

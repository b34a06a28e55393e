import { NextResponse } from 'next/server';
import { z } from 'zod';
import { CheckInput, runCheck } from '@/lib/app/check';
import { renderCheckReport, reportFileName } from '@/lib/app/check-report';
import { currentAnalysis, getStore } from '@/lib/server/context';
import { apiRoute, jsonBody, methodNotAllowed } from '@/lib/server/api-route';
import { problemOf } from '@/lib/server/problem';
import { queryEvents } from '@/lib/store';

const ReportBody = z.object({ check: CheckInput, link: z.string().max(8192).optional() });

/** The same check as `POST /api/check`, as one self-contained HTML file to download. */
export const POST = apiRoute(async (req) => {
  const body = await jsonBody(req, ReportBody, {
    type: 'Send the check as application/json.',
    invalid: 'The report request is not valid: {check: <the body of POST /api/check>, link?}.',
  });
  if (!body.ok) return body.response;
  const a = await currentAnalysis();
  if (!a.ok) return problemOf(a.error);
  const b = body.value.check;
  let events;
  if ('fillExternalId' in b && b.fillExternalId && b.targetRole) {
    const store = await getStore();
    if (store.ok) events = queryEvents(store.value, { role: b.targetRole }, 500).events;
  }
  const r = runCheck(a.value.snapshot, b, events ? { events } : {});
  if (!r.ok) return problemOf(r.error);
  const m = a.value.meta;
  const generatedAt = new Date().toISOString();
  const html = renderCheckReport(r.value, {
    snapshot: `#${m.id} of ${m.createdAt} (${m.source.kind}: ${m.source.detail})`,
    generatedAt,
    ...(body.value.link !== undefined ? { link: body.value.link } : {}),
  });
  return new NextResponse(html, {
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-disposition': `attachment; filename="${reportFileName(r.value, generatedAt)}"`,
    },
  });
});

/** The other methods: a JSON 405 behind the same gate. */
const notAllowed = apiRoute(methodNotAllowed('POST'));
export const GET = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;

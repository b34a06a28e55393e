import { z } from 'zod';
import { CheckInput } from '@/lib/app/check';
import { answerResponse } from '@/lib/server/analysis-query';
import { askAnalysis, getStore } from '@/lib/server/context';
import { apiRoute, jsonBody, methodNotAllowed } from '@/lib/server/api-route';
import { queryEvents } from '@/lib/store';

const ReportBody = z.object({ check: CheckInput, link: z.string().max(8192).optional() });

/** The same check as `POST /api/check`, as one self-contained HTML file to download. */
export const POST = apiRoute(async (req) => {
  const body = await jsonBody(req, ReportBody, {
    type: 'Send the check as application/json.',
    invalid: 'The report request is not valid: {check: <the body of POST /api/check>, link?}.',
  });
  if (!body.ok) return body.response;
  const b = body.value.check;
  let events;
  if ('fillExternalId' in b && b.fillExternalId && b.targetRole) {
    const store = await getStore();
    if (store.ok) events = queryEvents(store.value, { role: b.targetRole }, 500).events;
  }
  const { link } = body.value;
  return answerResponse(
    await askAnalysis({
      route: 'checkReport',
      query: {
        input: b,
        generatedAt: new Date().toISOString(),
        ...(events ? { events } : {}),
        ...(link !== undefined ? { link } : {}),
      },
    }),
  );
});

/** The other methods: a JSON 405 behind the same gate. */
const notAllowed = apiRoute(methodNotAllowed('POST'));
export const GET = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;

import { CheckInput } from '@/lib/app/check';
import { askAnalysis, getStore } from '@/lib/server/context';
import { answerResponse } from '@/lib/server/analysis-query';
import { apiRoute, jsonBody, methodNotAllowed } from '@/lib/server/api-route';
import { queryEvents } from '@/lib/store';

export const POST = apiRoute(async (req) => {
  const body = await jsonBody(req, CheckInput, {
    type: 'Send the check as application/json.',
    invalid: 'The check request is not valid.',
  });
  if (!body.ok) return body.response;
  // The edge panel asks for the ExternalIds CloudTrail saw sent to this role.
  const b = body.value;
  let events;
  if ('fillExternalId' in b && b.fillExternalId && b.targetRole) {
    const store = await getStore();
    if (store.ok) events = queryEvents(store.value, { role: b.targetRole }, 500).events;
  }
  return answerResponse(
    await askAnalysis({ route: 'check', query: { input: b, ...(events ? { events } : {}) } }),
  );
});

/** The other methods: a JSON 405 behind the same gate. */
const notAllowed = apiRoute(methodNotAllowed('POST'));
export const GET = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;

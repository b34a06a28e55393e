import { ReachQuery } from '@/lib/app/paths';
import { analysisView } from '@/lib/server/analysis-query';
import { apiRoute, methodNotAllowed } from '@/lib/server/api-route';

/** "What can X reach?" (`?node=&direction=from`) and "Who can reach Y?" (`direction=to`), best chain each. */
export const GET = apiRoute(
  analysisView(
    'reach',
    ReachQuery,
    'Give a node id and a direction: ?node=&direction=from|to (optional maxDepth 1–12, maxResults 1–2000).',
  ),
);

/** The other methods: a JSON 405 behind the same gate. */
const notAllowed = apiRoute(methodNotAllowed('GET'));
export const POST = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;

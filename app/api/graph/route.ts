import { analysisView } from '@/lib/server/analysis-query';
import { apiRoute, methodNotAllowed } from '@/lib/server/api-route';
import { GraphQuery } from '@/lib/server/graph-view';

/** A bounded view of the graph: around `focus` to `depth`, or one `account`, or the overview. */
export const GET = apiRoute(
  analysisView(
    'graph',
    GraphQuery,
    'The graph takes focus, depth 1–8, kinds (comma-separated edge kinds), account (12 digits), direction in|out|both, hubs stop|through.',
  ),
);

/** The other methods: a JSON 405 behind the same gate. */
const notAllowed = apiRoute(methodNotAllowed('GET'));
export const POST = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;

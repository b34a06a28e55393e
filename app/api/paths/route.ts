import { PathsQuery } from '@/lib/app/paths';
import { analysisView } from '@/lib/server/analysis-query';
import { apiRoute, methodNotAllowed } from '@/lib/server/api-route';

/** "How does X reach Y?": every chain between two nodes, ranked (`?from=&to=`, optional `maxDepth`, `maxPaths`). */
export const GET = apiRoute(
  analysisView(
    'paths',
    PathsQuery,
    'Give two node ids: ?from=&to= (optional maxDepth 1–12, maxPaths 1–500).',
  ),
);

/** The other methods: a JSON 405 behind the same gate. */
const notAllowed = apiRoute(methodNotAllowed('GET'));
export const POST = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;

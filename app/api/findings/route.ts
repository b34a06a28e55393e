import { analysisView } from '@/lib/server/analysis-query';
import { FindingsQuery } from '@/lib/server/findings-api';
import { apiRoute, methodNotAllowed } from '@/lib/server/api-route';

/** A page of the findings, filtered, or with `format` the whole filtered list as a download. */
export const GET = apiRoute(
  analysisView(
    'findings',
    FindingsQuery,
    'The findings take severity, rule, node, q, limit, offset and format (json or csv).',
  ),
);

/** The other methods: a JSON 405 behind the same gate. */
const notAllowed = apiRoute(methodNotAllowed('GET'));
export const POST = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;

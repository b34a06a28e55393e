import { z } from 'zod';
import { analysisView } from '@/lib/server/analysis-query';
import { apiRoute, methodNotAllowed } from '@/lib/server/api-route';

const Query = z.object({
  q: z.string().max(512).default(''),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** The search box's type-ahead: the best `limit` nodes for `q`. */
export const GET = apiRoute(
  analysisView('search', Query, 'The search takes q (up to 512 characters) and limit (1 to 100).'),
);

/** The other methods: a JSON 405 behind the same gate. */
const notAllowed = apiRoute(methodNotAllowed('GET'));
export const POST = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;

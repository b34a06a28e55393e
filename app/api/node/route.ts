import { z } from 'zod';
import { analysisView } from '@/lib/server/analysis-query';
import { apiRoute, methodNotAllowed } from '@/lib/server/api-route';

const Query = z.object({ id: z.string().min(1).max(2048) });

/** One node's details: its facts, policies, edges in and out, and findings. */
export const GET = apiRoute(analysisView('node', Query, 'Give the node as ?id=<ARN or node id>.'));

/** The other methods: a JSON 405 behind the same gate. */
const notAllowed = apiRoute(methodNotAllowed('GET'));
export const POST = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;

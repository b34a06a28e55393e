import { apiRoute } from '@/lib/server/api-route';
import { problem } from '@/lib/server/problem';

/**
 * Any other `/api/…` address: a JSON 404 behind the same gate, rather than the dashboard's HTML
 * not-found page (the API is outside the proxy that gates pages).
 */
const notFound = apiRoute((req) =>
  problem('not_found', `There is no API at ${req.nextUrl.pathname}; the README lists the routes.`),
);

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;

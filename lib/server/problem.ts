/** Error responses: JSON `{ code, message, issues? }` with the right status, never a stack trace. */
import { NextResponse } from 'next/server';
import type { Problem } from '../model';

/** Every code the API returns, with its HTTP status. */
export const PROBLEM_STATUS: Record<string, number> = {
  bad_query: 400,
  bad_body: 400,
  bad_cursor: 400,
  bad_sql: 400,
  bad_arn: 400,
  bad_source: 400,
  unsupported_media_type: 415,
  forbidden_origin: 403,
  forbidden_host: 403,
  method_not_allowed: 405,
  unauthorized: 401,
  payload_too_large: 413,
  not_found: 404,
  node_not_found: 404,
  no_snapshot: 409,
  refresh_running: 409,
  estate_too_large: 503,
  store_foreign: 500,
  store_too_new: 500,
  store_unreadable: 500,
  store_not_a_file: 500,
  internal: 500,
};

export function problem(code: string, message: string, issues?: unknown): NextResponse {
  const status = PROBLEM_STATUS[code] ?? 500;
  return NextResponse.json(issues === undefined ? { code, message } : { code, message, issues }, { status });
}

export function problemOf(p: Problem): NextResponse {
  return problem(p.code, p.message);
}

interface ZodLikeIssue {
  path: PropertyKey[];
  message: string;
}

/** Zod issues as `{ path, message }`, for 400 responses. */
export function issuesOf(issues: readonly ZodLikeIssue[]): { path: string; message: string }[] {
  return issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

/** Runs a handler body; an unexpected exception becomes a logged 500 without internals. */
export async function guarded(fn: () => Promise<NextResponse> | NextResponse): Promise<NextResponse> {
  try {
    return await fn();
  } catch (e) {
    // The stack goes to the server's log for the operator; the response says nothing of internals.
    console.error('rolechain: unexpected error:', e instanceof Error ? (e.stack ?? e.message) : 'unknown');
    return problem('internal', 'Something went wrong on the server. The log has the details.');
  }
}

import { NextResponse } from 'next/server';
import { cachedBody } from '@/lib/server/analysis';
import { currentAnalysis } from '@/lib/server/context';
import { FindingsQuery, findingsExport, findingsPageBody } from '@/lib/server/findings-api';
import { gapMessages, ok } from '@/lib/model';
import { apiRoute, methodNotAllowed } from '@/lib/server/api-route';
import { issuesOf, problem, problemOf } from '@/lib/server/problem';

export const GET = apiRoute(async (req) => {
  const q = FindingsQuery.safeParse(Object.fromEntries(req.nextUrl.searchParams));
  if (!q.success) return problem('bad_query', 'The findings query is not valid.', issuesOf(q.error.issues));
  const a = await currentAnalysis();
  if (!a.ok) return problemOf(a.error);
  const analysis = a.value;
  const { format } = q.data;
  if (format !== undefined) {
    // Exports stream the whole filtered list; they are downloads, too large and too rare to cache whole.
    return new NextResponse(findingsExport(analysis.findings, q.data, analysis.meta.id), {
      headers: {
        'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json',
        'content-disposition': `attachment; filename="rolechain-findings.${format}"`,
      },
    });
  }
  const body = cachedBody(analysis, `findings|${JSON.stringify(q.data)}`, () =>
    ok(findingsPageBody(analysis.findings, q.data, analysis.meta.id, gapMessages(analysis.snapshot))),
  );
  if (!body.ok) return problemOf(body.error);
  return new NextResponse(body.value, { headers: { 'content-type': 'application/json' } });
});

/** The other methods: a JSON 405 behind the same gate. */
const notAllowed = apiRoute(methodNotAllowed('GET'));
export const POST = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;

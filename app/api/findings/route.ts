import { NextResponse } from 'next/server';
import { cachedBody } from '@/lib/server/analysis';
import { currentAnalysis } from '@/lib/server/context';
import { FindingsQuery, findingsExport, findingsPageBody } from '@/lib/server/findings-api';
import { gapMessage, ok } from '@/lib/model';
import { apiRoute, methodNotAllowed } from '@/lib/server/api-route';
import { problemOf } from '@/lib/server/problem';
import { parseQuery } from '@/lib/server/query';

export const GET = apiRoute(async (req) => {
  const q = parseQuery(
    FindingsQuery,
    req.nextUrl.searchParams,
    'The findings take severity, rule, node, q, limit, offset and format (json or csv).',
  );
  if (!q.ok) return q.response;
  const a = await currentAnalysis();
  if (!a.ok) return problemOf(a.error);
  const analysis = a.value;
  const { format } = q.value;
  if (format !== undefined) {
    // Exports stream the whole filtered list; they are downloads, too large and too rare to cache whole.
    return new NextResponse(findingsExport(analysis.findings, q.value, analysis.meta.id), {
      headers: {
        'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json',
        'content-disposition': `attachment; filename="rolechain-findings.${format}"`,
      },
    });
  }
  const body = cachedBody(analysis, `findings|${JSON.stringify(q.value)}`, () =>
    ok(findingsPageBody(analysis.findings, q.value, analysis.meta.id, analysis.gaps.map(gapMessage))),
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

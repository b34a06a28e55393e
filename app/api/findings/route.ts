import type { NextRequest } from 'next/server';
import { NextResponse } from 'next/server';
import { cachedBody } from '@/lib/server/analysis';
import { currentAnalysis } from '@/lib/server/context';
import { FindingsQuery, filterFindings, findingsCsv } from '@/lib/server/findings-api';
import { guarded, issuesOf, problem, problemOf } from '@/lib/server/problem';

export function GET(req: NextRequest) {
  return guarded(async () => {
    const q = FindingsQuery.safeParse(Object.fromEntries(req.nextUrl.searchParams));
    if (!q.success) return problem('bad_query', 'The findings query is not valid.', issuesOf(q.error.issues));
    const a = await currentAnalysis();
    if (!a.ok) return problemOf(a.error);
    const analysis = a.value;
    const body = cachedBody(analysis, `findings|${JSON.stringify(q.data)}`, () => {
      const findings = filterFindings(analysis.findings, q.data);
      return q.data.format === 'csv'
        ? findingsCsv(findings)
        : JSON.stringify({ snapshot: analysis.meta.id, findings });
    });
    if (q.data.format === 'csv') {
      return new NextResponse(body, {
        headers: {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': 'attachment; filename="rolechain-findings.csv"',
        },
      });
    }
    return new NextResponse(body, { headers: { 'content-type': 'application/json' } });
  });
}

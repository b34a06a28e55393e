import type { NextRequest } from 'next/server';
import { NextResponse } from 'next/server';
import { currentAnalysis } from '@/lib/server/context';
import { FindingsQuery, filterFindings, findingsCsv } from '@/lib/server/findings-api';
import { guarded, issuesOf, problem, problemOf } from '@/lib/server/problem';

export function GET(req: NextRequest) {
  return guarded(async () => {
    const q = FindingsQuery.safeParse(Object.fromEntries(req.nextUrl.searchParams));
    if (!q.success) return problem('bad_query', 'The findings query is not valid.', issuesOf(q.error.issues));
    const a = await currentAnalysis();
    if (!a.ok) return problemOf(a.error);
    const findings = filterFindings(a.value.findings, q.data);
    if (q.data.format === 'csv') {
      return new NextResponse(findingsCsv(findings), {
        headers: {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': 'attachment; filename="rolechain-findings.csv"',
        },
      });
    }
    return NextResponse.json({ snapshot: a.value.meta.id, findings });
  });
}

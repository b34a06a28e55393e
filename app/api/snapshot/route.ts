import { NextResponse } from 'next/server';
import { currentAnalysis, getStore, servingDemo } from '@/lib/server/context';
import { gapMessages } from '@/lib/model';
import { apiRoute, methodNotAllowed } from '@/lib/server/api-route';
import { problemOf } from '@/lib/server/problem';

/** The current snapshot: when, from where, its counts and warnings, the accounts' names, and the history. */
export const GET = apiRoute(async () => {
  const a = await currentAnalysis();
  if (!a.ok) return problemOf(a.error);
  const store = await getStore();
  if (!store.ok) return problemOf(store.error);
  const s = a.value.snapshot;
  return NextResponse.json({
    /** True while the dashboard shows the embedded demo: the user's store holds nothing yet. */
    demo: await servingDemo(),
    current: a.value.meta,
    /** Parts of the estate not read fully, or held stale: what no verdict covers. */
    notRead: gapMessages(s),
    coverage: s.coverage ?? null,
    accounts: s.accounts.map((x) => ({ id: x.id, name: x.name ?? null, external: x.external ?? false })),
    warnings: s.warnings,
    graph: { nodes: a.value.graph.nodes.length, edges: a.value.graph.edges.length },
    findings: a.value.findings.length,
    events: store.value.eventCount(),
    history: store.value.listSnapshots(),
  });
});

/** The other methods: a JSON 405 behind the same gate. */
const notAllowed = apiRoute(methodNotAllowed('GET'));
export const POST = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;

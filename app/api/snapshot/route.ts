import { NextResponse } from 'next/server';
import { analysing, getStore, readyAnalysis, servingDemo } from '@/lib/server/context';
import { gapMessage } from '@/lib/model';
import { apiRoute, methodNotAllowed } from '@/lib/server/api-route';
import { problem, problemOf } from '@/lib/server/problem';

/**
 * The current snapshot: when, from where, its counts and warnings, the accounts' names, and the history.
 * Read from the store's digest, never from the snapshot or its analysis: the first view asks for it, and
 * at 200,000 roles the analysis takes a minute. The graph and findings totals are there once an
 * analysis has run (here or by an earlier server on the same store); `null` until then.
 */
export const GET = apiRoute(async () => {
  const store = await getStore();
  if (!store.ok) return problemOf(store.error);
  const meta = store.value.latestSnapshotMeta();
  if (!meta)
    return problem(
      'no_snapshot',
      'No IAM snapshot is stored yet (only CloudTrail events were imported): the graph and the findings need IAM data. Import get-account-authorization-details files or refresh from AWS.',
    );
  const digest = store.value.snapshotDigest(meta.id);
  if (!digest) return problem('no_snapshot', `Snapshot ${meta.id} could not be read.`);
  const ready = await readyAnalysis();
  const totals = ready && ready.meta.id === meta.id ? ready.totals : store.value.analysisTotals(meta.id);
  return NextResponse.json({
    /** True while the dashboard shows the embedded demo: the user's store holds nothing yet. */
    demo: await servingDemo(),
    current: meta,
    /** Parts of the estate not read fully, or held stale: what no verdict covers. */
    notRead: digest.gaps.map(gapMessage),
    coverage: digest.coverage,
    accounts: digest.accounts,
    warnings: digest.warnings,
    graph: totals ? { nodes: totals.nodes, edges: totals.edges } : null,
    findings: totals ? totals.findings : null,
    /** True while this snapshot is being analysed (in a worker): the graph and findings answer once it is done. */
    analysing: !ready && (await analysing()),
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

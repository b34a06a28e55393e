/**
 * The organisation overview: the dashboard's first view, one use case behind `GET /api/overview`.
 *
 * It is read from the store's per-account digest (lib/store/digest.ts), never from the snapshot or
 * its analysis: at 1,000 accounts and 200,000 roles reading the snapshot takes 10–20 s and analysing
 * it about a minute, and the first view must not wait for either. Findings per account are there once
 * an analysis has recorded them (`recordFindingsByAccount`); until then the overview says so rather
 * than show zeros.
 */
import { z } from 'zod';
import type { Result } from '../model';
import { err, ok } from '../model';
import type { RoleGraph } from '../graph/types';
import type { Finding } from '../findings/types';
import type { AccountDigest, DigestSeverity, SnapshotMeta, Store } from '../store';
import { DIGEST_SEVERITIES } from '../store';

/**
 * Above this many own accounts, or this many principals and resources, the overview is a ranked list
 * rather than every account drawn with the chains between them (which needs the whole analysis): 24
 * cards is about what a screen holds legibly, and 300 nodes is the bound of any drawn view.
 */
export const DRAWN_SUMMARY_MAX_ACCOUNTS = 24;
export const DRAWN_SUMMARY_MAX_ENTITIES = 300;

export const OverviewQuery = z.object({
  q: z.string().trim().max(200).optional(),
  sort: z.enum(['findings', 'roles', 'id']).default('findings'),
  limit: z.coerce.number().int().min(1).max(200).default(12),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  /** `1`: accounts known only as principals (outside the estate) too. */
  external: z
    .enum(['0', '1'])
    .default('0')
    .transform((v) => v === '1'),
});
export type OverviewQuery = z.infer<typeof OverviewQuery>;

export interface Overview {
  snapshot: { id: number; createdAt: string; source: string };
  totals: ReturnType<Store['accountTotals']>;
  /** Whether findings per account are known (an analysis of this snapshot has recorded them). */
  analysed: boolean;
  findings?: number;
  /**
   * True when the estate is too large to draw every account with its chains: the dashboard shows
   * this ranked list instead of the drawn summary.
   */
  scaled: boolean;
  accounts: AccountDigest[];
  /** How many accounts match the query in all (the list is one page of them). */
  matched: number;
  limit: number;
  offset: number;
}

/** Whether an estate of these totals is shown as a ranked list rather than drawn. */
export function isScaled(t: Overview['totals']): boolean {
  const entities = t.roles + t.users + t.groups + t.instanceProfiles + t.instances + t.buckets;
  return t.accounts > DRAWN_SUMMARY_MAX_ACCOUNTS || entities > DRAWN_SUMMARY_MAX_ENTITIES;
}

const NO_SNAPSHOT =
  'No IAM snapshot is stored yet (only CloudTrail events were imported): the overview needs IAM data. Import get-account-authorization-details files or refresh from AWS.';

export function accountOverview(store: Store, q: OverviewQuery): Result<Overview> {
  const meta: SnapshotMeta | undefined = store.latestSnapshotMeta();
  if (!meta) return err('no_snapshot', NO_SNAPSHOT);
  const totals = store.accountTotals(meta.id);
  const analysis = store.analysisTotals(meta.id);
  const page = store.accounts(meta.id, {
    ...(q.q ? { text: q.q } : {}),
    // Before an analysis, "most findings" cannot be ranked: the largest accounts come first.
    sort: q.sort === 'findings' && !analysis ? 'roles' : q.sort,
    external: q.external,
    limit: q.limit,
    offset: q.offset,
  });
  return ok({
    snapshot: { id: meta.id, createdAt: meta.createdAt, source: meta.source.detail },
    totals,
    analysed: analysis !== undefined,
    ...(analysis ? { findings: analysis.findings } : {}),
    scaled: isScaled(totals),
    accounts: page.accounts,
    matched: page.matched,
    limit: q.limit,
    offset: q.offset,
  });
}

/**
 * Each account's findings by severity: a finding counts once for every account one of its nodes
 * belongs to (a cross-account finding is each side's concern).
 */
export function findingsByAccount(
  graph: RoleGraph,
  findings: readonly Finding[],
): Map<string, Record<DigestSeverity, number>> {
  const accountOf = new Map<string, string>();
  for (const n of graph.nodes) if (n.account !== undefined) accountOf.set(n.id, n.account);
  const out = new Map<string, Record<DigestSeverity, number>>();
  for (const f of findings) {
    const accounts = new Set<string>();
    for (const id of f.nodes) {
      const a = accountOf.get(id);
      if (a !== undefined) accounts.add(a);
    }
    for (const a of accounts) {
      let row = out.get(a);
      if (!row) {
        row = Object.fromEntries(DIGEST_SEVERITIES.map((s) => [s, 0])) as Record<DigestSeverity, number>;
        out.set(a, row);
      }
      row[f.severity]++;
    }
  }
  return out;
}

/** Records an analysis's findings per account and totals in the store, for the overview. */
export function recordFindingsByAccount(
  store: Store,
  snapshotId: number,
  graph: RoleGraph,
  findings: readonly Finding[],
): void {
  store.recordAnalysis(
    snapshotId,
    { nodes: graph.nodes.length, edges: graph.edges.length, findings: findings.length },
    findingsByAccount(graph, findings),
  );
}

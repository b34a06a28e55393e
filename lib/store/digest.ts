/**
 * What the dashboard's first view needs of a snapshot, kept beside it so that view never reads the
 * snapshot itself: inflating and parsing a 200,000-role snapshot takes 10–20 s, and building its graph
 * and findings about a minute. Written with the snapshot (`saveSnapshot`), one row per account with
 * its counts, and — once a server has analysed the snapshot — each account's findings by severity.
 * Snapshots stored before this table existed get theirs on first read (`ensureDigest`).
 */
import type Database from 'better-sqlite3';
import type { Snapshot, SnapshotWarning, SourceRead } from '../model';
import { gapsOf } from '../model';

/** The severities, most severe first (lib/findings' order; repeated here: the store imports only the model). */
export const DIGEST_SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type DigestSeverity = (typeof DIGEST_SEVERITIES)[number];

export interface AccountCounts {
  roles: number;
  users: number;
  groups: number;
  instanceProfiles: number;
  instances: number;
  buckets: number;
}

export interface AccountDigest extends AccountCounts {
  id: string;
  name?: string;
  external: boolean;
  /** Absent until the snapshot has been analysed. */
  findings?: Record<DigestSeverity, number> & { total: number };
}

/** The snapshot-wide part: what `/api/snapshot` shows without the snapshot. */
export interface SnapshotDigest {
  accounts: { id: string; name: string | null; external: boolean }[];
  gaps: SourceRead[];
  coverage: SourceRead[] | null;
  warnings: SnapshotWarning[];
}

/** Totals of an analysis, recorded once it is done (the findings by account go in their own rows). */
export interface AnalysisTotals {
  nodes: number;
  edges: number;
  findings: number;
}

const zero = (): AccountCounts => ({
  roles: 0,
  users: 0,
  groups: 0,
  instanceProfiles: 0,
  instances: 0,
  buckets: 0,
});

/** Per account: how many of each kind the snapshot holds (accounts named only as principals included). */
export function countByAccount(s: Snapshot): Map<string, AccountCounts> {
  const out = new Map<string, AccountCounts>();
  const of = (account: string | undefined): AccountCounts | undefined => {
    if (account === undefined) return undefined;
    let c = out.get(account);
    if (!c) out.set(account, (c = zero()));
    return c;
  };
  for (const a of s.accounts) of(a.id);
  for (const r of s.roles) of(r.account)!.roles++;
  for (const u of s.users) of(u.account)!.users++;
  for (const g of s.groups) of(g.account)!.groups++;
  for (const p of s.instanceProfiles) of(p.account)!.instanceProfiles++;
  for (const i of s.instances) {
    const c = of(i.account);
    if (c) c.instances++;
  }
  for (const b of s.buckets) {
    const c = of(b.account);
    if (c) c.buckets++;
  }
  return out;
}

/** Writes the digest of snapshot `id`; call inside the transaction that saves it. */
export function writeDigest(db: Database.Database, id: number, s: Snapshot): void {
  const names = new Map(s.accounts.map((a) => [a.id, a]));
  const digest: SnapshotDigest = {
    accounts: s.accounts.map((a) => ({ id: a.id, name: a.name ?? null, external: a.external ?? false })),
    gaps: gapsOf(s),
    coverage: s.coverage ?? null,
    warnings: s.warnings,
  };
  db.prepare('INSERT OR REPLACE INTO snapshot_digests (snapshot_id, body) VALUES (?, ?)').run(
    id,
    JSON.stringify(digest),
  );
  const insert = db.prepare(
    `INSERT OR REPLACE INTO snapshot_accounts
       (snapshot_id, account, name, external, roles, users, groups_, instance_profiles, instances, buckets)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const [account, c] of countByAccount(s)) {
    const a = names.get(account);
    insert.run(
      id,
      account,
      a?.name ?? null,
      // An account that holds roles or users was read, whatever the list says.
      (a?.external ?? !a) && c.roles + c.users + c.groups === 0 ? 1 : 0,
      c.roles,
      c.users,
      c.groups,
      c.instanceProfiles,
      c.instances,
      c.buckets,
    );
  }
}

export function readDigest(db: Database.Database, id: number): SnapshotDigest | undefined {
  const row = db.prepare('SELECT body FROM snapshot_digests WHERE snapshot_id = ?').get(id) as
    { body: string } | undefined;
  return row && (JSON.parse(row.body) as SnapshotDigest);
}

export function readAnalysisTotals(db: Database.Database, id: number): AnalysisTotals | undefined {
  const row = db.prepare('SELECT analysis FROM snapshot_digests WHERE snapshot_id = ?').get(id) as
    { analysis: string | null } | undefined;
  return row?.analysis ? (JSON.parse(row.analysis) as AnalysisTotals) : undefined;
}

/**
 * Records what an analysis found, per account and in total, so later first views (and other servers
 * on the same store) show findings without analysing again. One transaction.
 */
export function writeAnalysis(
  db: Database.Database,
  id: number,
  totals: AnalysisTotals,
  byAccount: ReadonlyMap<string, Record<DigestSeverity, number>>,
): void {
  db.transaction(() => {
    db.prepare('UPDATE snapshot_digests SET analysis = ? WHERE snapshot_id = ?').run(
      JSON.stringify(totals),
      id,
    );
    // Every account of the snapshot gets a figure: no findings is 0, not unknown, once analysed.
    db.prepare(
      `UPDATE snapshot_accounts SET findings = 0, critical = 0, high = 0, medium = 0, low = 0, info = 0
        WHERE snapshot_id = ?`,
    ).run(id);
    const update = db.prepare(
      `UPDATE snapshot_accounts SET findings = ?, critical = ?, high = ?, medium = ?, low = ?, info = ?
        WHERE snapshot_id = ? AND account = ?`,
    );
    for (const [account, s] of byAccount) {
      const total = DIGEST_SEVERITIES.reduce((n, k) => n + s[k], 0);
      update.run(total, s.critical, s.high, s.medium, s.low, s.info, id, account);
    }
  })();
}

export interface AccountQuery {
  /** Case-insensitive part of the account id or name. */
  text?: string;
  /** `findings`: most severe first (then roles); `roles`: largest first; `id`: by account id. */
  sort: 'findings' | 'roles' | 'id';
  /** Own accounts only (`false`) or those known only as principals too. */
  external: boolean;
  limit: number;
  offset: number;
}

interface AccountRow {
  account: string;
  name: string | null;
  external: number;
  roles: number;
  users: number;
  groups_: number;
  instance_profiles: number;
  instances: number;
  buckets: number;
  findings: number | null;
  critical: number | null;
  high: number | null;
  medium: number | null;
  low: number | null;
  info: number | null;
}

const ORDER: Record<AccountQuery['sort'], string> = {
  findings: 'critical DESC, high DESC, medium DESC, low DESC, info DESC, roles + users DESC, account',
  roles: 'roles + users DESC, account',
  id: 'account',
};

/** One page of a snapshot's accounts, and how many match in all. */
export function accountPage(
  db: Database.Database,
  id: number,
  q: AccountQuery,
): { accounts: AccountDigest[]; matched: number } {
  const where = ['snapshot_id = ?'];
  const args: unknown[] = [id];
  if (!q.external) where.push('external = 0');
  if (q.text) {
    // LIKE with escapes: an account filter is text, never a pattern.
    const like = `%${q.text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push("(account LIKE ? ESCAPE '\\' OR lower(name) LIKE ? ESCAPE '\\')");
    args.push(like, like);
  }
  const w = where.join(' AND ');
  const matched = (
    db.prepare(`SELECT count(*) AS n FROM snapshot_accounts WHERE ${w}`).get(...args) as { n: number }
  ).n;
  const rows = db
    .prepare(`SELECT * FROM snapshot_accounts WHERE ${w} ORDER BY ${ORDER[q.sort]} LIMIT ? OFFSET ?`)
    .all(...args, q.limit, q.offset) as AccountRow[];
  return {
    matched,
    accounts: rows.map((r) => ({
      id: r.account,
      ...(r.name !== null ? { name: r.name } : {}),
      external: r.external === 1,
      roles: r.roles,
      users: r.users,
      groups: r.groups_,
      instanceProfiles: r.instance_profiles,
      instances: r.instances,
      buckets: r.buckets,
      ...(r.findings !== null
        ? {
            findings: {
              total: r.findings,
              critical: r.critical ?? 0,
              high: r.high ?? 0,
              medium: r.medium ?? 0,
              low: r.low ?? 0,
              info: r.info ?? 0,
            },
          }
        : {}),
    })),
  };
}

/** Totals over a snapshot's accounts (own accounts, and how many are known only as principals). */
export function accountTotals(
  db: Database.Database,
  id: number,
): AccountCounts & { accounts: number; external: number } {
  const r = db
    .prepare(
      `SELECT sum(external = 0) AS accounts, sum(external) AS external, sum(roles) AS roles, sum(users) AS users,
              sum(groups_) AS groups, sum(instance_profiles) AS instanceProfiles, sum(instances) AS instances,
              sum(buckets) AS buckets
         FROM snapshot_accounts WHERE snapshot_id = ?`,
    )
    .get(id) as Record<string, number | null>;
  const n = (k: string): number => r[k] ?? 0;
  return {
    accounts: n('accounts'),
    external: n('external'),
    roles: n('roles'),
    users: n('users'),
    groups: n('groups'),
    instanceProfiles: n('instanceProfiles'),
    instances: n('instances'),
    buckets: n('buckets'),
  };
}

/**
 * The embedded database: snapshots kept whole and in history, CloudTrail events indexed for audit.
 *
 * Every write is one transaction, so a failed or interrupted import or refresh leaves the store as
 * it was. A file that is not ours (another application's SQLite, or not SQLite at all) is refused
 * and never written to; a schema newer than this code knows is refused too.
 */
import Database from 'better-sqlite3';
import { cacheStatements } from './statement-cache';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { AssumeEvent, Result, Snapshot } from '../model';
import { CALL_FIELDS, conflictingFields, err, issuedTo, ok, variantId } from '../model';
import { APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION } from './migrations';
import type { AccountDigest, AccountQuery, AnalysisTotals, DigestSeverity, SnapshotDigest } from './digest';
import {
  accountPage,
  accountTotals,
  readAnalysisTotals,
  readDigest,
  writeAnalysis,
  writeDigest,
} from './digest';

export interface SnapshotMeta {
  id: number;
  createdAt: string;
  importedAt: string;
  source: Snapshot['source'];
  counts: Record<string, number>;
  warnings: number;
}

export interface EventOrigin {
  kind: string;
  id: string;
  label: string;
}

/** An event as stored: the normalised event and the original identity behind it. */
export interface StoredEvent extends AssumeEvent {
  origin?: EventOrigin;
}

export interface ImportStats {
  inserted: number;
  duplicates: number;
}

type Db = Database.Database;

export class Store {
  private constructor(
    private readonly db: Db,
    readonly path: string,
  ) {}

  /** Opens (creating where absent) the store at `path`; `:memory:` for tests. */
  static open(path: string): Result<Store> {
    if (path !== ':memory:') {
      if (existsSync(path) && !statSync(path).isFile())
        return err('store_not_a_file', `The store path ${path} exists and is not a file.`);
      // Only this user may read the organisation's IAM picture: a folder made here is 0700, the store
      // 0600 from its first byte (SQLite gives its -wal and -shm files the store's mode).
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      if (!existsSync(path)) closeSync(openSync(path, 'a', 0o600));
    }
    let db: Db;
    try {
      db = new Database(path, { fileMustExist: false });
      cacheStatements(db);
      // Reading the header is where a file that is not SQLite fails.
      const appId = db.pragma('application_id', { simple: true }) as number;
      const version = db.pragma('user_version', { simple: true }) as number;
      const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as {
        n: number;
      };
      if (appId !== APPLICATION_ID && (appId !== 0 || version !== 0 || tables.n > 0)) {
        db.close();
        return err(
          'store_foreign',
          `${path} is a database of another application; Rolechain will not write to it. Choose another path with ROLECHAIN_DATA_DIR or --store.`,
        );
      }
      if (version > SCHEMA_VERSION) {
        db.close();
        return err(
          'store_too_new',
          `${path} has schema version ${version}, newer than this Rolechain knows (${SCHEMA_VERSION}). Upgrade Rolechain; the file is left untouched.`,
        );
      }
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      migrate(db, version);
      if (path !== ':memory:') tighten(path);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      return err(
        'store_unreadable',
        `${path} is not a readable Rolechain store (${message}). It was left untouched.`,
      );
    }
    return ok(new Store(db, path));
  }

  close(): void {
    this.db.close();
  }

  get schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  /** Stores a whole snapshot in one transaction and returns its id. */
  saveSnapshot(snapshot: Snapshot, importedAt = new Date().toISOString()): number {
    const counts = countsOf(snapshot);
    const body = deflateRawSync(Buffer.from(JSON.stringify(snapshot)));
    return this.db.transaction(() => {
      const row = this.db
        .prepare(
          `INSERT INTO snapshots (created_at, imported_at, source_kind, source_detail, counts, warnings, body)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          snapshot.createdAt,
          importedAt,
          snapshot.source.kind,
          snapshot.source.detail,
          JSON.stringify(counts),
          snapshot.warnings.length,
          body,
        );
      const id = Number(row.lastInsertRowid);
      writeDigest(this.db, id, snapshot);
      return id;
    })();
  }

  /**
   * The first view's part of snapshot `id` (digest.ts), without reading the snapshot; a snapshot
   * stored before digests existed is read once and gets one.
   */
  snapshotDigest(id: number): SnapshotDigest | undefined {
    return this.ensureDigest(id) ? readDigest(this.db, id) : undefined;
  }

  /** Whether snapshot `id` has its digest, made now from the snapshot if it was stored before digests. */
  private ensureDigest(id: number): boolean {
    if (this.db.prepare('SELECT 1 FROM snapshot_digests WHERE snapshot_id = ?').get(id)) return true;
    const s = this.getSnapshot(id);
    if (!s) return false;
    this.db.transaction(() => writeDigest(this.db, id, s))();
    return true;
  }

  /** One page of the accounts of snapshot `id`, with counts and (once analysed) findings. */
  accounts(id: number, q: AccountQuery): { accounts: AccountDigest[]; matched: number } {
    if (!this.ensureDigest(id)) return { accounts: [], matched: 0 };
    return accountPage(this.db, id, q);
  }

  accountTotals(id: number): ReturnType<typeof accountTotals> {
    this.ensureDigest(id);
    return accountTotals(this.db, id);
  }

  /** Records an analysis's totals and findings per account for snapshot `id`. */
  recordAnalysis(
    id: number,
    totals: AnalysisTotals,
    byAccount: ReadonlyMap<string, Record<DigestSeverity, number>>,
  ): void {
    if (!this.ensureDigest(id)) return;
    writeAnalysis(this.db, id, totals, byAccount);
  }

  analysisTotals(id: number): AnalysisTotals | undefined {
    return readAnalysisTotals(this.db, id);
  }

  listSnapshots(): SnapshotMeta[] {
    const rows = this.db
      .prepare(
        'SELECT id, created_at, imported_at, source_kind, source_detail, counts, warnings FROM snapshots ORDER BY id DESC',
      )
      .all() as SnapshotRow[];
    return rows.map(metaOf);
  }

  latestSnapshotMeta(): SnapshotMeta | undefined {
    const row = this.db
      .prepare(
        'SELECT id, created_at, imported_at, source_kind, source_detail, counts, warnings FROM snapshots ORDER BY id DESC LIMIT 1',
      )
      .get() as SnapshotRow | undefined;
    return row && metaOf(row);
  }

  getSnapshot(id: number): Snapshot | undefined {
    const row = this.db.prepare('SELECT body FROM snapshots WHERE id = ?').get(id) as
      { body: Buffer } | undefined;
    return row && (JSON.parse(inflateRawSync(row.body).toString('utf8')) as Snapshot);
  }

  /**
   * Adds events in one transaction. Importing the same event twice (by `eventId`, or the same
   * cross-account call by `sharedEventId`) adds nothing. Origins are resolved against the events
   * already stored, so a chain imported in several batches is still traced to its start.
   */
  importEvents(events: readonly AssumeEvent[], origins?: ReadonlyMap<string, EventOrigin>): ImportStats {
    const insert = this.db.prepare(
      `INSERT INTO events (event_id, shared_event_id, time, recorded_by, region, event_name, caller_type,
         caller_arn, caller_account, caller_key, role_arn, session_name, source_identity, source_ip, outcome, error_code,
         issued_key, origin_kind, origin_id, origin_label, body)
       VALUES (@eventId, @sharedEventId, @time, @recordedBy, @region, @eventName, @callerType, @callerArn, @callerAccount,
         @callerKey, @roleArn, @sessionName, @sourceIdentity, @sourceIp, @outcome, @errorCode, @issuedKey,
         @originKind, @originId, @originLabel, @body)
       ON CONFLICT DO NOTHING`,
    );
    const issuers = this.db.prepare(
      'SELECT origin_kind, origin_id, origin_label, body FROM events WHERE issued_key = ? LIMIT 8',
    );
    const sameId = this.db.prepare('SELECT body FROM events WHERE event_id = ?');
    const sameCall = this.db.prepare('SELECT body FROM events WHERE shared_event_id = ?');
    // ON CONFLICT DO NOTHING skips duplicates only; a NOT NULL violation still throws and rolls the batch back.
    const run = this.db.transaction((batch: readonly AssumeEvent[]): ImportStats => {
      let inserted = 0;
      // Oldest first, so an issuing event is stored before the events made with its key.
      const sorted = [...batch].sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
      for (const e of sorted) {
        let origin = origins?.get(e.eventId);
        if (!origin && e.caller.accessKeyId?.startsWith('ASIA')) {
          const rows = issuers.all(e.caller.accessKeyId) as (OriginRow & { body: string })[];
          // The stored issuer counts only when it really issued this caller's session.
          const o = rows.find((r) => issuedTo(JSON.parse(r.body) as AssumeEvent, e));
          if (o?.origin_id)
            origin = { kind: o.origin_kind ?? 'unknown', id: o.origin_id, label: o.origin_label ?? '' };
        }
        origin ??= directOrigin(e);
        const placed = placeOf(e, sameId, sameCall);
        if (!placed) continue;
        const r = insert.run({
          eventId: placed.eventId,
          sharedEventId: placed.sharedEventId,
          time: e.time,
          recordedBy: e.recordedBy,
          region: e.region,
          eventName: e.eventName,
          callerType: e.caller.type,
          callerArn: e.caller.arn ?? null,
          callerAccount: e.caller.accountId ?? null,
          callerKey: e.caller.accessKeyId ?? null,
          roleArn: e.roleArn ?? null,
          sessionName: e.roleSessionName ?? null,
          sourceIdentity: e.sourceIdentity ?? null,
          sourceIp: e.sourceIp ?? null,
          outcome: e.outcome,
          errorCode: e.errorCode ?? null,
          issuedKey: e.issuedAccessKeyId ?? null,
          originKind: origin?.kind ?? null,
          originId: origin?.id ?? null,
          originLabel: origin?.label ?? null,
          body: JSON.stringify(placed.event),
        });
        inserted += r.changes;
      }
      return { inserted, duplicates: batch.length - inserted };
    });
    return run(events);
  }

  /** Runs `fn` in one transaction: everything it writes lands, or nothing does. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** Whether the store holds nothing at all: no snapshot and no event (cheap: two index probes). */
  isEmpty(): boolean {
    return (
      this.db.prepare('SELECT 1 FROM snapshots LIMIT 1').get() === undefined &&
      this.db.prepare('SELECT 1 FROM events LIMIT 1').get() === undefined
    );
  }

  eventCount(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
  }

  /** The raw handle, for the query modules of this folder. */
  get handle(): Db {
    return this.db;
  }
}

interface SnapshotRow {
  id: number;
  created_at: string;
  imported_at: string;
  source_kind: string;
  source_detail: string;
  counts: string;
  warnings: number;
}

interface OriginRow {
  origin_kind: string | null;
  origin_id: string | null;
  origin_label: string | null;
}

function metaOf(r: SnapshotRow): SnapshotMeta {
  return {
    id: r.id,
    createdAt: r.created_at,
    importedAt: r.imported_at,
    source: { kind: r.source_kind as Snapshot['source']['kind'], detail: r.source_detail },
    counts: JSON.parse(r.counts) as Record<string, number>,
    warnings: r.warnings,
  };
}

function countsOf(s: Snapshot): Record<string, number> {
  return {
    accounts: s.accounts.length,
    roles: s.roles.length,
    users: s.users.length,
    groups: s.groups.length,
    instanceProfiles: s.instanceProfiles.length,
    instances: s.instances.length,
    buckets: s.buckets.length,
  };
}

type Lookup = Database.Statement;

/**
 * Where an event goes in the store: under its own id; nowhere when the store already holds the
 * same call (same eventID or sharedEventID, same content); or, when a stored record shares its id
 * but says something else happened, under `eventID~digest` with a note — kept apart, never dropped
 * and never blended. The digest makes the same file imported again land on the same id.
 */
function placeOf(
  e: AssumeEvent,
  sameId: Lookup,
  sameCall: Lookup,
): { eventId: string; sharedEventId: string | null; event: AssumeEvent } | undefined {
  let event = e;
  let sharedEventId = e.sharedEventId ?? null;
  const stored = sameId.get(e.eventId) as { body: string } | undefined;
  if (stored) {
    const fields = conflictingFields(JSON.parse(stored.body) as AssumeEvent, e);
    if (fields.length === 0) return undefined;
    const id = variantId(e);
    if (sameId.get(id)) return undefined;
    event = {
      ...e,
      eventId: id,
      notes: [
        ...(e.notes ?? []),
        `eventID ${e.eventId} is shared with a stored record that differs in ${fields.join(', ')}; kept apart as ${id}`,
      ],
    };
  }
  if (sharedEventId !== null) {
    const call = sameCall.get(sharedEventId) as { body: string } | undefined;
    if (call) {
      const other = JSON.parse(call.body) as AssumeEvent;
      // The same call recorded in another account's trail: already stored, folded.
      if (conflictingFields(other, event, CALL_FIELDS).length === 0 && !stored) return undefined;
      sharedEventId = null;
    }
  }
  return { eventId: event.eventId, sharedEventId, event };
}

/** The origin an event has by itself, without looking at earlier events. */
function directOrigin(e: AssumeEvent): EventOrigin | undefined {
  const c = e.caller;
  switch (c.type) {
    case 'IAMUser':
      return c.arn ? { kind: 'iam-user', id: c.arn, label: c.userName ?? c.arn } : undefined;
    case 'Root':
      return {
        kind: 'root',
        id: c.arn ?? `root:${c.accountId ?? '?'}`,
        label: `root of ${c.accountId ?? '?'}`,
      };
    case 'SAMLUser':
      return {
        kind: 'saml',
        id: `saml:${e.subject ?? c.subject ?? '?'}`,
        label: e.subject ?? c.subject ?? 'SAML user',
      };
    case 'WebIdentityUser':
      return {
        kind: 'web-identity',
        id: `oidc:${e.subject ?? c.subject ?? '?'}`,
        label: e.subject ?? c.subject ?? 'web identity',
      };
    case 'AWSService':
      if (c.invokedBy === 'ec2.amazonaws.com' && e.roleSessionName?.startsWith('i-'))
        return { kind: 'ec2-instance', id: e.roleSessionName, label: `EC2 ${e.roleSessionName}` };
      return { kind: 'aws-service', id: c.invokedBy ?? 'aws-service', label: c.invokedBy ?? 'AWS service' };
    case 'AWSAccount':
      return {
        kind: 'external-account',
        id: `account:${c.accountId ?? '?'}`,
        label: `account ${c.accountId ?? '?'}`,
      };
    default:
      return undefined;
  }
}

function migrate(db: Db, from: number): void {
  if (from === SCHEMA_VERSION) return;
  const apply = db.transaction(() => {
    for (let v = from; v < SCHEMA_VERSION; v++) {
      const m = MIGRATIONS[v]!;
      if (typeof m === 'string') db.exec(m);
      else m(db);
    }
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  });
  apply();
}

/**
 * A store made by an earlier version (0644) is made 0600 once it is known to be ours; a store of
 * another user is left alone (chmod would fail, and the owner chose).
 */
function tighten(path: string): void {
  const st = statSync(path);
  if ((st.mode & 0o077) !== 0 && typeof process.getuid === 'function' && st.uid === process.getuid())
    chmodSync(path, st.mode & 0o700);
}

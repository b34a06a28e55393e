import type Database from 'better-sqlite3';
import { parseInstant } from '../model/time';

/** SQL, or a function for what SQL cannot do (re-parsing a text field); each runs inside the migration's transaction. */
export type Migration = string | ((db: Database.Database) => void);

/**
 * Schema migrations, applied in order; `PRAGMA user_version` records how many have run.
 * Append only: a released migration is never edited.
 *
 * Events are a rowid table, not WITHOUT ROWID: each row carries the whole normalised event
 * (~700 bytes), and SQLite's WITHOUT ROWID tables are slow for rows that large.
 */
export const MIGRATIONS: readonly Migration[] = [
  `
  CREATE TABLE snapshots (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at    TEXT NOT NULL,
    imported_at   TEXT NOT NULL,
    source_kind   TEXT NOT NULL,
    source_detail TEXT NOT NULL,
    counts        TEXT NOT NULL,
    warnings      INTEGER NOT NULL,
    body          BLOB NOT NULL
  );
  CREATE TABLE events (
    id              INTEGER PRIMARY KEY,
    event_id        TEXT NOT NULL UNIQUE,
    shared_event_id TEXT,
    time            TEXT NOT NULL,
    recorded_by     TEXT NOT NULL,
    region          TEXT NOT NULL,
    event_name      TEXT NOT NULL,
    caller_type     TEXT NOT NULL,
    caller_arn      TEXT,
    caller_account  TEXT,
    caller_key      TEXT,
    role_arn        TEXT,
    session_name    TEXT,
    source_identity TEXT,
    source_ip       TEXT,
    outcome         TEXT NOT NULL,
    error_code      TEXT,
    issued_key      TEXT,
    origin_kind     TEXT,
    origin_id       TEXT,
    origin_label    TEXT,
    body            TEXT NOT NULL
  );
  CREATE UNIQUE INDEX events_shared ON events(shared_event_id) WHERE shared_event_id IS NOT NULL;
  CREATE INDEX events_time ON events(time, event_id);
  -- Covers the summaries of a time range (by role, caller, origin, day) without reading rows.
  CREATE INDEX events_time_summary ON events(time, outcome, role_arn, caller_arn, origin_id);
  CREATE INDEX events_role ON events(role_arn, time);
  CREATE INDEX events_caller ON events(caller_arn, time);
  CREATE INDEX events_origin ON events(origin_id, time);
  CREATE INDEX events_outcome ON events(outcome, time);
  CREATE INDEX events_ip ON events(source_ip, time);
  CREATE INDEX events_issued ON events(issued_key) WHERE issued_key IS NOT NULL;
  `,
  // 2: the demo is kept apart from the user's store. Servers before it wrote the demo snapshot and
  // its events into an empty store, and kept them after the first real import. A store that holds
  // a demo snapshot loses it, and the events of the demo: those the demo's four fictional accounts
  // recorded inside its 30-day window (demo/manifest.json). Self-contained: it names no table or
  // column a later migration may add.
  `
  DELETE FROM events
   WHERE EXISTS (SELECT 1 FROM snapshots WHERE source_kind = 'demo')
     AND recorded_by IN ('100000000001', '111111111111', '222222222222', '333333333333')
     AND time >= '2026-10-21T12:00:00Z' AND time <= '2026-11-20T12:00:00Z';
  DELETE FROM snapshots WHERE source_kind = 'demo';
  `,
  canonicalTimes,
  // 4: what the dashboard's first view needs of a snapshot, kept beside it (digest.ts): the snapshot
  // itself takes 10–20 s to read at 200,000 roles. Rows for older snapshots are made on first read.
  // IF NOT EXISTS: a store set back to an earlier version (as the tests of migration 2 do) has them.
  `
  CREATE TABLE IF NOT EXISTS snapshot_digests (
    snapshot_id INTEGER PRIMARY KEY,
    body        TEXT NOT NULL,
    analysis    TEXT
  );
  CREATE TABLE IF NOT EXISTS snapshot_accounts (
    snapshot_id       INTEGER NOT NULL,
    account           TEXT NOT NULL,
    name              TEXT,
    external          INTEGER NOT NULL,
    roles             INTEGER NOT NULL,
    users             INTEGER NOT NULL,
    groups_           INTEGER NOT NULL,
    instance_profiles INTEGER NOT NULL,
    instances         INTEGER NOT NULL,
    buckets           INTEGER NOT NULL,
    findings          INTEGER,
    critical          INTEGER,
    high              INTEGER,
    medium            INTEGER,
    low               INTEGER,
    info              INTEGER,
    PRIMARY KEY (snapshot_id, account)
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS snapshot_accounts_rank ON snapshot_accounts(snapshot_id, critical, high, medium, low, roles);
`,
];

/**
 * Version 3: times as instants. Earlier versions stored `eventTime` as the record wrote it
 * (`2024-12-12 16:04:32.000000000`, `…Z`, `…+05:00`) and compared the texts, so a time window
 * missed the odd ones. Every stored time is rewritten in the one canonical form, in the column
 * and in the event body. The earlier reader let `Date.parse` judge a time, so a time the strict
 * parser refuses is read the way that reader read it.
 */
function canonicalTimes(db: Database.Database): void {
  // CloudTrail's own form (`2024-06-02T20:27:12Z`), nearly every row, in one statement.
  db.exec(`UPDATE events SET time = substr(time, 1, 19) || '.000Z',
      body = json_set(body, '$.time', substr(time, 1, 19) || '.000Z')
    WHERE time GLOB '${DIGITS_Z}'`);
  // The rest, in pages by rowid: better-sqlite3 cannot write while a read is still iterating.
  const page = db.prepare(
    `SELECT id, time, body FROM events WHERE id > ? AND time NOT GLOB '${CANONICAL_GLOB}' ORDER BY id LIMIT 2000`,
  );
  const update = db.prepare("UPDATE events SET time = ?, body = json_set(body, '$.time', ?) WHERE id = ?");
  let after = 0;
  for (;;) {
    const rows = page.all(after) as { id: number; time: string }[];
    if (rows.length === 0) break;
    for (const r of rows) {
      const loose = Date.parse(r.time);
      const time = parseInstant(r.time) ?? (Number.isNaN(loose) ? undefined : new Date(loose).toISOString());
      if (time !== undefined && time !== r.time) update.run(time, time, r.id);
    }
    after = rows[rows.length - 1]!.id;
  }
  // The audit filters on the kind of event (its name) in every summary: the covering index carries it.
  db.exec(`DROP INDEX events_time_summary;
    CREATE INDEX events_time_summary ON events(time, event_name, outcome, role_arn, caller_arn, origin_id);`);
}

const D2 = '[0-9][0-9]';
const DIGITS_Z = `${D2}${D2}-${D2}-${D2}T${D2}:${D2}:${D2}Z`;
const CANONICAL_GLOB = `${D2}${D2}-${D2}-${D2}T${D2}:${D2}:${D2}.[0-9][0-9][0-9]Z`;

export const SCHEMA_VERSION = MIGRATIONS.length;
/** 'Rlch': marks a database file as ours, so a foreign one is never written to. */
export const APPLICATION_ID = 0x526c6368;

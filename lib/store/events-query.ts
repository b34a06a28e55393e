/** Audit queries over stored events: filters, keyset paging, summaries and per-edge counts. */
import type { Outcome } from '../model';
import { issuedTo, matchesText, SESSION_EVENT_NAMES } from '../model';
import type { EventOrigin, Store, StoredEvent } from './store';

export interface EventFilter {
  /** role, caller, origin: a stored value exactly, else any part of one (see `textCondition`). */
  role?: string;
  caller?: string;
  origin?: string;
  outcome?: Outcome;
  sourceIp?: string;
  eventName?: string;
  /** Only these event names (the audit's kinds); absent: every stored event. */
  eventNames?: readonly string[];
  /** Canonical time (lib/model/time.ts), inclusive. */
  from?: string;
  /** Canonical time, exclusive. */
  to?: string;
}

export interface EventPage {
  events: StoredEvent[];
  /** Pass back as `cursor` for the next (older) page; absent on the last page. */
  nextCursor?: string;
}

/** Filters compared with `=`: values a person picks from a list, never types part of. */
const EXACT_COLUMNS: Record<'outcome' | 'sourceIp' | 'eventName', string> = {
  outcome: 'outcome',
  sourceIp: 'source_ip',
  eventName: 'event_name',
};

/** Filters a person types a name into: an ARN, or part of one ("lakehouse-admin-role", "alice.chen"). */
const TEXT_COLUMNS: Record<'role' | 'caller' | 'origin', string> = {
  role: 'role_arn',
  caller: 'caller_arn',
  origin: 'origin_id',
};

/**
 * A typed filter as SQL. A value stored exactly (a full ARN, as links and the CLI pass) selects
 * exactly it: `…:role/doris` never pulls in `…:role/doris-s3-role`. Other text selects every stored
 * value it occurs in, as `matchesText` reads it (any case; spaces, hyphens, underscores alike).
 * Both stay on the column's index: the exact test is one index probe, and the candidate values come
 * from a scan of that index alone (no event bodies read), then reach the query as `IN (json_each)`.
 */
function textCondition(store: Store, column: string, text: string): { sql: string; args: string[] } {
  const exact = store.handle.prepare(`SELECT 1 FROM events WHERE ${column} = ? LIMIT 1`).get(text);
  if (exact !== undefined) return { sql: `${column} = ?`, args: [text] };
  const all = store.handle
    .prepare(`SELECT DISTINCT ${column} AS v FROM events WHERE ${column} IS NOT NULL`)
    .pluck()
    .all() as string[];
  const values = all.filter((v) => matchesText(text, v));
  return { sql: `${column} IN (SELECT value FROM json_each(?))`, args: [JSON.stringify(values)] };
}

function where(store: Store, f: EventFilter): { sql: string; args: string[] } {
  const parts: string[] = [];
  const args: string[] = [];
  for (const [key, column] of Object.entries(TEXT_COLUMNS) as [keyof typeof TEXT_COLUMNS, string][]) {
    const v = f[key];
    if (v === undefined) continue;
    const c = textCondition(store, column, v);
    parts.push(c.sql);
    args.push(...c.args);
  }
  for (const [key, column] of Object.entries(EXACT_COLUMNS) as [keyof typeof EXACT_COLUMNS, string][]) {
    const v = f[key];
    if (v !== undefined) {
      parts.push(`${column} = ?`);
      args.push(v);
    }
  }
  if (f.eventNames !== undefined) {
    parts.push(`event_name IN (${f.eventNames.map(() => '?').join(', ') || 'NULL'})`);
    args.push(...f.eventNames);
  }
  if (f.from !== undefined) {
    parts.push('time >= ?');
    args.push(f.from);
  }
  if (f.to !== undefined) {
    parts.push('time < ?');
    args.push(f.to);
  }
  return { sql: parts.length > 0 ? parts.join(' AND ') : '1', args };
}

/** The cursor is the (time, eventId) of the last row shown, newest first. */
export function encodeCursor(time: string, eventId: string): string {
  return Buffer.from(JSON.stringify([time, eventId])).toString('base64url');
}

export function decodeCursor(cursor: string): [string, string] | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string')
      return [v[0], v[1]];
  } catch {
    // fall through: an unreadable cursor is the caller's error, reported by the route
  }
  return undefined;
}

interface EventRow {
  body: string;
  time: string;
  event_id: string;
  origin_kind: string | null;
  origin_id: string | null;
  origin_label: string | null;
}

function toEvent(r: EventRow): StoredEvent {
  const e = JSON.parse(r.body) as StoredEvent;
  if (r.origin_id)
    e.origin = { kind: r.origin_kind ?? 'unknown', id: r.origin_id, label: r.origin_label ?? '' };
  return e;
}

/** Newest first, `limit` a page, continuing after `cursor`. */
export function queryEvents(store: Store, f: EventFilter, limit = 100, cursor?: [string, string]): EventPage {
  const w = where(store, f);
  const args: (string | number)[] = [...w.args];
  let sql = `SELECT body, time, event_id, origin_kind, origin_id, origin_label FROM events WHERE ${w.sql}`;
  if (cursor) {
    sql += ' AND (time < ? OR (time = ? AND event_id < ?))';
    args.push(cursor[0], cursor[0], cursor[1]);
  }
  sql += ' ORDER BY time DESC, event_id DESC LIMIT ?';
  args.push(limit + 1);
  const rows = store.handle.prepare(sql).all(...args) as EventRow[];
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    events: page.map(toEvent),
    ...(rows.length > limit && last ? { nextCursor: encodeCursor(last.time, last.event_id) } : {}),
  };
}

export interface SummaryRow {
  key: string;
  success: number;
  denied: number;
  error: number;
}

const GROUPS = {
  role: 'role_arn',
  caller: 'caller_arn',
  origin: 'origin_id',
  day: 'substr(time, 1, 10)',
} as const;
export type SummaryGroup = keyof typeof GROUPS;

/** Counts by outcome, grouped by role, caller, original identity or day. */
export function summarizeEvents(store: Store, by: SummaryGroup, f: EventFilter = {}): SummaryRow[] {
  const w = where(store, f);
  const g = GROUPS[by];
  const rows = store.handle
    .prepare(
      `SELECT ${g} AS key,
         sum(outcome = 'success') AS success, sum(outcome = 'denied') AS denied, sum(outcome = 'error') AS error
       FROM events WHERE ${w.sql} AND ${g} IS NOT NULL GROUP BY key ORDER BY key`,
    )
    .all(...w.args) as SummaryRow[];
  return rows;
}

export interface EdgeObservation {
  caller: string;
  role: string;
  outcome: Outcome;
  count: number;
  firstSeen: string;
  lastSeen: string;
}

/**
 * Per (caller, role, outcome): counts with first and last seen, for the graph's observed overlay. A
 * SAML or web-identity call has no caller ARN: its caller is the provider (the node its trust names),
 * not the subject, which the graph would otherwise draw as an unknown outside principal.
 */
export function edgeObservations(store: Store, f: EventFilter = {}): EdgeObservation[] {
  // An observed edge says the caller took the role: only a session does. A CreateRole or
  // AttachRolePolicy names the role it changes, and its caller is not a user of that role.
  const w = where(store, { eventNames: SESSION_EVENT_NAMES, ...f });
  return store.handle
    .prepare(
      `SELECT coalesce(caller_arn, json_extract(body, '$.provider'), origin_id) AS caller, role_arn AS role,
         outcome, count(*) AS count,
         min(time) AS firstSeen, max(time) AS lastSeen
       FROM events WHERE ${w.sql} AND role_arn IS NOT NULL GROUP BY caller, role, outcome`,
    )
    .all(...w.args) as EdgeObservation[];
}

export type { EventOrigin };

/**
 * The chain behind an event: the event that issued the key it was called with, and so on back to
 * the first session. Oldest first; bounded and cycle-safe.
 */
export function eventAncestry(store: Store, eventId: string, maxHops = 32): StoredEvent[] {
  const byId = store.handle.prepare(
    'SELECT body, time, event_id, origin_kind, origin_id, origin_label FROM events WHERE event_id = ?',
  );
  const byIssuedKey = store.handle.prepare(
    'SELECT body, time, event_id, origin_kind, origin_id, origin_label FROM events WHERE issued_key = ? LIMIT 8',
  );
  const start = byId.get(eventId) as EventRow | undefined;
  if (!start) return [];
  const chain: StoredEvent[] = [toEvent(start)];
  const seen = new Set([eventId]);
  for (let i = 0; i < maxHops; i++) {
    const child = chain[0]!;
    const key = child.caller.accessKeyId;
    if (!key?.startsWith('ASIA')) break;
    const rows = byIssuedKey.all(key) as EventRow[];
    const parent = rows.map(toEvent).find((p) => p.time <= child.time && issuedTo(p, child));
    if (!parent || seen.has(parent.eventId)) break;
    seen.add(parent.eventId);
    chain.unshift(parent);
  }
  return chain;
}

export function getEvent(store: Store, eventId: string): StoredEvent | undefined {
  const row = store.handle
    .prepare(
      'SELECT body, time, event_id, origin_kind, origin_id, origin_label FROM events WHERE event_id = ?',
    )
    .get(eventId) as EventRow | undefined;
  return row && toEvent(row);
}

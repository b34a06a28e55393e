/**
 * The audit queries, once, for `rolechain audit` and `/api/events*`: what the audit covers, how
 * its filters are read, and the rows of an export. Both adapters parse their input with these
 * schemas and call these functions, so they cannot disagree on a filter or on what an export holds.
 */
import { z } from 'zod';
import type { EventKind, Result } from '../model';
import {
  CHANGE_EVENT_NAMES,
  OUTCOMES,
  SESSION_EVENT_NAMES,
  err,
  isCanonicalTime,
  ok,
  parseInstant,
} from '../model';
import type { EventFilter, EventPage, Store, StoredEvent, SummaryGroup, SummaryRow } from '../store';
import { decodeCursor, eventAncestry, queryEvents, summarizeEvents } from '../store';

/** `sessions` (the default): AssumeRole*; `changes`: the other chain events; `all`: both. */
export const AUDIT_KINDS = ['sessions', 'changes', 'all'] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

const KIND_NAMES: Record<AuditKind, readonly string[] | undefined> = {
  sessions: SESSION_EVENT_NAMES,
  changes: CHANGE_EVENT_NAMES,
  all: undefined,
};
export const AUDIT_KIND_OF: Record<EventKind, AuditKind> = { session: 'sessions', change: 'changes' };

/** How a time filter is written, for messages (the CLI adds `7d`, `24h`, `30m`). */
export const TIME_HELP =
  'an ISO 8601 time (2026-11-01, 2026-11-01T08:00:00Z, 2026-11-01T10:00:00+02:00), "2026-11-01 08:00:00" (UTC), or epoch seconds or milliseconds';

/** A time filter: any form `parseInstant` reads, as the canonical instant; anything else is refused. */
const instant = z
  .string()
  .max(64)
  .transform((s, ctx) => {
    const t = parseInstant(s);
    if (t === undefined) {
      ctx.addIssue({ code: 'custom', message: `not a time: ${TIME_HELP}` });
      return z.NEVER;
    }
    return t;
  });

export const AuditFilter = z.object({
  role: z.string().min(1).max(2048).optional(),
  caller: z.string().min(1).max(2048).optional(),
  origin: z.string().min(1).max(2048).optional(),
  outcome: z.enum(OUTCOMES).optional(),
  sourceIp: z.string().min(1).max(64).optional(),
  eventName: z.string().min(1).max(64).optional(),
  kind: z.enum(AUDIT_KINDS).default('sessions'),
  from: instant.optional(),
  to: instant.optional(),
});
export type AuditFilter = z.infer<typeof AuditFilter>;

export const EventsQuery = AuditFilter.extend({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().min(1).max(512).optional(),
  format: z.enum(['json', 'csv']).default('json'),
});
export type EventsQuery = z.infer<typeof EventsQuery>;

export const SummaryQuery = AuditFilter.extend({
  by: z.enum(['role', 'caller', 'origin', 'day']).default('day'),
});
export type SummaryQuery = z.infer<typeof SummaryQuery>;

/** The store's filter for an audit filter: the kind becomes the event names it covers. */
export function storeFilter(f: AuditFilter): EventFilter {
  const { kind, ...rest } = f;
  const out: EventFilter = {};
  for (const [k, v] of Object.entries(rest)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  const names = KIND_NAMES[kind];
  if (names) out.eventNames = names;
  return out;
}

/** One page of events, newest first, continuing after `cursor`. */
export function auditPage(store: Store, q: Omit<EventsQuery, 'format'>): Result<EventPage> {
  const { limit, cursor, ...filter } = q;
  let after: [string, string] | undefined;
  if (cursor !== undefined) {
    after = decodeCursor(cursor);
    if (!after || !isCanonicalTime(after[0]))
      return err('bad_cursor', 'The cursor is not one this server gave out.');
  }
  return ok(queryEvents(store, storeFilter(filter), limit, after));
}

/** Counts by outcome, grouped by role, caller, original identity or day. */
export function auditSummary(store: Store, q: SummaryQuery): { by: SummaryGroup; rows: SummaryRow[] } {
  const { by, ...filter } = q;
  return { by, rows: summarizeEvents(store, by, storeFilter(filter)) };
}

/** The page size an export reads the store in: memory stays bounded whatever the total. */
export const EXPORT_PAGE = 1000;

/**
 * Every event that matches, newest first, a page at a time: what an export holds. A generator,
 * so the CLI writes and the server streams each page before the next is read.
 */
export function* auditExport(store: Store, filter: AuditFilter, max = Infinity): Generator<StoredEvent[]> {
  const f = storeFilter(filter);
  let after: [string, string] | undefined;
  let left = max;
  while (left > 0) {
    const page = queryEvents(store, f, Math.min(EXPORT_PAGE, left), after);
    if (page.events.length > 0) yield page.events;
    left -= page.events.length;
    const last = page.events[page.events.length - 1];
    if (!page.nextCursor || !last) return;
    after = [last.time, last.eventId];
  }
}

/** One event and the chain of sessions behind it, oldest first (the event last). */
export function auditEvent(
  store: Store,
  id: string,
): Result<{ event: StoredEvent; ancestry: StoredEvent[] }> {
  const ancestry = eventAncestry(store, id);
  const event = ancestry[ancestry.length - 1];
  return event ? ok({ event, ancestry }) : err('not_found', `No event ${id} is stored.`);
}

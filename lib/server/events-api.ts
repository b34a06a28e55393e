/** `/api/events` and `/api/events/summary`: validation and CSV, on top of the store's queries. */
import { z } from 'zod';
import { OUTCOMES } from '../model';
import { csvCell } from '../model/csv';
import type { StoredEvent } from '../store';

const isoTime = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), 'an ISO-8601 time, e.g. 2026-11-01T00:00:00Z');

export const EventsQuery = z.object({
  role: z.string().min(1).max(2048).optional(),
  caller: z.string().min(1).max(2048).optional(),
  origin: z.string().min(1).max(2048).optional(),
  outcome: z.enum(OUTCOMES).optional(),
  sourceIp: z.string().min(1).max(64).optional(),
  eventName: z.string().min(1).max(64).optional(),
  from: isoTime.optional(),
  to: isoTime.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().min(1).max(512).optional(),
  format: z.enum(['json', 'csv']).default('json'),
});
export type EventsQuery = z.infer<typeof EventsQuery>;

export const SummaryQuery = EventsQuery.pick({
  role: true,
  caller: true,
  origin: true,
  from: true,
  to: true,
}).extend({
  by: z.enum(['role', 'caller', 'origin', 'day']).default('day'),
});

export const CSV_COLUMNS = [
  'time',
  'eventName',
  'outcome',
  'errorCode',
  'callerType',
  'caller',
  'origin',
  'role',
  'session',
  'sourceIdentity',
  'externalIdPresent',
  'durationSeconds',
  'sourceIp',
  'userAgent',
  'recordedBy',
  'region',
  'eventId',
] as const;

/** One CSV cell (lib/model/csv.ts), kept exported here for the callers that import it from this module. */
export { csvCell };

export function eventsCsv(events: readonly StoredEvent[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const e of events) {
    lines.push(
      [
        e.time,
        e.eventName,
        e.outcome,
        e.errorCode,
        e.caller.type,
        e.caller.arn ?? e.caller.invokedBy,
        e.origin?.label,
        e.roleArn,
        e.roleSessionName,
        e.sourceIdentity,
        e.externalIdPresent,
        e.durationSeconds,
        e.sourceIp,
        e.userAgent,
        e.recordedBy,
        e.region,
        e.eventId,
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return lines.join('\r\n') + '\r\n';
}

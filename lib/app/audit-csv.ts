/**
 * The audit's CSV rows: the API's `format=csv` and `rolechain audit --format csv` write the same
 * columns. Here rather than in lib/server/events-api.ts, so the CLI does not load Next to write CSV.
 */
import type { StoredEvent } from '../store';
import { eventKindOf } from '../model';
import { csvCell } from '../model/csv';

export const CSV_COLUMNS = [
  'time',
  'kind',
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

export const CSV_HEADER = CSV_COLUMNS.join(',') + '\r\n';

/** One event as a CSV line (with its line end). */
export function eventCsvLine(e: StoredEvent): string {
  return (
    [
      e.time,
      eventKindOf(e.eventName),
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
      .join(',') + '\r\n'
  );
}

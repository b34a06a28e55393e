/**
 * `/api/events` and `/api/events/summary`: the HTTP side of the audit use case (`lib/app/audit.ts`),
 * and its CSV. The schemas live with the use case, so the CLI reads filters the same way.
 */
import { NextResponse } from 'next/server';
import type { Store, StoredEvent } from '../store';
import { EventsQuery, SummaryQuery, auditExport, auditPage, auditSummary } from '../app/audit';
import { csvCell } from '../model/csv';
import { CSV_COLUMNS, CSV_HEADER, eventCsvLine } from '../app/audit-csv';
import { problemOf } from './problem';
import { parseQuery } from './query';

export { EventsQuery, SummaryQuery };

const FILTERS =
  'role, caller, origin (an ARN or part of one), outcome success|denied|error, sourceIp, eventName, kind sessions|changes|all, from and to (an ISO 8601 time or epoch seconds)';
/** What the 400s add after naming the bad parameters (lib/server/query.ts). */
export const EVENTS_USAGE = `The events take ${FILTERS}, limit 1–1000, cursor (from the last page), format json|csv.`;
export const SUMMARY_USAGE = `The summary takes ${FILTERS}, by role|caller|origin|day.`;

/** `GET /api/events`: a page as JSON, or, with `format=csv`, every matching event streamed as CSV. */
export function eventsResponse(store: Store, params: URLSearchParams): NextResponse {
  // The same reader as the analysis views: each bad parameter named, a parameter given twice refused.
  const q = parseQuery(EventsQuery, params, EVENTS_USAGE);
  if (!q.ok) return q.response;
  const { format, limit, cursor, ...filter } = q.value;
  if (format === 'csv') {
    // An export holds every row that matches: `limit` and `cursor` page the JSON view only.
    return new NextResponse(csvStream(auditExport(store, filter)), {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': 'attachment; filename="rolechain-events.csv"',
      },
    });
  }
  const page = auditPage(store, { ...filter, limit, ...(cursor === undefined ? {} : { cursor }) });
  return page.ok ? NextResponse.json(page.value) : problemOf(page.error);
}

/** `GET /api/events/summary`. */
export function summaryResponse(store: Store, params: URLSearchParams): NextResponse {
  const q = parseQuery(SummaryQuery, params, SUMMARY_USAGE);
  if (!q.ok) return q.response;
  return NextResponse.json(auditSummary(store, q.value));
}

/** A CSV body read from the store a page at a time, as the client takes it. */
export function csvStream(pages: Iterator<StoredEvent[]>): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  let header = true;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (header) {
        header = false;
        controller.enqueue(enc.encode(CSV_HEADER));
        return;
      }
      const next = pages.next();
      if (next.done) controller.close();
      else controller.enqueue(enc.encode(next.value.map(eventCsvLine).join('')));
    },
    cancel() {
      pages.return?.(undefined);
    },
  });
}

/** One CSV cell (lib/model/csv.ts), kept exported here for the callers that import it from this module. */
export { csvCell };
export { CSV_COLUMNS, CSV_HEADER, eventCsvLine };

export function eventsCsv(events: readonly StoredEvent[]): string {
  return CSV_HEADER + events.map(eventCsvLine).join('');
}

/**
 * `/api/events` and `/api/events/summary`: the HTTP side of the audit use case (`lib/app/audit.ts`),
 * and its CSV. The schemas live with the use case, so the CLI reads filters the same way.
 */
import { NextResponse } from 'next/server';
import type { Store, StoredEvent } from '../store';
import { EventsQuery, SummaryQuery, auditExport, auditPage, auditSummary } from '../app/audit';
import { csvCell } from '../model/csv';
import { CSV_COLUMNS, CSV_HEADER, eventCsvLine } from '../app/audit-csv';
import { issuesOf, problem, problemOf } from './problem';

export { EventsQuery, SummaryQuery };

/** `GET /api/events`: a page as JSON, or, with `format=csv`, every matching event streamed as CSV. */
export function eventsResponse(store: Store, params: URLSearchParams): NextResponse {
  const q = EventsQuery.safeParse(Object.fromEntries(params));
  if (!q.success) return problem('bad_query', 'The events query is not valid.', issuesOf(q.error.issues));
  const { format, limit, cursor, ...filter } = q.data;
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
  const q = SummaryQuery.safeParse(Object.fromEntries(params));
  if (!q.success) return problem('bad_query', 'The summary query is not valid.', issuesOf(q.error.issues));
  return NextResponse.json(auditSummary(store, q.data));
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

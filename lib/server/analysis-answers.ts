/**
 * Every answer the API reads from an analysis, once: the route's name and its validated query in, the
 * response's body (or a problem) out. The request thread asks it of an analysis it holds (small
 * estates, the demo) or sends the same question to the analysis worker, which holds a large estate's
 * analysis and answers there (`analysis-worker.ts`); both run this code, so both give the same bytes.
 *
 * Why the worker keeps the analysis instead of handing it over: a 200,000-role analysis is about 3 GiB
 * live, and on the request thread its collections stalled every request; as JSON, the hand-over read
 * every edge's reasons and vetted every fix (1.8 times the analysis). A question and its answer are
 * a few KB.
 */
import type { CheckInput } from '../app/check';
import { runCheck } from '../app/check';
import { renderCheckReport, reportFileName } from '../app/check-report';
import type { PathsQuery, ReachQuery } from '../app/paths';
import { runPaths, runReach } from '../app/paths';
import type { Result } from '../model';
import { err, gapMessage, ok } from '../model';
import type { StoredEvent } from '../store';
import type { Analysis } from './analysis';
import { cachedBody } from './analysis';
import type { FindingsQuery } from './findings-api';
import { findingsExportChunks, findingsPageBody } from './findings-api';
import type { GraphQuery } from './graph-view';
import { graphView } from './graph-view';
import { nodeDetails, searchNodes } from './node-details';

/** The question each route asks, by route. */
export interface AnalysisQueries {
  graph: GraphQuery;
  paths: PathsQuery;
  reach: ReachQuery;
  node: { id: string };
  search: { q: string; limit: number };
  /** A page, or with `format` the whole filtered list as a download. */
  findings: FindingsQuery;
  /** The findings whose evidence names this CloudTrail event (`/api/events/detail`). */
  eventFindings: { eventId: string };
  /** `events`: what the store holds about the target role, read by the request thread. */
  check: { input: CheckInput; events?: StoredEvent[] };
  checkReport: { input: CheckInput; events?: StoredEvent[]; link?: string; generatedAt: string };
}
export type AnalysisRoute = keyof AnalysisQueries;
export type AnalysisAsk = { [R in AnalysisRoute]: { route: R; query: AnalysisQueries[R] } }[AnalysisRoute];

const JSON_TYPE = 'application/json';

/** What a response says besides its body. */
interface AnswerHead {
  contentType: string;
  /** Sent as an attachment of this name. */
  filename?: string;
}

/** An answer as made: the whole body, or chunks made one at a time as the client reads (an export). */
export type AnalysisAnswer = AnswerHead & ({ body: string } | { chunks: Iterator<string> });

const json = (body: string): AnalysisAnswer => ({ body, contentType: JSON_TYPE });

/** A view served from the analysis's body cache, keyed by route and query. */
function cached<Q>(
  route: string,
  run: (a: Analysis, q: Q) => Result<unknown>,
): (a: Analysis, q: Q) => Result<AnalysisAnswer> {
  return (a, q) => {
    const body = cachedBody(a, `${route}|${JSON.stringify(q)}`, () => {
      const r = run(a, q);
      return r.ok ? ok(JSON.stringify(r.value)) : r;
    });
    return body.ok ? ok(json(body.value)) : body;
  };
}

function checkContext(events: StoredEvent[] | undefined) {
  return events ? { events } : {};
}

const ANSWERS: { [R in AnalysisRoute]: (a: Analysis, q: AnalysisQueries[R]) => Result<AnalysisAnswer> } = {
  graph: cached('graph', graphView),
  paths: cached('paths', runPaths),
  reach: cached('reach', runReach),
  node: (a, q) => {
    const d = nodeDetails(a, q.id);
    return d
      ? ok(json(JSON.stringify(d)))
      : err('node_not_found', `No node ${q.id} in the current snapshot.`);
  },
  search: (a, q) => ok(json(JSON.stringify({ hits: searchNodes(a, q.q, q.limit) }))),
  findings: (a, q) => {
    if (q.format !== undefined)
      // Exports stream the whole filtered list; they are downloads, too large and too rare to cache whole.
      return ok({
        chunks: findingsExportChunks(a.findings, q, a.meta.id),
        contentType: q.format === 'csv' ? 'text/csv; charset=utf-8' : JSON_TYPE,
        filename: `rolechain-findings.${q.format}`,
      });
    const body = cachedBody(a, `findings|${JSON.stringify(q)}`, () =>
      ok(findingsPageBody(a.findings, q, a.meta.id, a.gaps.map(gapMessage))),
    );
    return body.ok ? ok(json(body.value)) : body;
  },
  eventFindings: (a, q) =>
    ok(
      json(JSON.stringify(a.findings.filter((f) => f.evidence.some((e) => e.eventIds?.includes(q.eventId))))),
    ),
  check: (a, q) => {
    const r = runCheck(a.snapshot, q.input, checkContext(q.events));
    return r.ok ? ok(json(JSON.stringify(r.value))) : r;
  },
  checkReport: (a, q) => {
    const r = runCheck(a.snapshot, q.input, checkContext(q.events));
    if (!r.ok) return r;
    const m = a.meta;
    const body = renderCheckReport(r.value, {
      snapshot: `#${m.id} of ${m.createdAt} (${m.source.kind}: ${m.source.detail})`,
      generatedAt: q.generatedAt,
      ...(q.link !== undefined ? { link: q.link } : {}),
    });
    return ok({
      body,
      contentType: 'text/html; charset=utf-8',
      filename: reportFileName(r.value, q.generatedAt),
    });
  },
};

/** The answer to `ask` from analysis `a`. */
export function answerOf(a: Analysis, ask: AnalysisAsk): Result<AnalysisAnswer> {
  // The union's members pair each route with its own query; TypeScript cannot follow that through the index.
  const run = ANSWERS[ask.route] as (
    a: Analysis,
    q: AnalysisQueries[AnalysisRoute],
  ) => Result<AnalysisAnswer>;
  return run(a, ask.query);
}

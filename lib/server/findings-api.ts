/**
 * `/api/findings`: filters, pages with the counts the findings view draws its group headers from,
 * and the whole filtered list as a JSON or CSV download.
 *
 * A large organisation has tens of thousands of findings (megabytes of JSON with their fixes), so
 * the list is sorted once per analysis, each finding serialised at most once, and a page is a slice.
 */
import { z } from 'zod';
import type { Finding, Severity } from '../findings/types';
import { SEVERITIES } from '../findings/types';
import { csvCell } from '../model/csv';
import { searchKey } from '../model/text-match';

export const FINDINGS_DEFAULT_LIMIT = 100;
export const FINDINGS_MAX_LIMIT = 1000;

export const FindingsQuery = z.object({
  severity: z.enum(SEVERITIES).optional(),
  rule: z.string().min(1).max(128).optional(),
  node: z.string().min(1).max(2048).optional(),
  /** Case-insensitive text in the title, message, rule, id or node ids; blank means no filter. */
  q: z.string().max(256).optional(),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(FINDINGS_MAX_LIMIT, `at most ${FINDINGS_MAX_LIMIT} a page`)
    .default(FINDINGS_DEFAULT_LIMIT),
  offset: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
  /** An export: the whole filtered list as a download; `limit` and `offset` do not apply. */
  format: z.enum(['json', 'csv']).optional(),
});
export type FindingsQuery = z.infer<typeof FindingsQuery>;
type Filter = Pick<FindingsQuery, 'severity' | 'rule' | 'node' | 'q'>;

export interface FindingCounts {
  severity: Partial<Record<Severity, number>>;
  rule: Record<string, number>;
  /** One per severity and rule present, in the list's order: the findings view's group headers. */
  groups: { severity: Severity; rule: string; count: number }[];
}

/** The JSON a page is sent as (built as a string, see `findingsPageBody`). */
export interface FindingsPage {
  snapshot: number;
  /** Findings that pass the filters, over all pages. */
  total: number;
  offset: number;
  limit: number;
  /** The offset of the next page, where there is one. */
  nextOffset?: number;
  /** Of the filtered list, before paging. */
  counts: FindingCounts;
  findings: Finding[];
  /**
   * What the snapshot did not read fully, or holds stale: the findings say nothing about it. A list
   * with no findings and something here is not an all-clear.
   */
  notRead: string[];
}

const rank = (s: Severity): number => SEVERITIES.indexOf(s);
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The stable order of every list and page: severity (worst first), then rule, then id. */
export function compareFindings(a: Finding, b: Finding): number {
  return rank(a.severity) - rank(b.severity) || cmp(a.rule, b.rule) || cmp(a.id, b.id);
}

interface Filtered {
  /** Positions in the sorted list. */
  at: number[];
  countsJson: string;
}

/** Filter results kept per analysis; each is a list of positions, a few bytes a finding. */
const MAX_FILTERS = 32;

class FindingsIndex {
  readonly sorted: readonly Finding[];
  private readonly json: (string | undefined)[];
  private text: string[] | undefined;
  private readonly filtered = new Map<string, Filtered>();

  constructor(all: readonly Finding[]) {
    this.sorted = [...all].sort(compareFindings);
    this.json = new Array<string | undefined>(this.sorted.length);
  }

  /** A finding's JSON, serialised the first time a page or an export needs it. */
  jsonAt(i: number): string {
    let s = this.json[i];
    if (s === undefined) {
      s = JSON.stringify(this.sorted[i]);
      this.json[i] = s;
    }
    return s;
  }

  filter(f: Filter): Filtered {
    // The same matching as every search box: any case, spaces, hyphens and underscores alike.
    const needle = searchKey(f.q?.trim() ?? '');
    const key = JSON.stringify([f.severity, f.rule, f.node, needle]);
    const hit = this.filtered.get(key);
    if (hit) return hit;
    const text = needle === '' ? undefined : this.searchText();
    const at: number[] = [];
    for (let i = 0; i < this.sorted.length; i++) {
      const x = this.sorted[i]!;
      if (f.severity !== undefined && x.severity !== f.severity) continue;
      if (f.rule !== undefined && x.rule !== f.rule) continue;
      if (f.node !== undefined && !x.nodes.includes(f.node)) continue;
      if (text !== undefined && !text[i]!.includes(needle)) continue;
      at.push(i);
    }
    const made = { at, countsJson: JSON.stringify(this.countsOf(at)) };
    this.filtered.set(key, made);
    if (this.filtered.size > MAX_FILTERS) this.filtered.delete(this.filtered.keys().next().value!);
    return made;
  }

  private countsOf(at: readonly number[]): FindingCounts {
    const severity: Partial<Record<Severity, number>> = {};
    const rule: Record<string, number> = {};
    const groups: FindingCounts['groups'] = [];
    for (const i of at) {
      const f = this.sorted[i]!;
      severity[f.severity] = (severity[f.severity] ?? 0) + 1;
      rule[f.rule] = (rule[f.rule] ?? 0) + 1;
      // Sorted by severity then rule, so a group is a run.
      const last = groups[groups.length - 1];
      if (last && last.severity === f.severity && last.rule === f.rule) last.count++;
      else groups.push({ severity: f.severity, rule: f.rule, count: 1 });
    }
    return { severity, rule, groups };
  }

  private searchText(): string[] {
    this.text ??= this.sorted.map((f) =>
      // Fields joined by a character that is no separator, so a match never spans two fields.
      [f.title, f.message, f.rule, f.id, ...f.nodes].map(searchKey).join('\u0000'),
    );
    return this.text;
  }
}

// Keyed by the analysis's findings array: computed once per analysis, dropped with it.
const indexes = new WeakMap<readonly Finding[], FindingsIndex>();

function indexOf(all: readonly Finding[]): FindingsIndex {
  let ix = indexes.get(all);
  if (!ix) {
    ix = new FindingsIndex(all);
    indexes.set(all, ix);
  }
  return ix;
}

/** The filtered findings in the stable order (for callers that want objects, not JSON). */
export function filterFindings(all: readonly Finding[], q: Filter): Finding[] {
  const ix = indexOf(all);
  return ix.filter(q).at.map((i) => ix.sorted[i]!);
}

/** One page as JSON text (a `FindingsPage`); each finding's JSON is reused across pages and exports. */
export function findingsPageBody(
  all: readonly Finding[],
  q: FindingsQuery,
  snapshot: number,
  notRead: readonly string[] = [],
): string {
  const ix = indexOf(all);
  const { at, countsJson } = ix.filter(q);
  const end = Math.min(at.length, q.offset + q.limit);
  const items: string[] = [];
  for (let k = q.offset; k < end; k++) items.push(ix.jsonAt(at[k]!));
  const next = end < at.length ? `"nextOffset":${end},` : '';
  return (
    `{"snapshot":${snapshot},"total":${at.length},"offset":${q.offset},"limit":${q.limit},${next}` +
    `"counts":${countsJson},"notRead":${JSON.stringify(notRead)},"findings":[${items.join(',')}]}`
  );
}

const CSV_HEADER = 'severity,rule,title,message,nodes,fix,cli,id';
const csvRow = (f: Finding): string =>
  [f.severity, f.rule, f.title, f.message, f.nodes.join(' '), f.fix?.summary, f.fix?.cli, f.id]
    .map(csvCell)
    .join(',');

/** Findings per chunk of an export: big enough to be cheap, small enough to stream. */
const EXPORT_CHUNK = 250;

/**
 * The whole filtered list as text chunks, made one at a time as the reader asks: JSON
 * (`{"snapshot","total","findings"}`) or CSV. Nothing the size of the list is built per request. A
 * generator, not a stream, so the analysis worker can hand it out a chunk per message (`analysis-answers.ts`).
 */
export function* findingsExportChunks(
  all: readonly Finding[],
  q: FindingsQuery,
  snapshot: number,
): Generator<string, void, undefined> {
  const ix = indexOf(all);
  const { at } = ix.filter(q);
  const csv = q.format === 'csv';
  yield csv ? `${CSV_HEADER}\r\n` : `{"snapshot":${snapshot},"total":${at.length},"findings":[`;
  for (let k = 0; k < at.length;) {
    const end = Math.min(at.length, k + EXPORT_CHUNK);
    const parts: string[] = [];
    for (; k < end; k++)
      parts.push(csv ? `${csvRow(ix.sorted[at[k]!]!)}\r\n` : (k > 0 ? ',' : '') + ix.jsonAt(at[k]!));
    yield parts.join('');
  }
  if (!csv) yield ']}';
}

/** Text chunks as a byte stream, each chunk made when the client reads. */
export function streamOfChunks(chunks: Iterator<string>): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(enc.encode(next.value));
    },
    cancel() {
      chunks.return?.();
    },
  });
}

/** The whole filtered list as a stream, a chunk at a time as the client reads (`findingsExportChunks`). */
export function findingsExport(
  all: readonly Finding[],
  q: FindingsQuery,
  snapshot: number,
): ReadableStream<Uint8Array> {
  return streamOfChunks(findingsExportChunks(all, q, snapshot));
}

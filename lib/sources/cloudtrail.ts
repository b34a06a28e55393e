import { promisify } from 'node:util';
import { gunzip, gunzipSync } from 'node:zlib';
import type { AssumeEvent } from '../model';
import { CHAIN_EVENT_NAMES } from '../model';
import { isChainRecord, normalizeRecord } from '../audit/normalize';
import type { LinesResult } from './lines';
import { forEachLine } from './lines';
import { readRegular } from './regular-file';

const gunzipAsync = promisify(gunzip);

/** What one file (or one LookupEvents page) of CloudTrail gives. */
export interface CloudTrailBatch {
  events: AssumeEvent[];
  /** Records seen, chain or not. */
  records: number;
  /** Records that are not chain events. */
  skipped: number;
  /** Chain records that could not be read, with the reason. */
  invalid: string[];
}

const emptyBatch = (): CloudTrailBatch => ({ events: [], records: 0, skipped: 0, invalid: [] });

/** Adds records to a batch: non-chain records are skipped on eventSource/eventName alone. */
export function addRecords(batch: CloudTrailBatch, records: readonly unknown[]): CloudTrailBatch {
  for (const rec of records) {
    batch.records++;
    if (!isChainRecord(rec)) {
      batch.skipped++;
      continue;
    }
    const r = normalizeRecord(rec);
    if (r?.ok) batch.events.push(r.value);
    else if (r) batch.invalid.push(r.error.message);
  }
  return batch;
}

/** The CloudTrail shapes a JSON value can take: `{"Records":[…]}`, a LookupEvents page, one record, a list. */
export function cloudTrailRecordsOf(json: unknown): unknown[] | undefined {
  if (Array.isArray(json))
    return (json as unknown[]).every(looksLikeRecord) ? (json as unknown[]) : undefined;
  if (typeof json !== 'object' || json === null) return undefined;
  const o = json as Record<string, unknown>;
  if (Array.isArray(o.Records)) return o.Records as unknown[];
  if (isLookupEventsResponse(json)) return lookupRecords(json);
  if (looksLikeRecord(json)) return [json];
  return undefined;
}

function looksLikeRecord(v: unknown): boolean {
  return typeof v === 'object' && v !== null && 'eventVersion' in v && 'eventName' in v;
}

export function isLookupEventsResponse(json: unknown): boolean {
  if (typeof json !== 'object' || json === null) return false;
  const events = (json as Record<string, unknown>).Events;
  return (
    Array.isArray(events) &&
    events.every((e) => typeof e === 'object' && e !== null && 'CloudTrailEvent' in e)
  );
}

function lookupRecords(json: unknown): unknown[] {
  const out: unknown[] = [];
  for (const e of (json as { Events: { CloudTrailEvent?: unknown }[] }).Events) {
    const raw = e.CloudTrailEvent;
    if (typeof raw !== 'string') {
      out.push(raw);
      continue;
    }
    try {
      out.push(JSON.parse(raw));
    } catch {
      out.push({ eventVersion: '?', eventName: 'unreadable', eventSource: '' });
    }
  }
  return out;
}

/**
 * A `cloudtrail lookup-events` response (`{"Events":[{"CloudTrailEvent":"<json>",…}],"NextToken"}`):
 * each event's record is a JSON string, parsed and normalised like a trail file's records.
 */
export function parseLookupEventsResponse(json: unknown): CloudTrailBatch & { nextToken?: string } {
  const batch = emptyBatch();
  if (!isLookupEventsResponse(json)) {
    batch.invalid.push('not a LookupEvents response');
    return batch;
  }
  const events = (json as { Events: { CloudTrailEvent?: unknown }[] }).Events;
  for (const e of events) {
    if (typeof e.CloudTrailEvent !== 'string') {
      batch.records++;
      batch.invalid.push('CloudTrailEvent is not a string');
      continue;
    }
    let rec: unknown;
    try {
      rec = JSON.parse(e.CloudTrailEvent);
    } catch {
      batch.records++;
      batch.invalid.push('CloudTrailEvent is not valid JSON');
      continue;
    }
    addRecords(batch, [rec]);
  }
  const token = (json as { NextToken?: unknown }).NextToken;
  return typeof token === 'string' ? { ...batch, nextToken: token } : batch;
}

export type FileText =
  | { ok: true; text: string }
  | {
      ok: false;
      code: 'unreadable-file' | 'not-a-regular-file' | 'truncated-gzip' | 'file-too-large';
      message: string;
    };

/**
 * The largest file read whole, before and after gunzip: under V8's longest string (~512 MiB), so
 * a big file or a gzip bomb is refused with a message instead of failing the whole load. CloudTrail
 * writes files of a few MB; larger exports go through JSON lines, which are streamed.
 */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;

const tooLarge = (what: string): FileText => ({
  ok: false,
  code: 'file-too-large',
  message: `${what} is too large: over ${MAX_FILE_BYTES / 1024 / 1024} MiB, the most read as one document; split it, or export it as JSON lines (.jsonl), which are streamed`,
});

/**
 * A regular file's text, gunzipped when it starts with gzip's magic bytes (whatever its name says);
 * both sizes are bounded while reading (`readRegular`, gunzip's `maxOutputLength`).
 */
export async function readFileText(path: string): Promise<FileText> {
  const read = readRegular(path, MAX_FILE_BYTES);
  if (!read.ok) return read;
  if (read.tooLarge) return tooLarge('the file');
  if (!isGzip(read.bytes)) return { ok: true, text: read.bytes.toString('utf8') };
  try {
    return gunzipped(await gunzipAsync(read.bytes, { maxOutputLength: MAX_FILE_BYTES }));
  } catch (e) {
    return gunzipFailed(e);
  }
}

/**
 * `readFileText` with the gunzip on this thread: for a worker thread (trail-pool.ts), where
 * nothing else waits and a round trip to libuv's pool would only add to the time.
 */
export function readFileTextSync(path: string): FileText {
  const read = readRegular(path, MAX_FILE_BYTES);
  if (!read.ok) return read;
  if (read.tooLarge) return tooLarge('the file');
  if (!isGzip(read.bytes)) return { ok: true, text: read.bytes.toString('utf8') };
  try {
    return gunzipped(gunzipSync(read.bytes, { maxOutputLength: MAX_FILE_BYTES }));
  } catch (e) {
    return gunzipFailed(e);
  }
}

const isGzip = (b: Buffer): boolean => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
const gunzipped = (b: Buffer): FileText => ({ ok: true, text: b.toString('utf8') });
function gunzipFailed(e: unknown): FileText {
  if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return tooLarge('the gunzipped content');
  return { ok: false, code: 'truncated-gzip', message: (e as Error).message };
}

/** True for JSON-lines names: `.jsonl`, `.ndjson`, optionally gzipped. */
export const isJsonLinesName = (name: string): boolean => /\.(jsonl|ndjson)(\.gz)?$/i.test(name);

/**
 * Streams a JSON-lines file (one record, or one LookupEvents event, per line) with bounded memory
 * (`forEachLine`: lines over 16 MiB skipped, at most 2 GiB decompressed). Lines that are not JSON
 * are counted in `badLines`; what ended the file early (a corrupt gzip stream, the size limit, a
 * file that is not regular) is `error`, with the records before it kept.
 */
export async function readJsonLines(path: string): Promise<{
  batch: CloudTrailBatch;
  badLines: number[];
  longLines: number[];
  error?: LinesResult['error'];
}> {
  const batch = emptyBatch();
  const badLines: number[] = [];
  const r = await forEachLine(path, (line, n) => {
    if (!addJsonLine(batch, line)) badLines.push(n);
  });
  return r.error === undefined
    ? { batch, badLines, longLines: r.longLines }
    : { batch, badLines, longLines: r.longLines, error: r.error };
}

export const newBatch = emptyBatch;

const RECORD_START = '{"eventVersion"';
const CHAIN_NAMES: ReadonlySet<string> = new Set(CHAIN_EVENT_NAMES);
const CHAIN_NAME = new RegExp(`"eventName"\\s*:\\s*"(?:${CHAIN_EVENT_NAMES.join('|')})"`);

/**
 * The fast path for a trail file as CloudTrail writes it (`{"Records":[{"eventVersion":…},…]}`,
 * compact): records are cut at each `{"eventVersion"` (an unescaped quote after `{` cannot sit
 * inside a JSON string, so this is always an object's start), and only those naming a chain
 * event are parsed. Anything unexpected (another layout, a cut that does not fall between two
 * records, a chain record that does not parse) returns undefined, and the caller parses the whole
 * file instead, which also reports invalid JSON.
 */
export function scanTrailText(text: string): CloudTrailBatch | undefined {
  const head = /^\s*\{\s*"Records"\s*:\s*\[\s*/.exec(text);
  if (!head) return undefined;
  // The closing `]}`, found from the end (a `$`-anchored regex would scan the whole text).
  let end = lastNonSpace(text, text.length);
  if (text[end] !== '}') return undefined;
  end = lastNonSpace(text, end);
  if (text[end] !== ']') return undefined;
  const batch = emptyBatch();
  let start = head[0].length;
  if (start >= end) return start === end ? batch : undefined;
  if (!text.startsWith(RECORD_START, start)) return undefined;
  while (start < end) {
    let next = text.indexOf(RECORD_START, start + 1);
    if (next < 0 || next > end) next = end;
    // Between two records there must be `}`, `,` and whitespace only.
    let last = lastNonSpace(text, next);
    if (next < end) {
      if (text[last] !== ',') return undefined;
      last = lastNonSpace(text, last);
    }
    if (last <= start || text[last] !== '}') return undefined;
    const stop = last + 1;
    batch.records++;
    if (!namesChainEvent(text, start, stop)) batch.skipped++;
    else {
      let rec: unknown;
      try {
        rec = JSON.parse(text.slice(start, stop));
      } catch {
        return undefined;
      }
      if (!isChainRecord(rec)) batch.skipped++;
      else {
        const r = normalizeRecord(rec);
        if (r?.ok) batch.events.push(r.value);
        else if (r) batch.invalid.push(r.error.message);
      }
    }
    start = next;
  }
  return batch;
}

/** Index of the last non-whitespace character before `before`, or -1. */
function lastNonSpace(text: string, before: number): number {
  let i = before - 1;
  while (i >= 0) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) break;
    i--;
  }
  return i;
}

const EVENT_NAME_KEY = '"eventName"';

/**
 * Whether the record text in [start, stop) names a chain event. The first `"eventName"` key is the
 * record's own in CloudTrail's field order; should another follow, the slower regex decides.
 */
function namesChainEvent(text: string, start: number, stop: number): boolean {
  const k = text.indexOf(EVENT_NAME_KEY, start);
  if (k < 0 || k >= stop) return false;
  let j = k + EVENT_NAME_KEY.length;
  while (j < stop && text.charCodeAt(j) <= 32) j++;
  if (text[j] === ':') {
    j++;
    while (j < stop && text.charCodeAt(j) <= 32) j++;
    if (text[j] === '"') {
      const close = text.indexOf('"', j + 1);
      if (close > 0 && close < stop && CHAIN_NAMES.has(text.slice(j + 1, close))) return true;
      const again = text.indexOf(EVENT_NAME_KEY, close);
      if (again < 0 || again >= stop) return false;
    }
  }
  return CHAIN_NAME.test(text.slice(start, stop));
}

/** Adds one line of a JSON-lines export (a record, or a LookupEvents event); false when it is not JSON. */
export function addJsonLine(batch: CloudTrailBatch, line: string): boolean {
  if (line.trim() === '') return true;
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return false;
  }
  const o = json as { CloudTrailEvent?: unknown };
  if (typeof o === 'object' && o !== null && typeof o.CloudTrailEvent === 'string') {
    const page = parseLookupEventsResponse({ Events: [o] });
    batch.records += page.records;
    batch.skipped += page.skipped;
    batch.events.push(...page.events);
    batch.invalid.push(...page.invalid);
  } else addRecords(batch, cloudTrailRecordsOf(json) ?? [json]);
  return true;
}

/**
 * JSON lines under another name (`export.json`): read when the first line is a CloudTrail record
 * or a LookupEvents event, else undefined.
 */
export function readJsonLinesText(text: string): { batch: CloudTrailBatch; badLines: number[] } | undefined {
  const lines = text.split(/\r?\n/);
  const first = lines.find((l) => l.trim() !== '');
  if (first === undefined || lines.length < 2) return undefined;
  let head: unknown;
  try {
    head = JSON.parse(first);
  } catch {
    return undefined;
  }
  if (typeof head !== 'object' || head === null || !('CloudTrailEvent' in head || looksLikeRecord(head)))
    return undefined;
  const batch = emptyBatch();
  const badLines: number[] = [];
  lines.forEach((l, i) => {
    if (!addJsonLine(batch, l)) badLines.push(i + 1);
  });
  return { batch, badLines };
}

/** A CloudTrail digest file (`CloudTrail-Digest/…`): integrity data, no events. */
export function isDigestFile(json: unknown): boolean {
  return typeof json === 'object' && json !== null && 'digestStartTime' in json && 'logFiles' in json;
}

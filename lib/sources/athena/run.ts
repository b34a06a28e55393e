/**
 * One Athena query, start to rows: StartQueryExecution → GetQueryExecution until the query is
 * done (bounded backoff, injectable sleep) → GetQueryResults page by page. Every failure is an
 * error value carrying Athena's own reason; a cancelled run asks Athena to stop the query so it
 * stops scanning (and billing).
 */
import type { AthenaClient, GetQueryResultsCommandOutput, QueryExecution } from '@aws-sdk/client-athena';
import {
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import type { Result } from '../../model';
import { err, ok } from '../../model';

/**
 * Athena SQL queries are billed per byte scanned: USD 5 per TB (10^12 bytes), rounded up to the
 * next megabyte with a 10 MB minimum per query (aws.amazon.com/athena/pricing, us-east-1; some
 * regions charge more). DDL statements and failed queries are not billed.
 */
export const USD_PER_TB_SCANNED = 5;
const MIN_BILLED_BYTES = 10 * 1_000_000;

export function estimatedCostUsd(scannedBytes: number): number {
  if (scannedBytes <= 0) return 0;
  const billed = Math.max(MIN_BILLED_BYTES, Math.ceil(scannedBytes / 1_000_000) * 1_000_000);
  return (billed / 1e12) * USD_PER_TB_SCANNED;
}

export interface AthenaQuery {
  sql: string;
  database: string;
  workgroup?: string;
  /** `s3://…` for the results; absent means the workgroup's own setting. */
  outputLocation?: string;
}

export interface PollSettings {
  /** First wait between GetQueryExecution calls, ms. */
  initialMs: number;
  /** Longest wait between two calls, ms. */
  maxMs: number;
  /** Give up (and stop the query) after this long, ms. */
  timeoutMs: number;
}

export const DEFAULT_POLL: PollSettings = { initialMs: 500, maxMs: 5_000, timeoutMs: 30 * 60_000 };

export interface AthenaProgress {
  phase: 'started' | 'running' | 'reading' | 'done';
  queryExecutionId: string;
  state?: string;
  scannedBytes?: number;
  rows?: number;
}

export interface RunOptions {
  poll?: Partial<PollSettings>;
  signal?: AbortSignal;
  onProgress?: (p: AthenaProgress) => void;
  /** Waits `ms`, resolving early when `signal` aborts; injected so tests do not wait. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Read the result rows (true for SELECT; false for DDL). */
  readResults?: boolean;
  /** Refuse results larger than this many rows (memory bound); default 5,000,000. */
  maxRows?: number;
}

export type Row = Record<string, string | null>;

export interface AthenaResult {
  queryExecutionId: string;
  columns: string[];
  rows: Row[];
  scannedBytes: number;
  estimatedCostUsd: number;
  /** Athena's engine time, ms, when reported. */
  engineMs?: number;
}

export const defaultSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

const messageOf = (e: unknown): string => {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
};

/** Runs `query` and returns its rows (as records keyed by column name) with the bytes scanned. */
export async function runAthenaQuery(
  client: AthenaClient,
  query: AthenaQuery,
  opts: RunOptions = {},
): Promise<Result<AthenaResult>> {
  const poll = { ...DEFAULT_POLL, ...opts.poll };
  const sleep = opts.sleep ?? defaultSleep;
  const signal = opts.signal;
  if (signal?.aborted) return err('athena_cancelled', 'Cancelled before the query was sent.');

  let id: string;
  try {
    const started = await client.send(
      new StartQueryExecutionCommand({
        QueryString: query.sql,
        QueryExecutionContext: { Database: query.database },
        ...(query.workgroup ? { WorkGroup: query.workgroup } : {}),
        ...(query.outputLocation ? { ResultConfiguration: { OutputLocation: query.outputLocation } } : {}),
      }),
    );
    if (!started.QueryExecutionId)
      return err('athena_bad_response', 'StartQueryExecution returned no QueryExecutionId.');
    id = started.QueryExecutionId;
  } catch (e) {
    return err('athena_request_failed', `StartQueryExecution failed: ${messageOf(e)}`);
  }
  opts.onProgress?.({ phase: 'started', queryExecutionId: id });

  const stop = async (): Promise<void> => {
    try {
      await client.send(new StopQueryExecutionCommand({ QueryExecutionId: id }));
    } catch {
      // Best effort: the query may already have finished.
    }
  };

  let execution: QueryExecution | undefined;
  let wait = poll.initialMs;
  let waited = 0;
  for (;;) {
    if (signal?.aborted) {
      await stop();
      return err('athena_cancelled', `Cancelled; asked Athena to stop query ${id}.`, id);
    }
    try {
      const r = await client.send(new GetQueryExecutionCommand({ QueryExecutionId: id }));
      execution = r.QueryExecution;
    } catch (e) {
      return err('athena_request_failed', `GetQueryExecution failed: ${messageOf(e)}`, id);
    }
    const state = execution?.Status?.State;
    const scanned = execution?.Statistics?.DataScannedInBytes ?? 0;
    opts.onProgress?.({
      phase: 'running',
      queryExecutionId: id,
      state: state ?? 'UNKNOWN',
      scannedBytes: scanned,
    });
    if (state === 'SUCCEEDED') break;
    if (state === 'FAILED' || state === 'CANCELLED') {
      const reason = execution?.Status?.StateChangeReason ?? execution?.Status?.AthenaError?.ErrorMessage;
      return err(
        state === 'FAILED' ? 'athena_query_failed' : 'athena_query_cancelled',
        `Athena query ${id} ${state}${reason ? `: ${reason}` : ''}`,
        id,
      );
    }
    if (waited >= poll.timeoutMs) {
      await stop();
      return err(
        'athena_timeout',
        `Query ${id} still ${state ?? 'pending'} after ${poll.timeoutMs} ms; stopped.`,
        id,
      );
    }
    await sleep(wait, signal);
    waited += wait;
    wait = Math.min(poll.maxMs, wait * 2);
  }

  const scannedBytes = execution?.Statistics?.DataScannedInBytes ?? 0;
  const engineMs = execution?.Statistics?.EngineExecutionTimeInMillis;
  const base = {
    queryExecutionId: id,
    scannedBytes,
    estimatedCostUsd: estimatedCostUsd(scannedBytes),
    ...(engineMs !== undefined ? { engineMs } : {}),
  };
  if (opts.readResults === false) {
    opts.onProgress?.({ phase: 'done', queryExecutionId: id, scannedBytes, rows: 0 });
    return ok({ ...base, columns: [], rows: [] });
  }

  const maxRows = opts.maxRows ?? 5_000_000;
  const rows: Row[] = [];
  let columns: string[] | undefined;
  let token: string | undefined;
  let first = true;
  do {
    if (signal?.aborted) return err('athena_cancelled', `Cancelled while reading the results of ${id}.`, id);
    let page: GetQueryResultsCommandOutput;
    try {
      page = await client.send(
        new GetQueryResultsCommand({
          QueryExecutionId: id,
          MaxResults: 1000,
          ...(token ? { NextToken: token } : {}),
        }),
      );
    } catch (e) {
      return err('athena_request_failed', `GetQueryResults failed: ${messageOf(e)}`, id);
    }
    columns ??= (page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? []).map((c, i) => c.Name ?? `_col${i}`);
    const pageRows = page.ResultSet?.Rows ?? [];
    // The first row of the first page repeats the column names (for SELECT results).
    const start = first && pageRows.length > 0 && isHeader(pageRows[0]?.Data, columns) ? 1 : 0;
    first = false;
    for (let i = start; i < pageRows.length; i++) {
      const data = pageRows[i]?.Data ?? [];
      const row: Row = {};
      for (let c = 0; c < columns.length; c++) row[columns[c] as string] = data[c]?.VarCharValue ?? null;
      rows.push(row);
    }
    if (rows.length > maxRows)
      return err(
        'athena_too_many_rows',
        `Query ${id} returned more than ${maxRows} rows; narrow --since/--until, --accounts or --regions.`,
        id,
      );
    opts.onProgress?.({ phase: 'reading', queryExecutionId: id, scannedBytes, rows: rows.length });
    token = page.NextToken;
  } while (token);
  opts.onProgress?.({ phase: 'done', queryExecutionId: id, scannedBytes, rows: rows.length });
  return ok({ ...base, columns, rows });
}

function isHeader(data: { VarCharValue?: string }[] | undefined, columns: readonly string[]): boolean {
  if (!data || data.length !== columns.length) return false;
  return data.every((d, i) => d.VarCharValue === columns[i]);
}

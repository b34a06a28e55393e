/**
 * Organisation-scale audit: the role-chain records of the organisation trail, selected by Athena
 * (partition-pruned, filtered to chain calls), read into the store in one transaction. Re-running
 * over the same window adds nothing: the store keeps one copy per eventID and per sharedEventID.
 */
import type { AthenaClient } from '@aws-sdk/client-athena';
import type { Problem, Result } from '../../model';
import { ok } from '../../model';
import { attribute } from '../../audit/attribution';
import { dedupe } from '../../audit/dedupe';
import type { EventOrigin, Store } from '../../store';
import type { QueryOptions } from './queries';
import { chainEventsQuery } from './queries';
import type { AthenaProgress, RunOptions } from './run';
import { runAthenaQuery } from './run';
import { rowsToEvents } from './rows';

export interface AthenaImportOptions extends QueryOptions {
  workgroup?: string;
  outputLocation?: string;
}

export interface AthenaImportProgress extends Omit<RunOptions, 'onProgress' | 'readResults'> {
  onProgress?: (p: AthenaProgress | { phase: 'import'; rows: number; events: number }) => void;
}

export interface AthenaImportResult {
  queryExecutionId: string;
  rows: number;
  inserted: number;
  /** Rows already stored, or the same call read from two accounts' records. */
  duplicates: number;
  /** Rows that were not usable chain records (see `problems`). */
  skipped: number;
  problems: Problem[];
  scannedBytes: number;
  estimatedCostUsd: number;
}

export async function importFromAthena(
  store: Store,
  client: AthenaClient,
  opts: AthenaImportOptions,
  progress: AthenaImportProgress = {},
): Promise<Result<AthenaImportResult>> {
  const sql = chainEventsQuery(opts);
  if (!sql.ok) return sql;
  const { onProgress, ...run } = progress;
  const result = await runAthenaQuery(
    client,
    {
      sql: sql.value,
      database: opts.database.toLowerCase(),
      ...(opts.workgroup ? { workgroup: opts.workgroup } : {}),
      ...(opts.outputLocation ? { outputLocation: opts.outputLocation } : {}),
    },
    { ...run, ...(onProgress ? { onProgress } : {}) },
  );
  if (!result.ok) return result;
  const { rows, queryExecutionId, scannedBytes, estimatedCostUsd } = result.value;
  const read = rowsToEvents(rows);
  const folded = dedupe(read.events);
  onProgress?.({ phase: 'import', rows: rows.length, events: folded.events.length });
  const origins = new Map<string, EventOrigin>();
  for (const [id, a] of attribute(folded.events))
    origins.set(id, { kind: a.origin.kind, id: a.origin.id, label: a.origin.label });
  const stats = store.transaction(() => store.importEvents(folded.events, origins));
  return ok({
    queryExecutionId,
    rows: rows.length,
    inserted: stats.inserted,
    duplicates: stats.duplicates + folded.duplicates,
    skipped: read.skipped,
    problems: read.problems,
    scannedBytes,
    estimatedCostUsd,
  });
}

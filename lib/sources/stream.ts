import type { AssumeEvent, SnapshotWarning } from '../model';
import {
  addRecords,
  cloudTrailRecordsOf,
  isDigestFile,
  isJsonLinesName,
  newBatch,
  readFileText,
  readJsonLines,
  readJsonLinesText,
  scanTrailText,
} from './cloudtrail';
import { longLinesMessage } from './lines';
import type { LoadProgress } from './load';
import { walk } from './walk';
import { warning } from './warnings';

/** The chain events of one CloudTrail file, with what was skipped and why. */
export interface TrailFileBatch {
  file: string;
  events: AssumeEvent[];
  records: number;
  skipped: number;
  warnings: SnapshotWarning[];
}

/**
 * Streams the chain events of CloudTrail files and trees, one file at a time, for imports too large
 * to hold: memory holds one file's records and its events. Events are normalised but not
 * de-duplicated across files (the consumer's store does that by eventID); use `loadFromPaths`
 * when everything fits. Files that are not CloudTrail yield a warning and no events.
 */
export async function* streamCloudTrail(
  paths: string[],
  opts: { onProgress?: (p: LoadProgress) => void } = {},
): AsyncGenerator<TrailFileBatch> {
  const found = await walk(paths);
  if (found.warnings.length > 0)
    yield { file: '', events: [], records: 0, skipped: 0, warnings: found.warnings };
  const files = found.files.filter((f) => !/\.(md|txt|html?)$/i.test(f.path));
  for (const [i, f] of files.entries()) {
    opts.onProgress?.({ phase: 'read', done: i, total: files.length, file: f.rel });
    const out: TrailFileBatch = { file: f.rel, events: [], records: 0, skipped: 0, warnings: [] };
    let batch = newBatch();
    if (isJsonLinesName(f.path)) {
      const r = await readJsonLines(f.path);
      batch = r.batch;
      if (r.error) out.warnings.push(warning(f.rel, r.error.code, `${f.rel}: ${r.error.message}`));
      if (r.longLines.length > 0)
        out.warnings.push(warning(f.rel, 'line-too-long', `${f.rel}: ${longLinesMessage(r.longLines)}`));
      if (r.badLines.length > 0)
        out.warnings.push(
          warning(f.rel, 'invalid-json', `${f.rel}: ${r.badLines.length} line(s) are not JSON`),
        );
    } else {
      const text = await readFileText(f.path);
      if (!text.ok) out.warnings.push(warning(f.rel, text.code, `${f.rel}: ${text.message}`));
      else {
        const body = text.text.replace(/^\uFEFF/, '');
        const fast = scanTrailText(body);
        let json: unknown;
        let parsed = true;
        if (!fast)
          try {
            json = JSON.parse(body);
          } catch {
            parsed = false;
          }
        const records = parsed ? cloudTrailRecordsOf(json) : undefined;
        const lines = parsed ? undefined : readJsonLinesText(body);
        if (fast) batch = fast;
        else if (records) addRecords(batch, records);
        else if (lines) batch = lines.batch;
        else if (!(parsed && isDigestFile(json)))
          out.warnings.push(
            warning(f.rel, parsed ? 'unsupported-format' : 'invalid-json', `${f.rel}: not CloudTrail`),
          );
      }
    }
    out.events = batch.events;
    out.records = batch.records;
    out.skipped = batch.skipped + batch.invalid.length;
    if (batch.invalid.length > 0)
      out.warnings.push(
        warning(
          f.rel,
          'invalid-record',
          `${f.rel}: ${batch.invalid.length} chain record(s) skipped; first: ${batch.invalid[0]}`,
        ),
      );
    yield out;
  }
  opts.onProgress?.({ phase: 'done', done: files.length, total: files.length });
}

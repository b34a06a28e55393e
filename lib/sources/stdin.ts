/**
 * `-` as a path: standard input, copied into a private temporary file (0600 in a 0700 folder) so
 * the readers treat it like any file — gunzipped if gzip, recognised by content — with the same
 * limit as a file read whole, counted as the bytes arrive.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Result } from '../model';
import { err, ok } from '../model';
import { MAX_FILE_BYTES } from './cloudtrail';

export interface StagedStdin {
  /** The file holding standard input; warnings name it `stdin`. */
  path: string;
  cleanup: () => Promise<void>;
}

export async function stageStdin(
  input: NodeJS.ReadableStream,
  limit: number = MAX_FILE_BYTES,
): Promise<Result<StagedStdin>> {
  const dir = await mkdtemp(join(tmpdir(), 'rolechain-stdin-'));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  const path = join(dir, 'stdin');
  let seen = 0;
  const count = new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      done(seen > limit ? new Error('too large') : null, chunk);
    },
  });
  try {
    await pipeline(input, count, createWriteStream(path, { mode: 0o600 }));
  } catch (e) {
    await cleanup();
    return seen > limit
      ? err(
          'stdin-too-large',
          `standard input is over ${limit / 1024 / 1024} MiB, the most read as one document; save it to a file (a .jsonl file is streamed)`,
        )
      : err('stdin-unreadable', `cannot read standard input: ${(e as Error).message}`);
  }
  return ok({ path, cleanup });
}

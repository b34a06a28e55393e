/** Uploaded files → a private temp folder, with limits and names that cannot escape it. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Result } from '../model';
import { err, ok } from '../model';

/** Documented in the README's Security section. Larger sets go through `rolechain import`, which streams. */
export const UPLOAD_LIMITS = { totalBytes: 256 * 1024 * 1024, files: 2000 } as const;

/** A file name reduced to its last segment, with nothing that could climb out of the folder. */
export function safeName(name: string, index: number): string {
  const base = basename(name.replace(/\\/g, '/'))
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .replace(/^\.+/, '');
  return `${String(index).padStart(4, '0')}-${base === '' ? 'file' : base}`;
}

export interface UploadedFile {
  name: string;
  bytes: Uint8Array;
}

/**
 * Writes the files into a new private temp folder (0700, files 0600) and returns it with a cleanup
 * function; should writing fail part way, the folder is removed before the error propagates.
 */
export async function stage(
  files: readonly UploadedFile[],
  base: string = tmpdir(),
): Promise<{ dir: string; names: Map<string, string>; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(base, 'rolechain-upload-'));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  const names = new Map<string, string>();
  try {
    let i = 0;
    for (const f of files) {
      const staged = safeName(f.name, i++);
      names.set(staged, f.name);
      await writeFile(join(dir, staged), f.bytes, { mode: 0o600 });
    }
  } catch (e) {
    await cleanup();
    throw e;
  }
  return { dir, names, cleanup };
}

const TOO_LARGE = `An upload may hold at most ${UPLOAD_LIMITS.totalBytes / 1024 / 1024} MiB; use \`rolechain import <folder>\` for more.`;

/** What a limited stream errors with once its limit is passed. */
export class BodyTooLarge extends Error {}

/** A byte stream that errors as soon as more than `limit` bytes have passed through it. */
export function limitedStream(body: ReadableStream<Uint8Array>, limit: number): ReadableStream<Uint8Array> {
  let seen = 0;
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > limit) controller.error(new BodyTooLarge());
        else controller.enqueue(chunk);
      },
    }),
  );
}

/**
 * An upload's multipart form, read with the size limit enforced on the bytes as they arrive: a
 * `Content-Length` over the limit is refused before reading, and a body sent without one (chunked)
 * or with a false one is cut off at the limit instead of being buffered whole.
 */
export async function readUploadForm(
  req: Request,
  limit: number = UPLOAD_LIMITS.totalBytes,
): Promise<Result<FormData>> {
  const length = Number(req.headers.get('content-length') ?? 0);
  if (length > limit) return err('payload_too_large', TOO_LARGE);
  if (!req.body) return err('bad_body', 'The upload is empty: send the files in a field named "files".');
  const parsed = new Response(limitedStream(req.body, limit), {
    headers: { 'content-type': req.headers.get('content-type') ?? '' },
  });
  try {
    return ok(await parsed.formData());
  } catch (e) {
    if (e instanceof BodyTooLarge || (e instanceof Error && e.cause instanceof BodyTooLarge))
      return err('payload_too_large', TOO_LARGE);
    return err('bad_body', 'The upload could not be read as multipart/form-data.');
  }
}

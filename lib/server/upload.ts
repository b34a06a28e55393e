/** Uploaded files → a private temp folder, with limits and names that cannot escape it. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

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

/** Writes the files into a new temp folder and returns it with a cleanup function. */
export async function stage(
  files: readonly UploadedFile[],
): Promise<{ dir: string; names: Map<string, string>; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'rolechain-upload-'));
  const names = new Map<string, string>();
  let i = 0;
  for (const f of files) {
    const staged = safeName(f.name, i++);
    names.set(staged, f.name);
    await writeFile(join(dir, staged), f.bytes);
  }
  return { dir, names, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

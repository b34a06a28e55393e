/**
 * Writes the embedded demo organisation into `demo/` (or the folder given as the first argument):
 * clears everything there except README.md, then writes every file `buildDemo()` returns.
 * Deterministic: a fixed seed and a fixed clock, so running it twice gives identical bytes.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDemo } from './demo/build';
import type { BuildOptions } from './demo/build';

const KEEP = new Set(['README.md']);

/** Clears `dir` (except README.md) and writes the demo into it; returns the number of files and bytes. */
export function writeDemo(dir: string, options: BuildOptions = {}): { files: number; bytes: number } {
  mkdirSync(dir, { recursive: true });
  for (const entry of readdirSync(dir)) {
    if (!KEEP.has(entry)) rmSync(join(dir, entry), { recursive: true, force: true });
  }
  let bytes = 0;
  const files = buildDemo(options);
  for (const [path, content] of files) {
    const target = join(dir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
    bytes += content.byteLength;
  }
  return { files: files.size, bytes };
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const here = dirname(fileURLToPath(import.meta.url));
  const dir = resolve(process.argv[2] ?? join(here, '..', 'demo'));
  const { files, bytes } = writeDemo(dir);
  process.stdout.write(`demo: wrote ${files} files, ${(bytes / 1024).toFixed(0)} KiB, into ${dir}\n`);
}

/**
 * Runs a Node process and measures it whole: CPU seconds (user + system, from start to exit, through
 * the `cpu-usage.mjs` preload) and wall seconds. For the benches of commands as users run them.
 */
import { spawn } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** bench/ or .bench-build/: both sit one level below the repository. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const HOOK = join(ROOT, 'bench', 'cpu-usage.mjs');

export interface ProcessCost {
  cpu: number;
  wall: number;
  code: number | null;
}

/**
 * Runs `node <args>` with stdout to `stdoutFile` (or discarded); resolves with its CPU and wall seconds.
 * `env` is added to the child's environment (e.g. ROLECHAIN_HEAP_PROBE with the heap-probe preload).
 */
export function measureNode(
  args: string[],
  stdoutFile?: string,
  cwd = ROOT,
  env: Record<string, string> = {},
): Promise<ProcessCost> {
  return new Promise((resolve, reject) => {
    const out = stdoutFile ? openSync(stdoutFile, 'w') : 'ignore';
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', HOOK, ...args], {
      cwd,
      stdio: ['ignore', out, 'inherit', 'pipe'],
      env: { ...process.env, ...env },
    });
    let usage = '';
    const fd3 = child.stdio[3];
    if (fd3 && 'setEncoding' in fd3) {
      (fd3 as NodeJS.ReadableStream).setEncoding('utf8');
      (fd3 as NodeJS.ReadableStream).on('data', (d: string) => (usage += d));
    }
    child.on('error', reject);
    child.on('close', (code) => {
      const wall = (performance.now() - started) / 1000;
      if (typeof out === 'number') closeSync(out);
      const micros = Number(usage.trim());
      if (!Number.isFinite(micros) || usage.trim() === '')
        reject(new Error(`node ${args.join(' ')}: no CPU figure (exit ${code ?? 'signal'})`));
      else resolve({ cpu: micros / 1e6, wall, code });
    });
  });
}

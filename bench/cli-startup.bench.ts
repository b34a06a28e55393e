/**
 * How fast `rolechain` starts, as a user or a CI step runs it: `node bin/rolechain.cjs --help` (the
 * package's bin, which prints the compiled usage text in dist/cli/usage.cjs), side by side with a bare `node -e 0` on
 * the same machine in the same minutes, alternating, so that both see the same load. Wall-clock medians;
 * the budget is 120 ms and 1.5× node itself. The bundle is rebuilt first (`npm run build:cli`), so the
 * figure is the current sources'.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchResult } from './types';
import { median, result } from './types';

const RUNS = Number(process.env.BENCH_RUNS ?? 21);
// bench/ or .bench-build/ (the runner's bundle): the project is one level up either way.
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin/rolechain.cjs');

// Preloaded into both commands alike: reports the process's own CPU time (µs resolution) on file
// descriptor 3 as it exits. On a loaded machine wall time mostly measures the queue for a core; CPU
// time is what the command itself costs.
const CPU_AT_EXIT = `process.on('exit', () => require('node:fs').writeSync(3, JSON.stringify(process.cpuUsage())));`;

/** Wall-clock and CPU milliseconds of one process, start to exit. */
function measure(args: string[], env: NodeJS.ProcessEnv, preload: string): { wall: number; cpu: number } {
  const t = performance.now();
  const r = spawnSync(process.execPath, ['--require', preload, ...args], {
    env,
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  const wall = performance.now() - t;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${String(r.stderr)}`);
  const cpu = JSON.parse(String(r.output[3])) as { user: number; system: number };
  return { wall, cpu: (cpu.user + cpu.system) / 1000 };
}

export async function run(): Promise<BenchResult[]> {
  const built = spawnSync(process.execPath, [join(ROOT, 'scripts/build-cli.mjs')], { stdio: 'inherit' });
  if (built.status !== 0) throw new Error('npm run build:cli failed');
  // What a user's shell passes: nothing of the bench runner (no --expose-gc, no source fallback).
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.ROLECHAIN_CLI_FROM_SOURCE;
  delete env.NODE_OPTIONS;
  const dir = mkdtempSync(join(tmpdir(), 'rolechain-bench-cli-'));
  const preload = join(dir, 'cpu-at-exit.cjs');
  writeFileSync(preload, CPU_AT_EXIT);
  const node: number[] = [];
  const help: number[] = [];
  const nodeCpu: number[] = [];
  const helpCpu: number[] = [];
  measure(['-e', '0'], env, preload);
  measure([BIN, '--help'], env, preload);
  for (let i = 0; i < RUNS; i++) {
    const n = measure(['-e', '0'], env, preload);
    const h = measure([BIN, '--help'], env, preload);
    node.push(n.wall);
    nodeCpu.push(n.cpu);
    help.push(h.wall);
    helpCpu.push(h.cpu);
  }
  rmSync(dir, { recursive: true, force: true });
  const ratio = help.map((h, i) => h / node[i]!);
  return [
    result('cli: node -e 0 (the floor, same runs)', 'ms', node),
    result('cli: rolechain --help, wall clock', 'ms', help, { budget: 120 }),
    result('cli: node -e 0, CPU', 'cpu-ms', nodeCpu),
    result('cli: rolechain --help, CPU', 'cpu-ms', helpCpu),
    {
      ...result('cli: rolechain --help ÷ node -e 0, run by run', '×', ratio, { budget: 1.5 }),
      // The ratio of medians too, for the table's readers: the per-run ratio is the budgeted one.
      name: `cli: rolechain --help ÷ node -e 0, run by run (ratio of medians ${(median(help) / median(node)).toFixed(2)})`,
    },
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const r of await run()) process.stdout.write(`${JSON.stringify(r)}\n`);
}

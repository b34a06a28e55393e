/**
 * `npm run bench [-- --json] [-- name…]`: runs every `bench/*.bench.ts` (or those named) and prints
 * each figure with its budget. Medians over several runs: this machine is shared and noisy.
 *
 * The in-process benches (engine, graph, findings, readers, store) are first bundled with esbuild, as
 * the dashboard's code is bundled by Next: run through tsx, every function would carry the `__name`
 * wrapper tsx adds (esbuild's keepNames), which costs 10–50% in these hot paths and is not what users run.
 * The API and browser benches measure the production build and run as they are; it is made first
 * (`npm run build`) when it is missing or older than the app's sources, so a clean clone needs only
 * `npm install` and `npm run bench`.
 */
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchResult } from './types';

const here = dirname(fileURLToPath(import.meta.url));
const BUILD_DIR = join(here, '..', '.bench-build');
/** Benches that need the production build of the app; they run as written. */
const AS_IS = new Set(['api.bench.ts', 'org-serve.bench.ts', 'ui-graph.bench.ts']);

/** The module to import for a bench file: its esbuild bundle, or the file itself. */
async function moduleOf(file: string): Promise<string> {
  if (AS_IS.has(file)) return pathToFileURL(join(here, file)).href;
  const outfile = join(BUILD_DIR, file.replace(/\.ts$/, '.mjs'));
  await build({
    entryPoints: [join(here, file)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  return pathToFileURL(outfile).href;
}
const ROOT = join(here, '..');
/** What the production build is made from (tests and benches aside, which it does not include). */
const APP_SOURCES = [
  'app',
  'components',
  'lib',
  'public',
  'demo',
  'proxy.ts',
  'next.config.js',
  'package.json',
];

/** The newest modification time among the app's sources, in ms. */
function newestSource(path: string): number {
  let st;
  try {
    st = statSync(path);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return path.endsWith('.test.ts') || path.endsWith('.test.tsx') ? 0 : st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestSource(join(path, name)));
  return newest;
}

/** Why the production build must be made before the API and browser benches, if it must. */
function staleBuild(): string | undefined {
  const dist = join(ROOT, process.env.ROLECHAIN_DIST_DIR || '.next');
  let built: number;
  try {
    built = statSync(join(dist, 'BUILD_ID')).mtimeMs;
  } catch {
    return 'there is no production build';
  }
  const newest = Math.max(...APP_SOURCES.map((p) => newestSource(join(ROOT, p))));
  return newest > built ? 'the production build is older than the sources' : undefined;
}

function buildApp(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`npm run build exited with ${code}`)),
    );
  });
}

const args = process.argv.slice(2);
const json = args.includes('--json');
const only = args.filter((a) => !a.startsWith('--'));

const fmt = (n: number | null): string =>
  n === null || !Number.isFinite(n)
    ? '–'
    : n >= 1000
      ? Math.round(n).toLocaleString('en-US')
      : n >= 10
        ? n.toFixed(1)
        : n.toFixed(3);

/**
 * Runs one bench module in a child process of its own and returns its results. Why: in one process, a
 * bench ran on the heap and caches the previous ones left (a million audit events, whole organisations),
 * and its figures moved with the order the benches ran in.
 */
function runIsolated(file: string, url: string): Promise<BenchResult[]> {
  const script = `const m = await import(${JSON.stringify(url)});
for (const r of await m.run()) process.stdout.write('\\u0000' + JSON.stringify(r) + '\\n');`;
  const args = [
    '--expose-gc',
    ...(AS_IS.has(file) ? ['--import', 'tsx'] : []),
    '--input-type=module',
    '-e',
    script,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const results = out
        .split('\n')
        .filter((l) => l.startsWith('\u0000'))
        .map((l) => JSON.parse(l.slice(1)) as BenchResult);
      if (code !== 0) reject(new Error(`exited with ${code ?? 'a signal'}`));
      else resolve(results);
    });
  });
}

async function main(): Promise<number> {
  const files = readdirSync(here)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
    .sort();
  let failed = 0;
  const rows: BenchResult[] = [];
  const stale = files.some((f) => AS_IS.has(f)) ? staleBuild() : undefined;
  if (stale) {
    process.stderr.write(`${stale}: running npm run build for the API and browser benches…\n`);
    await buildApp();
  }
  for (const f of files) {
    if (!json) process.stderr.write(`running ${f}…\n`);
    const started = performance.now();
    try {
      for (const r of await runIsolated(f, await moduleOf(f))) {
        rows.push(r);
        if (r.ok === false) failed++;
        if (json) process.stdout.write(JSON.stringify(r) + '\n');
      }
      if (!json) process.stderr.write(`  ${f} took ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
    } catch (e) {
      failed++;
      process.stderr.write(`${f} failed: ${e instanceof Error ? e.message : String(e)}\n`);
    }
  }
  if (!json) {
    const head = ['benchmark', 'median', 'min', 'max', 'unit', 'runs', 'budget', ''];
    const body = rows.map((r) => [
      r.name,
      fmt(r.median),
      fmt(r.min),
      fmt(r.max),
      r.unit,
      String(r.runs),
      r.budget === undefined ? '' : `${r.higherIsBetter ? '≥' : '≤'} ${fmt(r.budget)}`,
      r.ok === undefined ? '' : r.ok ? 'ok' : 'MISSED',
    ]);
    const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
    for (const line of [head, ...body])
      process.stdout.write(
        line
          .map((c, i) => c.padEnd(w[i]!))
          .join('  ')
          .trimEnd() + '\n',
      );
  }
  return failed > 0 ? 1 : 0;
}

process.exitCode = await main();

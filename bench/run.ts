/**
 * `npm run bench [-- --json] [-- name…]`: runs every `bench/*.bench.ts` (or those named) and prints
 * each figure with its budget. Medians over several runs: this machine is shared and noisy.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './types';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const json = args.includes('--json');
const only = args.filter((a) => !a.startsWith('--'));

const fmt = (n: number): string =>
  n >= 1000 ? Math.round(n).toLocaleString('en-US') : n >= 10 ? n.toFixed(1) : n.toFixed(3);

async function main(): Promise<number> {
  const files = readdirSync(here)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
    .sort();
  let failed = 0;
  const rows: BenchResult[] = [];
  for (const f of files) {
    if (!json) process.stderr.write(`running ${f}…\n`);
    const mod = (await import(join(here, f))) as { run: () => Promise<BenchResult[]> };
    try {
      for (const r of await mod.run()) {
        rows.push(r);
        if (r.ok === false) failed++;
        if (json) process.stdout.write(JSON.stringify(r) + '\n');
      }
    } catch (e) {
      failed++;
      process.stderr.write(`${f} failed: ${e instanceof Error ? e.stack : String(e)}\n`);
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

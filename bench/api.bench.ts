/**
 * API latency under load: the production server (`next start`, needs `npm run build` first) on a
 * store holding a generated 10 × 1,000-role organisation, 16 concurrent clients on loopback asking
 * for graph neighbourhoods and for findings as the findings view asks for them: the first page at the
 * default limit, unfiltered and filtered to the largest severity (low). Exports (`format=json|csv`) are
 * downloads, not what the budget covers. Budget: p95 under 200 ms, no errors.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Store } from '../lib/store';
import { generateOrg } from './generate-org';
import type { BenchResult } from './types';
import { percentile, result } from './types';

const ROOT = join(fileURLToPath(import.meta.url), '../..');
const PORT = Number(process.env.BENCH_API_PORT ?? 3190);
const CLIENTS = 16;
const REQUESTS_PER_CLIENT = Number(process.env.BENCH_API_REQUESTS ?? 40);

async function waitFor(url: string, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${ms} ms`);
}

export async function run(): Promise<BenchResult[]> {
  if (!existsSync(join(ROOT, '.next', 'BUILD_ID')))
    throw new Error('api bench: run `npm run build` first (it measures the production server).');
  const dataDir = mkdtempSync(join(tmpdir(), 'rolechain-bench-api-'));
  const org = generateOrg({ accounts: 10, rolesPerAccount: 1000, seed: 3 });
  const opened = Store.open(join(dataDir, 'rolechain.db'));
  if (!opened.ok) throw new Error(opened.error.message);
  opened.value.saveSnapshot(org);
  opened.value.close();
  const roles = org.roles.map((r) => r.arn);

  const server = spawn(
    process.execPath,
    [join(ROOT, 'node_modules/next/dist/bin/next'), 'start', '-H', '127.0.0.1', '-p', String(PORT)],
    {
      cwd: ROOT,
      env: { ...process.env, ROLECHAIN_DATA_DIR: dataDir, NEXT_TELEMETRY_DISABLED: '1' },
      stdio: 'ignore',
    },
  );
  try {
    const base = `http://127.0.0.1:${PORT}`;
    await waitFor(`${base}/api/health`, 60_000);
    // The first analysed request builds graph and findings; that is measured by the pipeline bench, not here.
    const warm = performance.now();
    const first = await fetch(`${base}/api/findings`);
    if (!first.ok) throw new Error(`warm-up failed: ${first.status} ${await first.text()}`);
    const warmMs = performance.now() - warm;

    const latencies: Record<'graph' | 'findings' | 'findingsLow', number[]> = {
      graph: [],
      findings: [],
      findingsLow: [],
    };
    let errors = 0;
    let i = 0;
    const client = async () => {
      for (let n = 0; n < REQUESTS_PER_CLIENT; n++) {
        const k = i++;
        const series = k % 2 === 0 ? 'graph' : k % 4 === 1 ? 'findings' : 'findingsLow';
        const url =
          series === 'graph'
            ? `${base}/api/graph?focus=${encodeURIComponent(roles[(k * 7919) % roles.length]!)}&depth=2`
            : series === 'findings'
              ? `${base}/api/findings`
              : `${base}/api/findings?severity=low`;
        const s = performance.now();
        try {
          const r = await fetch(url);
          await r.arrayBuffer();
          if (!r.ok) errors++;
        } catch {
          errors++;
        }
        latencies[series].push(performance.now() - s);
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, client));
    const total = CLIENTS * REQUESTS_PER_CLIENT;
    return [
      result('api: first analysed request (10 × 1,000 roles, cold)', 'ms', [warmMs]),
      result(`api: /api/graph focus depth 2, ${CLIENTS} clients (p50)`, 'ms', [
        percentile(latencies.graph, 50),
      ]),
      {
        ...result(
          `api: /api/graph focus depth 2, ${CLIENTS} clients (p95)`,
          'ms',
          [percentile(latencies.graph, 95)],
          { budget: 200 },
        ),
        runs: latencies.graph.length,
      },
      ...(
        [
          ['findings', '/api/findings first page'],
          ['findingsLow', '/api/findings?severity=low first page'],
        ] as const
      ).flatMap(([series, label]) => [
        result(`api: ${label}, ${CLIENTS} clients (p50)`, 'ms', [percentile(latencies[series], 50)]),
        {
          ...result(`api: ${label}, ${CLIENTS} clients (p95)`, 'ms', [percentile(latencies[series], 95)], {
            budget: 200,
          }),
          runs: latencies[series].length,
        },
      ]),
      { ...result(`api: errors out of ${total} requests`, 'requests', [errors], { budget: 0 }), runs: total },
    ];
  } finally {
    server.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const r of await run()) console.log(JSON.stringify(r));
}

/**
 * API latency under load: the production server (`next start`, needs `npm run build` first) on a
 * store holding a generated 10 × 1,000-role organisation, 16 concurrent clients on loopback asking
 * for graph neighbourhoods and for findings as the findings view asks for them: the first page at the
 * default limit, unfiltered and filtered to the largest severity (low). Exports (`format=json|csv`) are
 * downloads, not what the budget covers. Budget: p95 under 200 ms, no errors.
 *
 * After an unmeasured warm-up round, three rounds of 640 requests; each percentile is the median of
 * the rounds'. Latency on a shared machine moves with its load, so the server's CPU time per request,
 * which does not, is reported beside it.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
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
const WARMUP_PER_CLIENT = 10;
const ROUNDS = 3;

/**
 * CPU time (user + system, ms) of a process and its descendants, from Linux's /proc; undefined
 * elsewhere. It does not depend on what else the machine runs, as latency does.
 */
function processTreeCpuMs(pid: number): number | undefined {
  const tick = 1000 / 100; // USER_HZ is 100 on Linux.
  const own = (p: number): number | undefined => {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      // Fields after the command name, which may hold spaces, in parentheses: utime and stime are 14 and 15.
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(f[11]) + Number(f[12])) * tick;
    } catch {
      return undefined;
    }
  };
  const children = (p: number): number[] => {
    try {
      return readdirSync(`/proc/${p}/task`).flatMap((t) =>
        readFileSync(`/proc/${p}/task/${t}/children`, 'utf8').split(' ').filter(Boolean).map(Number),
      );
    } catch {
      return [];
    }
  };
  const first = own(pid);
  if (first === undefined) return undefined;
  let total = first;
  for (const c of children(pid)) total += processTreeCpuMs(c) ?? 0;
  return total;
}

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
  if (!existsSync(join(ROOT, process.env.ROLECHAIN_DIST_DIR || '.next', 'BUILD_ID')))
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

    // A round: 16 clients, each asking `perClient` times in turn for a graph focus, the findings page
    // and the low-severity findings page. Latencies per series, and the server's CPU time per request.
    type Series = 'graph' | 'findings' | 'findingsLow';
    let i = 0;
    const round = async (perClient: number) => {
      const latencies: Record<Series, number[]> = { graph: [], findings: [], findingsLow: [] };
      let errors = 0;
      const cpu0 = processTreeCpuMs(server.pid!);
      const client = async () => {
        for (let n = 0; n < perClient; n++) {
          const k = i++;
          const series: Series = k % 2 === 0 ? 'graph' : k % 4 === 1 ? 'findings' : 'findingsLow';
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
      const cpu1 = processTreeCpuMs(server.pid!);
      const requests = CLIENTS * perClient;
      return {
        latencies,
        errors,
        requests,
        cpuPerRequest: cpu0 === undefined || cpu1 === undefined ? undefined : (cpu1 - cpu0) / requests,
      };
    };
    // A server that has just started compiles its route code as it first runs it; a served dashboard is
    // past that. The warm-up round is not measured (its graph foci are not asked again).
    await round(WARMUP_PER_CLIENT);
    const rounds: Awaited<ReturnType<typeof round>>[] = [];
    for (let r = 0; r < ROUNDS; r++) rounds.push(await round(REQUESTS_PER_CLIENT));

    const total = rounds.reduce((n, r) => n + r.requests, 0);
    const errors = rounds.reduce((n, r) => n + r.errors, 0);
    const cpu = rounds.flatMap((r) => (r.cpuPerRequest === undefined ? [] : [r.cpuPerRequest]));
    const per = (series: Series, p: number) => rounds.map((r) => percentile(r.latencies[series], p));
    const withRequests = (b: BenchResult, series: Series): BenchResult => ({
      ...b,
      runs: rounds.length,
      name: `${b.name} [${rounds[0]!.latencies[series].length} requests × ${rounds.length} rounds]`,
    });
    return [
      result('api: first analysed request (10 × 1,000 roles, cold)', 'ms', [warmMs]),
      ...(
        [
          ['graph', '/api/graph focus depth 2'],
          ['findings', '/api/findings first page'],
          ['findingsLow', '/api/findings?severity=low first page'],
        ] as const
      ).flatMap(([series, label]) => [
        result(`api: ${label}, ${CLIENTS} clients (p50)`, 'ms', per(series, 50)),
        withRequests(
          result(`api: ${label}, ${CLIENTS} clients (p95)`, 'ms', per(series, 95), { budget: 200 }),
          series,
        ),
      ]),
      ...(cpu.length > 0
        ? [result('api: server CPU time per request (all three kinds)', 'cpu-ms', cpu)]
        : []),
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

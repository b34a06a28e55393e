/**
 * The whole analysis as the dashboard runs it, on generated organisations written in AWS's format:
 * files → model (the readers), graph with every edge decision, findings, peak memory; then chain
 * queries on the result. Budgets (2 cores): 10 × 1,000 roles graph + findings under 3 s and 1.5 GiB;
 * 100 × 500 under 20 s.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { computeFindings } from '../lib/findings';
import { blastRadius, buildGraph, chains, indexGraph, neighbourhood } from '../lib/graph';
import type { GraphIndex } from '../lib/graph';
import { loadFromPaths } from '../lib/sources/load';
import { generateOrg } from './generate-org';
import type { BenchResult } from './types';
import { collectGarbage, result } from './types';
import { writeAuthz } from './write-authz';

interface Size {
  accounts: number;
  roles: number;
  runs: number;
  budgetMs?: number;
}

const SIZES: Size[] = [
  { accounts: 10, roles: 1000, runs: 3, budgetMs: 3000 },
  { accounts: 100, roles: 500, runs: Number(process.env.BENCH_BIG_RUNS ?? 1), budgetMs: 20_000 },
];

/** Samples RSS every 20 ms while `fn` runs; the sampler runs between awaits, so it sees the peaks of async phases. */
async function withPeak<T>(fn: () => Promise<T>): Promise<{ value: T; peak: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  try {
    const value = await fn();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { value, peak };
  } finally {
    clearInterval(timer);
  }
}

function time<T>(fn: () => T): [T, number] {
  const s = performance.now();
  const v = fn();
  return [v, performance.now() - s];
}

/** CPU milliseconds of this process (all its threads, GC included) spent in `fn`. */
function cpuTime<T>(fn: () => T): [T, number] {
  const c = process.cpuUsage();
  const v = fn();
  const d = process.cpuUsage(c);
  return [v, (d.user + d.system) / 1000];
}

function queries(index: GraphIndex, label: string): BenchResult[] {
  const roles = [...index.nodes.values()].filter((n) => n.kind === 'role');
  const entries = [...index.nodes.values()].filter((n) => n.kind === 'instance-profile' || n.kind === 'user');
  const buckets = [...index.nodes.values()].filter((n) => n.kind === 'bucket');
  const pick = <T>(xs: T[], i: number): T => xs[(i * 7919) % xs.length]!;
  const bench = (name: string, fn: (i: number) => unknown): BenchResult => {
    const samples: number[] = [];
    for (let i = 0; i < 25; i++) samples.push(time(() => fn(i))[1]);
    return result(`${label}: ${name}`, 'ms', samples);
  };
  return [
    bench('neighbourhood of a role, depth 3', (i) =>
      neighbourhood(index, pick(roles, i).id, 3, { maxNodes: 300 }),
    ),
    bench('all chains from an entry point, depth 6', (i) =>
      chains(index, pick(entries, i).id, undefined, { maxDepth: 6 }),
    ),
    bench('blast radius of a bucket', (i) => blastRadius(index, pick(buckets, i).id)),
  ];
}

export async function run(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  // BENCH_BIG_RUNS=0 leaves the 100 × 500 organisation out (a quick look at 10 × 1,000 alone).
  for (const size of SIZES.filter((s) => s.runs > 0)) {
    const label = `${size.accounts} × ${size.roles.toLocaleString('en-US')}`;
    const org = generateOrg({ accounts: size.accounts, rolesPerAccount: size.roles, seed: 1 });
    const dir = mkdtempSync(join(tmpdir(), 'rolechain-bench-pipeline-'));
    try {
      const bytes = writeAuthz(org, dir);
      const load: number[] = [];
      const analyse: number[] = [];
      const analyseCpu: number[] = [];
      let peak = 0;
      let index: GraphIndex | undefined;
      for (let r = 0; r < size.runs; r++) {
        // Each run starts as the dashboard's first analysis does: nothing of an earlier run alive, no
        // collection owed for it (before, run 2 paid a full collection of run 1's 350 MB, kept alive
        // here by the index of its graph). The JIT stays warm; `first run` below is the cold figure.
        index = undefined;
        collectGarbage();
        const measured = await withPeak(async () => {
          const s = performance.now();
          const loaded = await loadFromPaths([dir]);
          const l = performance.now() - s;
          const s2 = performance.now();
          const [graph, cpu] = cpuTime(() => {
            const built = buildGraph(loaded.snapshot);
            computeFindings({ snapshot: loaded.snapshot, graph: built, now: loaded.snapshot.createdAt });
            return built;
          });
          return { l, a: performance.now() - s2, cpu, graph };
        });
        load.push(measured.value.l);
        analyse.push(measured.value.a);
        analyseCpu.push(measured.value.cpu);
        peak = Math.max(peak, measured.peak);
        if (r === size.runs - 1) index = indexGraph(measured.value.graph);
      }
      out.push(
        result(`pipeline ${label}: read ${(bytes / 1e6).toFixed(0)} MB of authz details`, 'ms', load),
        result(
          `pipeline ${label}: graph + findings`,
          'ms',
          analyse,
          size.budgetMs ? { budget: size.budgetMs } : {},
        ),
        // CPU time: what the budget means on a quiet machine; wall clock above swings with other load.
        result(`pipeline ${label}: graph + findings, CPU time`, 'cpu-ms', analyseCpu),
        // The first run of this process: code not yet optimised, as in a dashboard's first analysis.
        result(`pipeline ${label}: graph + findings, first run (cold JIT)`, 'ms', analyse.slice(0, 1)),
        result(
          `pipeline ${label}: peak RSS`,
          'MiB',
          [peak / 1024 / 1024],
          size.accounts === 10 ? { budget: 1536 } : {},
        ),
      );
      if (index) out.push(...queries(index, `queries ${label}`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const r of await run()) console.log(JSON.stringify(r));
}

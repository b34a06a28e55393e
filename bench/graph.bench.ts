/**
 * Role-graph build time on generated organisations (bench/generate-org.ts): 10 accounts × 1,000 roles
 * (budget 3 s) and 5,000 roles in one account (budget 2 s), plus the engine calls each build makes, and
 * the naive all-pairs baseline (every principal × every role through the engine) on a small organisation,
 * against the indexed candidates on the same one. Standalone: `node --import tsx bench/graph.bench.ts`.
 */
import { pathToFileURL } from 'node:url';
import type { Snapshot } from '../lib/model';
import { buildGraph } from '../lib/graph';
import { trustInput } from '../lib/graph/build';
import { engineStats, evaluatePrincipal } from '../lib/graph/engine';
import type { IamPrincipal } from '../lib/graph/snapshot-index';
import { indexSnapshot } from '../lib/graph/snapshot-index';
import { generateOrg } from './generate-org';
import type { BenchResult } from './types';
import { collectGarbage, result } from './types';

const RUNS = Number(process.env.ROLECHAIN_BENCH_RUNS ?? 3);

function time(fn: () => void, runs: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    out.push(performance.now() - t);
  }
  return out;
}

/**
 * Builds the graph of a fresh copy of the snapshot per run (copied outside the timing): the engine caches
 * compiled policies per document object, so building the same snapshot twice would time a warm second run.
 * Returns wall-clock and CPU milliseconds.
 */
function coldBuilds(snapshot: Snapshot, runs: number): { wall: number[]; cpu: number[] } {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const copy = structuredClone(snapshot);
    collectGarbage(); // the previous run's graph is garbage: its collection is not this run's cost
    const c = process.cpuUsage();
    const t = performance.now();
    buildGraph(copy);
    wall.push(performance.now() - t);
    const d = process.cpuUsage(c);
    cpu.push((d.user + d.system) / 1000);
  }
  return { wall, cpu };
}

/** Every principal against every role's trust, as a tool without indexes would do it: n × m engine calls. */
function naiveAssumePairs(snapshot: Snapshot): number {
  const sx = indexSnapshot(snapshot);
  const principals: IamPrincipal[] = [
    ...snapshot.roles.map((role): IamPrincipal => ({ kind: 'role', role })),
    ...snapshot.users.map((user): IamPrincipal => ({ kind: 'user', user })),
  ];
  let edges = 0;
  for (const target of snapshot.roles) {
    const side = { resource: target.arn, policy: trustInput(target) };
    for (const p of principals) {
      const ev = evaluatePrincipal(sx, p, 'sts:AssumeRole', side, 'open');
      if (ev.decision === 'Allow' || ev.decision === 'Conditional') edges++;
    }
  }
  return edges;
}

export async function run(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  const big = generateOrg({ accounts: 10, rolesPerAccount: 1000, seed: 7 });
  const flat = generateOrg({ accounts: 1, rolesPerAccount: 5000, seed: 11 });
  buildGraph(generateOrg({ accounts: 2, rolesPerAccount: 50, seed: 3 })); // warm the JIT

  engineStats.calls = 0;
  const bigSamples = coldBuilds(big, RUNS);
  const bigCalls = engineStats.calls / RUNS;
  out.push(
    result(
      `graph: buildGraph, 10 accounts × 1,000 roles (${big.roles.length} roles), cold`,
      'ms',
      bigSamples.wall,
      { budget: 3000 },
    ),
    result('graph: buildGraph, 10 × 1,000, CPU time (same runs)', 'cpu-ms', bigSamples.cpu),
  );
  out.push(result('graph: engine calls per build, 10 × 1,000', 'calls', [bigCalls]));

  engineStats.calls = 0;
  const flatSamples = coldBuilds(flat, RUNS);
  out.push(
    result(
      `graph: buildGraph, 5,000 roles in one account (${flat.roles.length} roles), cold`,
      'ms',
      flatSamples.wall,
      { budget: 2000 },
    ),
    result('graph: buildGraph, 1 × 5,000, CPU time (same runs)', 'cpu-ms', flatSamples.cpu),
  );
  out.push(result('graph: engine calls per build, 1 × 5,000', 'calls', [engineStats.calls / RUNS]));

  // The baseline compares candidate generation only (assume edges), on an organisation small enough for n × m.
  const small = generateOrg({ accounts: 2, rolesPerAccount: 100, seed: 5 });
  engineStats.calls = 0;
  const indexed = time(() => buildGraph(small, { access: false }), 1);
  const indexedCalls = engineStats.calls;
  engineStats.calls = 0;
  const naive = time(() => naiveAssumePairs(small), 1);
  const naiveCalls = engineStats.calls;
  out.push(
    result(`graph: assume edges by all-pairs, ${small.roles.length} roles (naive baseline)`, 'ms', naive),
  );
  out.push(result(`graph: assume edges by indexes, ${small.roles.length} roles`, 'ms', indexed));
  out.push(
    result('graph: all-pairs ÷ indexed engine calls', '×', [naiveCalls / Math.max(1, indexedCalls)], {
      higherIsBetter: true,
    }),
  );
  out.push(
    result('graph: all-pairs ÷ indexed time', '×', [(naive[0] ?? 0) / Math.max(1e-6, indexed[0] ?? 0)], {
      higherIsBetter: true,
    }),
  );
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const r of await run()) process.stdout.write(JSON.stringify(r) + '\n');
}

/**
 * `computeFindings` on a generated organisation (bench/generate-org.ts): every rule with its fixes, over
 * a graph built once; then reading every fix's re-check (worked out when first read, as an export of
 * all findings does; the dashboard reads a page at a time). Runs standalone: `node --import tsx bench/findings.bench.ts`.
 */
import { fileURLToPath } from 'node:url';
import { buildGraph } from '../lib/graph';
import { computeFindings } from '../lib/findings';
import { generateOrg } from './generate-org';
import type { BenchResult } from './types';
import { result } from './types';

const RUNS = 5;

async function measure(accounts: number, rolesPerAccount: number, budgetMs: number): Promise<BenchResult[]> {
  const snapshot = generateOrg({ accounts, rolesPerAccount, seed: 7 });
  const graph = buildGraph(snapshot);
  const samples: number[] = [];
  const rechecks: number[] = [];
  let count = 0;
  let rechecked = 0;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    const findings = computeFindings({ snapshot, graph });
    samples.push(performance.now() - t);
    count = findings.length;
    const t2 = performance.now();
    rechecked = 0;
    for (const f of findings) if (f.fix?.recheck) rechecked++;
    rechecks.push(performance.now() - t2);
    await new Promise((r) => setImmediate(r));
  }
  const roles = accounts * rolesPerAccount;
  return [
    result(`computeFindings, ${accounts}×${rolesPerAccount} roles (${count} findings)`, 'ms', samples, {
      budget: budgetMs,
    }),
    result(
      `findings: every fix re-checked on top, ${accounts}×${rolesPerAccount} roles (${rechecked} re-checks)`,
      'ms',
      rechecks,
    ),
    result(
      `findings throughput, ${roles} roles`,
      'roles/s',
      samples.map((ms) => (roles * 1000) / ms),
      { higherIsBetter: true },
    ),
  ];
}

export async function run(): Promise<BenchResult[]> {
  return [...(await measure(5, 200, 2000)), ...(await measure(5, 1000, 10000))];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const r of await run()) console.log(JSON.stringify(r));
}

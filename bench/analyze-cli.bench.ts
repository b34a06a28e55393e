/**
 * `rolechain analyze` as a user runs it, whole process through the CLI bundle (see cli-bundle.ts), JSON
 * output (every finding's fix vetted, as the dashboard and SARIF need them): the 78-role public account
 * of test/fixtures/real/authz (cloudsplaining's example) and the demo organisation. Budgets (wall):
 * ≤ 0.5 s and ≤ 1 s (ok or MISSED in the table). CPU seconds are printed beside them, and the load
 * average the runs saw: on a shared machine the wall time also measures everyone else's load.
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { cliBundle } from './cli-bundle';
import { measureNode, ROOT } from './process-cpu';
import type { BenchResult } from './types';
import { result } from './types';

const RUNS = Number(process.env.BENCH_ANALYZE_RUNS ?? 5);
const ACCOUNT = join(ROOT, 'test', 'fixtures', 'real', 'authz', 'cloudsplaining_examples_example.json');

export async function run(): Promise<BenchResult[]> {
  const cli = await cliBundle();
  const cases = [
    {
      name: 'analyze, 78-role account file',
      args: ['analyze', '--snapshot', ACCOUNT, '--format', 'json'],
      budget: 0.5,
    },
    { name: 'analyze, demo organisation', args: ['analyze', '--format', 'json'], budget: 1 },
  ];
  const out: BenchResult[] = [];
  const load: number[] = [];
  for (const c of cases) {
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      load.push(loadavg()[0] ?? NaN);
      const m = await measureNode([...cli.args, ...c.args]);
      if (m.code !== 0 && m.code !== 1) throw new Error(`${c.name}: exit ${m.code ?? 'signal'}`);
      wall.push(m.wall);
      cpu.push(m.cpu);
    }
    out.push(result(`${c.name} (${cli.label}): wall`, 's', wall, { budget: c.budget }));
    out.push(result(`${c.name}: CPU`, 'CPU s', cpu));
  }
  out.push(result('analyze runs: 1-minute load average of the machine (2 cores here)', 'load', load));
  return out;
}

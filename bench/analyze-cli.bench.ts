/**
 * `rolechain analyze` as a user runs it, whole process through the CLI bundle (see cli-bundle.ts), JSON
 * output (every finding's fix vetted, as the dashboard and SARIF need them): the 78-role public account
 * of test/fixtures/real/authz (cloudsplaining's example) and the demo organisation. Budgets (wall):
 * ≤ 0.5 s and ≤ 1 s (ok or MISSED in the table). CPU seconds are printed beside them, and the load
 * average the runs saw: on a shared machine the wall time also measures everyone else's load.
 *
 * Opt-in, `ANALYZE_ORG=1000x200` (accounts x roles, comma-separated for more): the shipped command on a
 * generated organisation's files (bench/generate-org.ts, written as get-account-authorization-details
 * by bench/write-authz.ts), once in each format (table, json, sarif), at the default heap (no flag; the
 * command itself runs a large estate in a child with the larger young generation, cli/analysis-process.ts,
 * whose CPU and memory the probes count: bench/cpu-usage.mjs, bench/heap-probe.mjs):
 * wall, CPU seconds, peak RSS and the live heap (bench/heap-probe.mjs), which lib/app/capacity.ts is
 * calibrated on. `ANALYZE_ORG_DIR` reuses files already written there; `ANALYZE_ORG_ONLY=1` skips the
 * small cases. At 50,000 roles and more, run it
 * under the machine-wide lock (README, Performance).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateOrg } from './generate-org';
import { writeAuthz } from './write-authz';
import { cliBundle } from './cli-bundle';
import { measureNode, ROOT } from './process-cpu';
import type { BenchResult } from './types';
import { result } from './types';

const RUNS = Number(process.env.BENCH_ANALYZE_RUNS ?? 5);
const ACCOUNT = join(ROOT, 'test', 'fixtures', 'real', 'authz', 'cloudsplaining_examples_example.json');

const PROBE = join(ROOT, 'bench', 'heap-probe.mjs');
const FORMATS = ['table', 'json', 'sarif'] as const;

/** Writes the organisation in a child process, so this one never holds it. */
function writeOrg(accounts: number, roles: number, dir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const self = fileURLToPath(import.meta.url);
    const loader = self.endsWith('.ts') ? ['--import', 'tsx'] : [];
    const args = [...loader, self, '--analyze-org-write', String(accounts), String(roles), dir];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`writing the org: exit ${code}`)),
    );
  });
}

/** The opt-in organisation sizes (`ANALYZE_ORG`), each analysed once per format. */
async function organisations(cli: { args: string[]; label: string }): Promise<BenchResult[]> {
  const sizes = (process.env.ANALYZE_ORG ?? '').split(',').filter((x) => x.trim() !== '');
  const out: BenchResult[] = [];
  for (const size of sizes) {
    const [accounts, roles] = size.split('x').map(Number);
    if (!accounts || !roles) throw new Error(`ANALYZE_ORG: ${size} is not accounts x roles`);
    const given = process.env.ANALYZE_ORG_DIR;
    const dir = given ?? mkdtempSync(join(tmpdir(), 'rolechain-bench-analyze-org-'));
    try {
      if (!given || !existsSync(join(dir, 'accounts'))) await writeOrg(accounts, roles, dir);
      for (const format of FORMATS) {
        const probe = join(tmpdir(), `rolechain-heap-probe-${process.pid}.json`);
        const load = loadavg()[0] ?? NaN;
        const m = await measureNode(
          ['--import', PROBE, ...cli.args, 'analyze', dir, '--format', format],
          undefined,
          ROOT,
          { ROLECHAIN_HEAP_PROBE: probe },
        );
        if (m.code !== 0 && m.code !== 1)
          throw new Error(`analyze ${size} --format ${format}: exit ${m.code ?? 'signal'}`);
        const heap = JSON.parse(readFileSync(probe, 'utf8')) as {
          peakRssMiB: number;
          liveHeapMiB: number;
          heapLimitMiB: number;
        };
        rmSync(probe, { force: true });
        const name = `analyze ${size} --format ${format} (${cli.label}, default heap ${heap.heapLimitMiB.toFixed(0)} MiB)`;
        out.push(result(`${name}: wall`, 's', [m.wall]));
        out.push(result(`analyze ${size} --format ${format}: CPU`, 'CPU s', [m.cpu]));
        out.push(result(`analyze ${size} --format ${format}: peak RSS`, 'MiB', [heap.peakRssMiB]));
        out.push(
          result(`analyze ${size} --format ${format}: live heap (after a full GC, at most)`, 'MiB', [
            heap.liveHeapMiB,
          ]),
        );
        out.push(result(`analyze ${size} --format ${format}: load average`, 'load', [load]));
      }
    } finally {
      if (!given) rmSync(dir, { recursive: true, force: true });
    }
  }
  return out;
}

export async function run(): Promise<BenchResult[]> {
  const cli = await cliBundle();
  if (process.env.ANALYZE_ORG_ONLY === '1') return organisations(cli);
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
  return [...out, ...(await organisations(cli))];
}

if (process.argv[2] === '--analyze-org-write') {
  const [accounts, roles, dir] = process.argv.slice(3);
  writeAuthz(
    generateOrg({ accounts: Number(accounts), rolesPerAccount: Number(roles), seed: 1 }),
    dir ?? '.',
  );
}

/**
 * `rolechain simulate` as a CI job runs it, whole process, side by side with the best open-source peer:
 * @cloud-copilot/iam-simulate's core engine (`authorize`) driven as a JSON-lines filter over the same
 * lines (bench/peer/iam-simulate-filter.mjs). The peer is AGPL: it is installed here, from the npm
 * registry, into a temporary folder, and nothing shipped imports it.
 *
 * Lines: 4,000 deterministic trust and identity checks (bench/simulate-lines.ts), policies repeated across
 * lines, and many lines repeat an earlier line's case under a new id (479 distinct cases), which
 * `rolechain simulate` answers from its line memo. Budgets: the peer's CPU ≥ 5 × Rolechain's (median of paired runs); ≥ 1,000 lines per CPU-second
 * on the first 100 lines of a cold process (the CPU of a bare `node -e 0` taken off: the runtime's own
 * start, which no Node tool avoids; the whole-process figure is printed too). Both engines must agree on
 * every line's decision. Printed beside them, without a budget: the same 4,000 lines made all distinct
 * (each names its own session in a context key no policy reads), where the memo cannot help.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliBundle } from './cli-bundle';
import { measureNode, ROOT } from './process-cpu';
import { simulateLines } from './simulate-lines';
import type { BenchResult } from './types';
import { median, result } from './types';

const PEER = '@cloud-copilot/iam-simulate';
const PEER_VERSION = '0.1.173';
const RUNS = Number(process.env.BENCH_SIMULATE_RUNS ?? 5);

/** The peer installed in a temporary folder (kept between runs), or why it could not be. */
function installPeer(): { prefix: string } | { error: string } {
  const prefix = join(tmpdir(), `rolechain-bench-iam-simulate-${PEER_VERSION}`);
  if (existsSync(join(prefix, 'node_modules', PEER, 'package.json'))) return { prefix };
  mkdirSync(prefix, { recursive: true });
  const r = spawnSync(
    'npm',
    ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--loglevel=error', `${PEER}@${PEER_VERSION}`],
    { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] },
  );
  return r.status === 0
    ? { prefix }
    : { error: r.stderr.trim() || `npm exited with ${r.status ?? 'a signal'}` };
}

interface Decided {
  id: string;
  decision: string;
}

const decisions = (file: string): Decided[] =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Decided);

export async function run(): Promise<BenchResult[]> {
  const dir = join(tmpdir(), 'rolechain-bench-simulate');
  mkdirSync(dir, { recursive: true });
  const all = join(dir, 'lines-4000.jsonl');
  const first = join(dir, 'lines-100.jsonl');
  writeFileSync(all, simulateLines(4000).join('\n') + '\n');
  writeFileSync(first, simulateLines(4000).slice(0, 100).join('\n') + '\n');
  const distinct = join(dir, 'lines-4000-distinct.jsonl');
  writeFileSync(distinct, simulateLines(4000, 19, { distinct: true }).join('\n') + '\n');
  const cli = await cliBundle();
  const peer = installPeer();
  if ('error' in peer)
    process.stderr.write(`simulate bench: the peer could not be installed: ${peer.error}\n`);

  const ours: number[] = [];
  const theirs: number[] = [];
  const ratios: number[] = [];
  const cold: number[] = [];
  const bare: number[] = [];
  const oursD: number[] = [];
  const theirsD: number[] = [];
  const ratiosD: number[] = [];
  const oursOut = join(dir, 'rolechain.out');
  const peerOut = join(dir, 'peer.out');
  const oursOutD = join(dir, 'rolechain-distinct.out');
  const peerOutD = join(dir, 'peer-distinct.out');
  const filter = join(ROOT, 'bench', 'peer', 'iam-simulate-filter.mjs');
  for (let i = 0; i < RUNS; i++) {
    const o = await measureNode([...cli.args, 'simulate', all], oursOut);
    ours.push(o.cpu);
    if (!('error' in peer)) {
      const p = await measureNode([filter, peer.prefix, all], peerOut);
      theirs.push(p.cpu);
      ratios.push(p.cpu / o.cpu);
    }
    const od = await measureNode([...cli.args, 'simulate', distinct], oursOutD);
    oursD.push(od.cpu);
    if (!('error' in peer)) {
      const pd = await measureNode([filter, peer.prefix, distinct], peerOutD);
      theirsD.push(pd.cpu);
      ratiosD.push(pd.cpu / od.cpu);
    }
    cold.push((await measureNode([...cli.args, 'simulate', first])).cpu);
    bare.push((await measureNode(['-e', '0'])).cpu);
  }
  const startup = median(bare);
  const out: BenchResult[] = [
    result(`simulate 4,000 lines, rolechain (${cli.label}): whole process`, 'CPU s', ours),
    result('simulate 4,000 distinct lines, rolechain: whole process', 'CPU s', oursD),
    result('node -e 0 (the runtime alone)', 'CPU s', bare),
    result(
      'simulate first 100 lines, cold, runtime start excluded',
      'lines/CPU-s',
      cold.map((c) => 100 / Math.max(c - startup, 1e-3)),
      {
        budget: 1000,
        higherIsBetter: true,
      },
    ),
    result(
      'simulate first 100 lines, cold, whole process',
      'lines/CPU-s',
      cold.map((c) => 100 / c),
      {
        higherIsBetter: true,
      },
    ),
  ];
  if ('error' in peer) {
    out.push({
      name: `simulate 4,000 lines: peer ÷ rolechain (peer not installed)`,
      unit: '×',
      median: NaN,
      min: NaN,
      max: NaN,
      runs: 0,
      budget: 5,
      ok: false,
      higherIsBetter: true,
    });
    return out;
  }
  out.push(
    result(
      `simulate 4,000 lines, peer ${PEER}@${PEER_VERSION} core engine filter: whole process`,
      'CPU s',
      theirs,
    ),
    result('simulate 4,000 lines: peer CPU ÷ rolechain CPU (paired runs)', '×', ratios, {
      budget: 5,
      higherIsBetter: true,
    }),
  );
  out.push(
    result('simulate 4,000 distinct lines, peer: whole process', 'CPU s', theirsD),
    result('simulate 4,000 distinct lines: peer CPU ÷ rolechain CPU (no budget)', '×', ratiosD, {
      higherIsBetter: true,
    }),
  );
  for (const [label, mine, theirs] of [
    ['simulate 4,000 lines', oursOut, peerOut],
    ['simulate 4,000 distinct lines', oursOutD, peerOutD],
  ] as const) {
    const a = decisions(mine);
    const b = new Map(decisions(theirs).map((d) => [d.id, d.decision]));
    const differ = a.filter((d) => b.get(d.id) !== d.decision);
    for (const d of differ.slice(0, 5))
      process.stderr.write(
        `${label}: ${d.id}: rolechain ${d.decision}, peer ${b.get(d.id) ?? 'no result'}\n`,
      );
    out.push(
      result(`${label}: decisions where the engines disagree`, 'lines', [differ.length], { budget: 0 }),
    );
  }
  return out;
}

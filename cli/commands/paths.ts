import { parseArgs } from 'node:util';
import type { Io } from '../io';
import { buildGraph, indexGraph } from '../../lib/graph';
import type { GraphIndex } from '../../lib/graph';
import type { AnswerVerdict, PathAnswer, PathsAnswer, ReachAnswer } from '../../lib/app/paths';
import { PathsQuery, ReachQuery, runPaths, runReach } from '../../lib/app/paths';
import { textLines } from '../terminal';
import { sh } from '../../lib/model/shell';
import { loadSnapshot } from './check';

export const summary =
  'every chain from one node to another, ranked (working, conditional, incomplete, broken); or what a node can reach / who can reach it';

const USAGE = `usage: rolechain paths --from <node id> --to <node id> [--max-depth N] [--max-paths N]
       rolechain paths --from <node id> --reach        (what it can reach: roles, buckets, catalogs)
       rolechain paths --to <node id> --reach          (who can reach it)
                       [--snapshot <file or folder>… | --store <db>] [--format table|json]

Node ids are what the dashboard's URLs hold: role, user and instance-profile ARNs, instance ids' ARNs,
bucket ARNs (arn:aws:s3:::b), prefixes (s3://b/p/), Glue catalog ARNs, account:<id>, service:<name>.
Chains are ranked: working first, then conditional (the open conditions named), then incomplete (every
step holds on data not read fully, or from a principal outside the collected accounts), then broken
(the failing step named). The list is bounded; when a bound cuts it, it says so.

exit: 0 a working chain exists, 1 none holds (all broken, or none found), 2 bad input,
      3 the best chain is conditional or incomplete
`;

const MARK: Record<AnswerVerdict, string> = {
  works: 'WORKS',
  conditional: 'COND',
  incomplete: 'INCOMPLETE',
  broken: 'BROKEN',
};

function pathLines(p: PathAnswer, labels: Record<string, string>, ix: GraphIndex, n: number): string[] {
  const hops = p.nodes.map((id, i) => {
    const e = i > 0 ? ix.edges.get(p.edges[i - 1] ?? '') : undefined;
    return `${e ? ` -[${e.kind}]-> ` : ''}${labels[id] ?? id}`;
  });
  const lines = [`${String(n).padStart(3)}. ${MARK[p.verdict].padEnd(10)} ${hops.join('')}`];
  if (p.failing)
    lines.push(`               fails at hop ${p.failing.index + 1} (${p.failing.kind}): ${p.failing.text}`);
  for (const o of p.open) lines.push(`               ? ${o.text}`);
  for (const d of p.dataNotes) lines.push(`               not read: ${d}`);
  if (p.check)
    lines.push(
      `               check: ${sh`rolechain check --source ${p.check.source}`}${p.check.targetRole ? ` ${sh`--target-role ${p.check.targetRole}`}` : ''} ${sh`--resource ${p.check.resource} --action ${p.check.action}`}`,
    );
  return lines;
}

function renderPaths(a: PathsAnswer, ix: GraphIndex, label: string): string {
  const lines = [`snapshot     ${label}`, `from         ${a.from.id}`, `to           ${a.to.id}`, ''];
  a.paths.forEach((p, i) => lines.push(...pathLines(p, a.labels, ix, i + 1)));
  if (a.paths.length > 0) lines.push('');
  for (const d of a.dataNotes) lines.push(`not read: ${d}`);
  lines.push(`result: ${a.summary}`);
  return textLines(lines);
}

function renderReach(a: ReachAnswer, label: string): string {
  const lines = [
    `snapshot     ${label}`,
    `${a.direction === 'from' ? 'what' : 'who'}         ${a.direction === 'from' ? 'can be reached from' : 'can reach'} ${a.node.id}`,
    '',
  ];
  for (const e of a.entries) {
    lines.push(
      `${MARK[e.verdict].padEnd(10)} ${e.node.kind.padEnd(16)} ${e.node.id}  (${e.path.edges.length} steps)`,
    );
    if (e.failing) lines.push(`           fails: ${e.failing.text}`);
    for (const o of e.open) lines.push(`           ? ${o.text}`);
    for (const d of e.dataNotes) lines.push(`           not read: ${d}`);
  }
  if (a.entries.length > 0) lines.push('');
  lines.push(`result: ${a.summary}`);
  return textLines(lines);
}

/** 0 a working chain, 3 the best is conditional or incomplete, 1 nothing holds. */
function exitOf(verdicts: AnswerVerdict[]): 0 | 1 | 3 {
  if (verdicts.includes('works')) return 0;
  if (verdicts.includes('conditional') || verdicts.includes('incomplete')) return 3;
  return 1;
}

export async function run(args: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: false,
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        reach: { type: 'boolean' },
        'max-depth': { type: 'string' },
        'max-paths': { type: 'string' },
        snapshot: { type: 'string', multiple: true },
        store: { type: 'string' },
        format: { type: 'string', default: 'table' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    io.err(`rolechain paths: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const v = parsed.values;
  if (v.help) {
    io.out(USAGE);
    return 0;
  }
  if (v.format !== 'table' && v.format !== 'json') {
    io.err(`rolechain paths: --format is table or json, not '${v.format}'\n`);
    return 2;
  }
  if (v.store !== undefined && v.snapshot !== undefined) {
    io.err('rolechain paths: give --snapshot or --store, not both\n');
    return 2;
  }
  const reachQ = v.reach
    ? ReachQuery.safeParse({
        node: v.from ?? v.to,
        direction: v.from !== undefined ? 'from' : 'to',
        ...(v['max-depth'] !== undefined ? { maxDepth: v['max-depth'] } : {}),
        ...(v['max-paths'] !== undefined ? { maxResults: v['max-paths'] } : {}),
      })
    : undefined;
  const pathsQ = v.reach
    ? undefined
    : PathsQuery.safeParse({
        from: v.from,
        to: v.to,
        ...(v['max-depth'] !== undefined ? { maxDepth: v['max-depth'] } : {}),
        ...(v['max-paths'] !== undefined ? { maxPaths: v['max-paths'] } : {}),
      });
  if (v.reach && v.from !== undefined && v.to !== undefined) {
    io.err(
      'rolechain paths: with --reach give --from (what it reaches) or --to (who reaches it), not both\n',
    );
    return 2;
  }
  const bad = reachQ && !reachQ.success ? reachQ.error : pathsQ && !pathsQ.success ? pathsQ.error : undefined;
  if (bad) {
    io.err(
      `rolechain paths: ${bad.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ')}\n${USAGE}`,
    );
    return 2;
  }
  const loaded = await loadSnapshot([], v.snapshot ?? [], v.store, io);
  if (!loaded.ok) {
    io.err(`rolechain paths: ${loaded.error.message}\n`);
    return 2;
  }
  const snapshot = loaded.value.snapshot;
  const index = indexGraph(buildGraph(snapshot));
  const ctx = { snapshot, index };
  if (reachQ?.success) {
    const r = runReach(ctx, reachQ.data);
    if (!r.ok) {
      io.err(`rolechain paths: ${r.error.message}\n`);
      return 2;
    }
    io.out(
      v.format === 'json'
        ? JSON.stringify({ snapshot: loaded.value.label, ...r.value }) + '\n'
        : renderReach(r.value, loaded.value.label),
    );
    return exitOf(r.value.entries.map((e) => e.verdict));
  }
  if (!pathsQ?.success) return 2;
  const r = runPaths(ctx, pathsQ.data);
  if (!r.ok) {
    io.err(`rolechain paths: ${r.error.message}\n`);
    return 2;
  }
  io.out(
    v.format === 'json'
      ? JSON.stringify({ snapshot: loaded.value.label, ...r.value }) + '\n'
      : renderPaths(r.value, index, loaded.value.label),
  );
  return exitOf(r.value.paths.map((p) => p.verdict));
}

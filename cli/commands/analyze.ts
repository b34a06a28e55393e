import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Io } from '../io';
import type { AssumeEvent, Result, Snapshot, SnapshotWarning } from '../../lib/model';
import { err, gapMessages, ok } from '../../lib/model';
import { buildGraph } from '../../lib/graph';
import type { RoleGraph } from '../../lib/graph';
import type { Finding, Severity } from '../../lib/findings';
import {
  RULES,
  RULE_IDS,
  SEVERITIES,
  computeFindings,
  hasFix,
  severityRank,
  toSarif,
} from '../../lib/findings';
import { observationsFromEvents } from '../../lib/findings/observations';
import { loadDemo } from '../../lib/sources/demo';
import { loadFromPaths } from '../../lib/sources/load';
import { checkCapacity } from '../../lib/app/capacity';
import { ANALYSIS_HEAP_MIN_INPUT_BYTES, wantsAnalysisHeap } from '../../lib/app/analysis-heap';
import { inputBytes, mayReRun, runInAnalysisProcess } from '../analysis-process';
import { cell, textLines } from '../terminal';
import { streamJson } from '../json-stream';
import {
  DEFAULT_FIXES,
  parseFixes,
  WITHHELD,
  withheldCount,
  withheldSummary,
  withoutFix,
} from '../fix-limit';
import { snapshotInputs } from '../input-paths';
import { PASTE_SHELL } from '../../lib/model/shell';

const USAGE = `usage: rolechain analyze [<file or folder>…] [--format table|json|sarif]
                         [--fail-on critical|high|medium|low|info] [--rule <id>…] [--fixes N|all]

Reads a snapshot (default: the embedded demo organisation; or get-account-authorization-details and
the other AWS CLI outputs, and CloudTrail logs, as files or folders), builds the role graph, runs every
diagnostic rule and prints the graph's node and edge counts by kind and the findings, most severe first,
each with its fix: the exact statement, the AWS CLI command, and the engine's re-check.

  FILE, FOLDER      files or folders to read, e.g. \`rolechain analyze authz.json trail/\`; default: the demo
  --snapshot PATH   the same, as an option (repeatable)
  --store PATH      the latest snapshot of a store (rolechain import) and its events instead
  --format F        table (default), json, or sarif (SARIF 2.1.0 for GitHub code scanning)
  --fail-on S       exit 1 when a finding of severity S or above exists
  --rule ID         only this rule (repeatable)
  --fixes N|all     the fix (vetted and re-checked, a few ms each) of the first N findings only; later
                    findings say their fix was not worked out (default ${DEFAULT_FIXES}; all is slow on
                    an estate of many thousand findings)

rules: ${RULE_IDS.join(', ')}
A large estate (ROLECHAIN_ANALYSIS_HEAP, README "Performance") is analysed in a child process with a
larger young generation; its output and exit status are the command's.

exit: 0 done, 1 a finding at or above --fail-on, 2 bad input, 3 the analysis process did not start,
      128+N it was ended by signal N (134: V8 ran out of heap)
`;

const FORMATS = ['table', 'json', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

interface Loaded {
  snapshot: Snapshot;
  events: AssumeEvent[];
  warnings: SnapshotWarning[];
}

export interface GraphSummary {
  nodes: { total: number; byKind: Record<string, number> };
  edges: { total: number; byKind: Record<string, number> };
}

export function graphSummary(graph: RoleGraph): GraphSummary {
  const count = (kinds: string[]): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const k of kinds) out[k] = (out[k] ?? 0) + 1;
    return Object.fromEntries(Object.entries(out).sort((a, b) => a[0].localeCompare(b[0])));
  };
  return {
    nodes: { total: graph.nodes.length, byKind: count(graph.nodes.map((n) => n.kind)) },
    edges: { total: graph.edges.length, byKind: count(graph.edges.map((e) => e.kind)) },
  };
}

const kinds = (m: Record<string, number>): string =>
  Object.entries(m)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');

/**
 * The table, written through `out` a few hundred findings at a time (on 200,000 roles it is about
 * 100 MB). The first `fixes` findings show their fix; each later one that has a fix says it was not
 * worked out (see fix-limit.ts).
 */
export function writeTable(
  out: (text: string) => void,
  s: GraphSummary,
  findings: Finding[],
  warnings: SnapshotWarning[],
  notRead: string[],
  fixes: number,
): void {
  let lines: string[] = [];
  lines.push(`graph: ${s.nodes.total} nodes (${kinds(s.nodes.byKind)})`);
  lines.push(`       ${s.edges.total} edges (${kinds(s.edges.byKind)})`);
  const bySeverity = SEVERITIES.map(
    (sev) => [sev, findings.filter((f) => f.severity === sev).length] as const,
  ).filter(([, n]) => n > 0);
  lines.push(
    `findings: ${findings.length}${bySeverity.length > 0 ? ` (${bySeverity.map(([k, n]) => `${k} ${n}`).join(', ')})` : ''}`,
  );
  if (warnings.length > 0) lines.push(`warnings while reading: ${warnings.length}`);
  if (notRead.length > 0) {
    // Never an empty list on data that was not read: say what the findings do not cover.
    lines.push(
      `NOT READ (${notRead.length}): the findings say nothing about these parts${findings.length === 0 ? ' — no findings is NOT an all-clear' : ''}`,
    );
    for (const g of notRead) lines.push(`  ${cell(g)}`);
  }
  const summary = withheldSummary(fixes, withheldCount(findings, fixes));
  if (summary) lines.push(summary);
  const shown = findings.slice(0, fixes);
  if (shown.some((f) => f.fix?.cli)) lines.push(`commands ($ …) are quoted for a ${PASTE_SHELL}`);
  for (const [i, f] of findings.entries()) {
    if (i > 0 && i % 500 === 0) {
      out(textLines(lines));
      lines = [];
    }
    lines.push('');
    lines.push(`${f.severity.toUpperCase().padEnd(8)} ${f.rule}  ${f.id.slice(f.rule.length + 1)}`);
    lines.push(`         ${f.message}`);
    for (const e of f.evidence.slice(0, 2)) lines.push(`         evidence: ${e.text}`);
    if (i >= fixes) {
      if (hasFix(f)) lines.push(`         fix: ${WITHHELD}`);
    } else if (f.fix) {
      lines.push(`         fix: ${f.fix.summary}`);
      if (f.fix.addStatement !== undefined)
        lines.push(`         statement: ${JSON.stringify(f.fix.addStatement)}`);
      if (f.fix.newDocument !== undefined && f.fix.file)
        lines.push(`         ${f.fix.file}: ${JSON.stringify(f.fix.newDocument)}`);
      if (f.fix.cli) lines.push(`         $ ${f.fix.cli}`);
      const r = f.fix.recheck;
      if (r)
        lines.push(
          `         re-check: ${r.subject ?? 'the step'} ${r.before} → ${r.after}; ${r.checked} other request(s) re-checked, ${
            r.openedElsewhere.length === 0 ? 'none opened' : `OPENED: ${r.openedElsewhere.join(', ')}`
          }${r.closedElsewhere && r.closedElsewhere.length > 0 ? `; closed: ${r.closedElsewhere.join(', ')}` : ''}`,
        );
    }
  }
  out(textLines(lines));
}

/**
 * The store's latest snapshot and the events of its audit window. The store (SQLite, a native module)
 * loads only here: analyzing files or the demo never needs it.
 */
async function readStore(
  path: string,
  io: Io,
  large: (principals: number) => boolean,
): Promise<Result<Loaded | 'large'>> {
  const full = resolve(io.cwd, path);
  if (!existsSync(full)) return err('not-found', `no store at ${full}`);
  const [{ queryEvents }, { openStore }] = await Promise.all([
    import('../../lib/store'),
    import('../store-arg'),
  ]);
  const store = openStore(full, io.env, io.cwd);
  if (!store.ok) return store;
  try {
    const meta = store.value.latestSnapshotMeta();
    // A large estate is analysed by a child process (../analysis-process.ts): known from the counts.
    if (meta && large((meta.counts.roles ?? 0) + (meta.counts.users ?? 0))) return ok('large');
    const snapshot = meta ? store.value.getSnapshot(meta.id) : undefined;
    if (!snapshot)
      return err('no-snapshot', `the store at ${full} holds no snapshot yet (rolechain import first)`);
    const from = new Date(Date.parse(snapshot.createdAt) - 30 * 86_400_000).toISOString();
    const events: AssumeEvent[] = [];
    let cursor: [string, string] | undefined;
    for (;;) {
      const page = queryEvents(store.value, { from }, 1000, cursor);
      events.push(...page.events);
      const last = page.events[page.events.length - 1];
      if (!page.nextCursor || !last) break;
      cursor = [last.time, last.eventId];
    }
    return ok({ snapshot, events, warnings: snapshot.warnings });
  } finally {
    store.value.close();
  }
}

/**
 * The compiled trail worker beside this chunk in the bundle (dist/cli/trail-worker.mjs), or
 * undefined when running from the sources, which then read every file on the main thread.
 */
function trailWorker(): URL | undefined {
  const url = new URL('./trail-worker.mjs', import.meta.url);
  return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : undefined;
}

export async function run(args: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        snapshot: { type: 'string', multiple: true },
        store: { type: 'string' },
        format: { type: 'string', default: 'table' },
        'fail-on': { type: 'string' },
        rule: { type: 'string', multiple: true },
        fixes: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    io.err(`rolechain analyze: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const format = values.format as Format;
  if (!(FORMATS as readonly string[]).includes(format)) {
    io.err(`rolechain analyze: --format is table, json or sarif, not '${values.format}'\n`);
    return 2;
  }
  const failOn = values['fail-on'];
  if (failOn !== undefined && !(SEVERITIES as readonly string[]).includes(failOn)) {
    io.err(`rolechain analyze: --fail-on is one of ${SEVERITIES.join(', ')}, not '${failOn}'\n`);
    return 2;
  }
  const fixes = parseFixes(values.fixes);
  if (!fixes.ok) {
    io.err(`rolechain analyze: ${fixes.error.message}\n`);
    return 2;
  }
  const unknownRules = (values.rule ?? []).filter((r) => !RULE_IDS.includes(r));
  if (unknownRules.length > 0) {
    io.err(`rolechain analyze: unknown rule ${unknownRules.join(', ')}; rules are: ${RULE_IDS.join(', ')}\n`);
    return 2;
  }

  let loaded: Loaded;
  const given = [...positionals, ...(values.snapshot ?? [])];
  if (values.store !== undefined && given.length > 0) {
    io.err('rolechain analyze: give files (or --snapshot) or --store, not both\n');
    return 2;
  }
  // Whether a large estate goes to a child with the analysis's young generation (not when this is it).
  const reRun = mayReRun(io.env, process.execArgv);
  if (values.store !== undefined) {
    const fromStore = await readStore(
      values.store,
      io,
      (principals) => reRun && wantsAnalysisHeap(io.env, { principals }),
    );
    if (!fromStore.ok) {
      io.err(`rolechain analyze: ${fromStore.error.message}\n`);
      return 2;
    }
    if (fromStore.value === 'large') return runInAnalysisProcess(args, io);
    loaded = fromStore.value;
  } else if (given.length > 0) {
    const inputs = snapshotInputs(positionals, values.snapshot ?? [], io.cwd);
    if (!inputs.ok) {
      io.err(`rolechain analyze: ${inputs.error.message}\n`);
      return 2;
    }
    const paths = inputs.value;
    if (reRun && wantsAnalysisHeap(io.env, { inputBytes: inputBytes(paths, ANALYSIS_HEAP_MIN_INPUT_BYTES) }))
      return runInAnalysisProcess(args, io);
    const worker = trailWorker();
    loaded = await loadFromPaths(paths, {
      source: { kind: 'files', detail: paths.join(', ') },
      ...(worker ? { trailWorker: worker } : {}),
    });
    const s = loaded.snapshot;
    if (s.roles.length + s.users.length + s.instanceProfiles.length === 0) {
      io.err(
        `rolechain analyze: no IAM data in ${paths.join(', ')} (expected get-account-authorization-details JSON)${
          loaded.warnings.length > 0
            ? `:\n${loaded.warnings.map((w) => `  ${cell(w.source)}: ${cell(w.message)}`).join('\n')}`
            : ''
        }\n`,
      );
      return 2;
    }
  } else {
    const worker = trailWorker();
    loaded = await loadDemo(undefined, worker ? { trailWorker: worker } : {});
    if (loaded.snapshot.roles.length === 0) {
      io.err(
        'rolechain analyze: the demo organisation was not found (set ROLECHAIN_DEMO_DIR or give --snapshot)\n',
      );
      return 2;
    }
  }

  // An estate too large for this heap is refused here, with what to do, rather than after minutes of
  // garbage collection and a V8 abort.
  const fits = checkCapacity(loaded.snapshot);
  if (!fits.ok) {
    io.err(`rolechain analyze: ${fits.error.message}\n`);
    return 2;
  }
  const graph = buildGraph(loaded.snapshot, { observations: observationsFromEvents(loaded.events) });
  const findings = computeFindings(
    { snapshot: loaded.snapshot, graph, events: loaded.events },
    values.rule ? { rules: values.rule } : {},
  );
  const s = graphSummary(graph);
  const notRead = gapMessages(loaded.snapshot);
  const limit = fixes.value;
  const out = (t: string): void => io.out(t);
  if (format === 'json') {
    // `fixes` only when some were left out, so the output of a small estate is as before.
    const note = withheldSummary(limit, withheldCount(findings, limit));
    const doc = {
      graph: s,
      ...(note ? { fixes: { shown: Math.min(limit, findings.length), note } } : {}),
      findings,
      warnings: loaded.warnings,
      notRead,
    };
    streamJson(out, doc, findings, (f, i) => (i < limit ? f : withoutFix(f)));
  } else if (format === 'sarif') {
    const sarif = toSarif(findings, RULES, { fixes: limit, withheld: WITHHELD });
    const results = (sarif.runs as { results: unknown[] }[])[0]?.results ?? [];
    streamJson(out, sarif, results);
  } else writeTable(out, s, findings, loaded.warnings, notRead, limit);

  if (failOn !== undefined) {
    const limit = severityRank(failOn as Severity);
    if (findings.some((f) => severityRank(f.severity) <= limit)) return 1;
  }
  return 0;
}

/**
 * A probe for the org-scale analysis, for profiling and for proving a speed change moves no verdict
 * (not a bench: `bench/run.ts` runs only `*.bench.ts`).
 *
 *   node --import tsx bench/org-probe.ts write <dir> <accounts> <roles>   # generate and write once
 *   node --import tsx bench/org-probe.ts measure <dir> [--hash]           # load, graph, findings
 *
 * `measure` prints CPU, wall, garbage-collection time (perf_hooks `gc` entries), live heap after a
 * forced collection where `--expose-gc` is given, and with `--hash` a SHA-256 over every edge (kind,
 * ends, decision, open conditions, action, trust match, access levels, session) and every finding
 * (id, rule, severity, title, message, nodes, edges, evidence, fix target and documents) with `now`
 * fixed at the snapshot's time. Bundle it with esbuild (as `npm run bench` bundles the benches) for
 * figures that match the bench; tsx's `__name` wrappers cost 10–50% on the hot paths.
 */
import { createHash } from 'node:crypto';
import { PerformanceObserver } from 'node:perf_hooks';
import { computeFindings, RULES } from '../lib/findings';
import { buildGraph } from '../lib/graph';
import { engineStats } from '../lib/graph/engine';
import { loadFromPaths } from '../lib/sources/load';
import { BENCH_NOW, generateOrg } from './generate-org';
import { writeAuthz } from './write-authz';

const [mode, dir, ...rest] = process.argv.slice(2);
if (!dir) throw new Error('usage: org-probe.ts write|measure <dir> …');

if (mode === 'write') {
  const org = generateOrg({ accounts: Number(rest[0]), rolesPerAccount: Number(rest[1]), seed: 1 });
  writeAuthz(org, dir);
} else {
  let gcMs = 0;
  let gcCount = 0;
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gcMs += e.duration;
      gcCount++;
    }
  });
  obs.observe({ entryTypes: ['gc'] });
  // Experiment: a ballast of long-lived small objects, to see whether the analysis slows with the old
  // generation's size alone.
  const ballastAt = rest.indexOf('--ballast');
  const ballast: unknown[] = [];
  if (ballastAt >= 0)
    for (let i = 0; i < Number(rest[ballastAt + 1]) * 1e6; i++) ballast.push({ a: i, b: `x${i}` });
  // A fixed time (see BENCH_NOW): time-dependent findings (unused roles) never drift.
  const loaded = await loadFromPaths([dir], { createdAt: BENCH_NOW });
  // With `--stages` (and `--expose-gc`): the live heap after each stage, for where memory goes. It
  // forces collections, so its times are not the bench's.
  const stages: Record<string, number> = {};
  const stage = (name: string): void => {
    if (!rest.includes('--stages')) return;
    (globalThis as { gc?: () => void }).gc?.();
    stages[name] = Math.round(process.memoryUsage().heapUsed / 1048576);
  };
  stage('loaded');
  // With `--rule-times`: each rule's wall time (its `run` wrapped in place; the vetting of fixes is
  // not in any rule's time).
  const ruleMs: Record<string, number> = {};
  if (rest.includes('--rule-times'))
    for (const rule of RULES) {
      const run = rule.run.bind(rule);
      (rule as { run: typeof rule.run }).run = (ctx) => {
        const t0 = performance.now();
        try {
          return run(ctx);
        } finally {
          ruleMs[rule.id] = Math.round(performance.now() - t0);
          if (rest.includes('--trace-rules'))
            process.stdout.write(`rule ${rule.id} ${Math.round(t0)}..${Math.round(performance.now())}\n`);
        }
      };
    }
  const gcBefore = gcMs;
  const c = process.cpuUsage();
  const t = performance.now();
  const graph = buildGraph(loaded.snapshot);
  const graphMs = performance.now() - t;
  const graphCpu = process.cpuUsage(c);
  stage('graph');
  const findings = computeFindings({ snapshot: loaded.snapshot, graph, now: loaded.snapshot.createdAt });
  const wall = performance.now() - t;
  const cpu = process.cpuUsage(c);
  stage('findings');
  await new Promise((r) => setTimeout(r, 50)); // let the observer deliver the last entries
  const g = globalThis as { gc?: () => void };
  g.gc?.();
  const out: Record<string, unknown> = {
    roles: loaded.snapshot.roles.length,
    graphMs: Math.round(graphMs),
    graphCpuMs: Math.round((graphCpu.user + graphCpu.system) / 1000),
    analyseMs: Math.round(wall),
    analyseCpuMs: Math.round((cpu.user + cpu.system) / 1000),
    gcMs: Math.round(gcMs - gcBefore),
    gcCount,
    ballast: ballast.length,
    heapMiB: Math.round(process.memoryUsage().heapUsed / 104857.6) / 10,
    heapForced: g.gc !== undefined,
    engineCalls: engineStats.calls,
    edges: graph.edges.length,
    findings: findings.length,
    ...(rest.includes('--stages') ? { stages } : {}),
    ...(rest.includes('--rule-times') ? { ruleMs } : {}),
  };
  if (rest.includes('--hash')) {
    const h = createHash('sha256');
    const edges = [...graph.edges].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const e of edges)
      h.update(
        JSON.stringify([
          e.id,
          e.kind,
          e.source,
          e.target,
          e.decision,
          e.openConditions,
          e.action,
          e.trustMatch,
          e.session,
          e.access,
          e.conditionalAccess,
        ]) + '\n',
      );
    const eh = h.copy().digest('hex').slice(0, 16);
    for (const f of findings)
      h.update(
        JSON.stringify([
          f.id,
          f.rule,
          f.severity,
          f.title,
          f.message,
          f.nodes,
          f.edges,
          f.evidence,
          f.account,
          f.related,
          f.fix?.summary,
          f.fix?.target,
          f.fix?.addStatement,
          f.fix?.newDocument,
          f.fix?.cli,
        ]) + '\n',
      );
    out.edgeHash = eh;
    out.hash = h.digest('hex').slice(0, 16);
  }
  obs.disconnect();
  const snap = rest.indexOf('--heap-snapshot');
  if (snap >= 0) {
    // Keeps the analysis alive while V8 writes what it holds.
    const v8 = await import('node:v8');
    // Named so a heap-snapshot reader can find each part's root by this property.
    (globalThis as Record<string, unknown>).__probe = { snapshot: loaded.snapshot, graph, findings };
    out.heapSnapshot = v8.writeHeapSnapshot(rest[snap + 1]);
    out.kept = [ballast.length, graph.edges.length, findings.length, loaded.snapshot.roles.length];
  }
  out.policyCache = (await import('../lib/policy/cache')).policyCache.stats();
  process.stdout.write(JSON.stringify(out) + '\n');
}

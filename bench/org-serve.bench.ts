/**
 * The dashboard serving an organisation (issue 21): 1,000 accounts × 200 roles (about 200,000 roles,
 * `bench/generate-org.ts`) freshly written to a store, the production server (`next start`, needs
 * `npm run build`) started on it, then:
 * - the first view: navigation of a fresh browser to `/` → the first account card of the overview on
 *   screen, on a server that has not analysed anything yet (budget 10 s);
 * - the analysis, started by that view (the first findings request), timed and the server's peak RSS;
 *   meanwhile 16 clients ask what the first view asks of the store (the overview's pages, the snapshot,
 *   health). The analysis of a store this size runs in the analysis worker, which keeps it and answers
 *   the analysis's routes (lib/server/analysis-runner.ts), so they are answered meanwhile;
 *   `ROLECHAIN_ANALYSIS_THREAD=request` puts it back on the request thread, to compare;
 * - 16 concurrent clients on the analysed estate asking for every read the dashboard makes: depth-2
 *   neighbourhoods of roles, the graph of one account, a node's details, the findings' first page
 *   (unfiltered and low severity), the overview's first page and a filtered page of the account list,
 *   "who can reach this bucket" (the blast radius), "how does this role reach that bucket" (paths) and the
 *   search box's type-ahead: p95 of each under 200 ms. Accounts, roles and buckets are drawn from samples
 *   of hundreds, so most requests are not answered from the server's body cache;
 * - the first graph view of one account in a fresh browser, once analysed: navigation → first node drawn.
 *
 * The server runs as `rolechain serve` runs it, at Node's default heap (the capacity check admits
 * 1,000 × 200 there since the eighth session), and its analysis worker with the young generation the
 * shipped server gives a large estate (lib/app/analysis-heap.ts, through the worker's `resourceLimits`:
 * the server's own code decides it, this bench sets nothing); `BENCH_SERVE_HEAP_MIB=8192` gives it a
 * larger heap to compare, `ROLECHAIN_ANALYSIS_HEAP=default` V8's young generation. `ORG_SERVE=100x50` picks another size (accounts x roles per account).
 * Standalone: `node --import tsx bench/org-serve.bench.ts`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { get } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { findChromium } from '../e2e/chromium';
import { bucketNodeId } from '../lib/graph/builder';
import { Store } from '../lib/store';
import { generateOrg } from './generate-org';
import type { BenchResult } from './types';
import { percentile, result } from './types';

const ROOT = join(fileURLToPath(import.meta.url), '../..');
const PORT = Number(process.env.BENCH_SERVE_PORT ?? 3193);
const [ACCOUNTS, ROLES] = (process.env.ORG_SERVE ?? '1000x200').split('x').map(Number) as [number, number];
/** The store's writer may use a large heap (it is not measured); the server gets one only when asked. */
const HEAP_MIB = 8192;
const SERVER_HEAP_MIB = process.env.BENCH_SERVE_HEAP_MIB;
const CLIENTS = 16;
const PER_CLIENT = Number(process.env.BENCH_SERVE_REQUESTS ?? 24);
const ROUNDS = 3;

/** Child: generates the organisation and saves it as an import does (one snapshot, its digest). */
function writeChild(dir: string): void {
  const org = generateOrg({ accounts: ACCOUNTS, rolesPerAccount: ROLES, seed: 1 });
  const opened = Store.open(join(dir, 'rolechain.db'));
  if (!opened.ok) throw new Error(opened.error.message);
  opened.value.saveSnapshot(org);
  // What the clients ask for: role ARNs and bucket nodes, a sample of each.
  const pick = <T>(xs: T[], n: number): T[] =>
    Array.from({ length: n }, (_, i) => xs[(i * 7919) % xs.length]!);
  const sample = {
    roles: pick(
      org.roles.map((r) => r.arn),
      400,
    ),
    // Bucket node ids as the graph names them (`bucketNodeId`): `s3://name` names no node, and every
    // reach and paths request on it was a 404, counted as a failed request.
    buckets: pick(
      org.buckets.map((b) => bucketNodeId(b.name)),
      400,
    ),
    accounts: pick(
      org.accounts.filter((a) => !a.external).map((a) => a.id),
      400,
    ),
  };
  process.stdout.write(JSON.stringify(sample) + '\n');
  opened.value.close();
}

/** Peak resident set (VmHWM) of a process and its children, in MiB (Linux). */
function peakRssMiB(pid: number): number | undefined {
  const own = (p: number): number => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
      return m ? Number(m[1]) / 1024 : 0;
    } catch {
      return 0;
    }
  };
  const kids = (p: number): number[] => {
    try {
      return readdirSync(`/proc/${p}/task`).flatMap((t) =>
        readFileSync(`/proc/${p}/task/${t}/children`, 'utf8').split(' ').filter(Boolean).map(Number),
      );
    } catch {
      return [];
    }
  };
  if (!existsSync(`/proc/${pid}`)) return undefined;
  let max = own(pid);
  for (const k of kids(pid)) max = Math.max(max, peakRssMiB(k) ?? 0);
  return max;
}

/** CPU time (user + system) of a process so far, in ms, from Linux's /proc; undefined elsewhere. */
function processCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 10; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

/** CPU time (user + system) of each thread of a process so far, in ms, by thread id (Linux). */
function threadCpuMs(pid: number): Map<number, number> {
  const out = new Map<number, number>();
  try {
    for (const t of readdirSync(`/proc/${pid}/task`)) {
      const stat = readFileSync(`/proc/${pid}/task/${t}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(t), (Number(f[11]) + Number(f[12])) * 10);
    }
  } catch {
    // not Linux, or the process is gone
  }
  return out;
}

async function waitFor(url: string, server: ChildProcess, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (server.exitCode !== null) throw new Error(`next start exited with ${server.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer within ${ms} ms`);
}

/**
 * GET without a time limit (fetch gives up after 300 s without headers): at a high load average the
 * analysis of 200,000 roles takes longer than that. Resolves to the status code.
 */
function getPatiently(url: string, whole = false): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get(url, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += whole || d.length < 4096 ? d : ''));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

/** Records when the first account card enters the DOM, relative to navigation start. */
const FIRST_CARD_PROBE = `(() => {
  const mark = () => {
    if (window.__firstCard === undefined && document.querySelector('[data-testid="account-card"]'))
      window.__firstCard = performance.now();
  };
  new MutationObserver(mark).observe(document, { childList: true, subtree: true });
})();`;

/** Records when the first graph node enters the DOM, relative to navigation start. */
const FIRST_NODE_PROBE = `(() => {
  const mark = () => {
    if (window.__firstNode === undefined && document.querySelector('[data-testid="graph-node"]'))
      window.__firstNode = performance.now();
  };
  new MutationObserver(mark).observe(document, { childList: true, subtree: true });
})();`;

type Latencies<S extends string> = Record<S, number[]>;

/**
 * `clients` clients, each making `perClient` requests one after another, request k of the run going to
 * `urlOf(series[k % n], k / n)`; the latency of each, by series, and the failed ones.
 */
async function load<S extends string>(
  series: readonly S[],
  urlOf: (s: S, k: number) => string,
  clients: number,
  perClient: number,
  until: () => boolean = () => false,
  /** A pause after each request (people reading the page), so the load does not starve the server. */
  pauseMs = 0,
): Promise<{ lat: Latencies<S>; errors: number; requests: number }> {
  const lat = Object.fromEntries(series.map((s) => [s, [] as number[]])) as Latencies<S>;
  let errors = 0;
  let requests = 0;
  let i = 0;
  const client = async () => {
    for (let n = 0; n < perClient && !until(); n++) {
      const k = i++;
      const s = series[k % series.length]!;
      const t = performance.now();
      try {
        const r = await fetch(urlOf(s, Math.floor(k / series.length)));
        await r.arrayBuffer();
        if (!r.ok) errors++;
      } catch {
        errors++;
      }
      requests++;
      lat[s].push(performance.now() - t);
      if (pauseMs > 0) await new Promise((r) => setTimeout(r, pauseMs));
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  return { lat, errors, requests };
}

function writeStore(dir: string): Promise<{ roles: string[]; buckets: string[]; accounts: string[] }> {
  return new Promise((resolve, reject) => {
    const self = fileURLToPath(import.meta.url);
    const child = spawn(
      process.execPath,
      [`--max-old-space-size=${HEAP_MIB}`, '--import', 'tsx', self, '--org-serve-write', dir],
      { stdio: ['ignore', 'pipe', 'inherit'], env: process.env },
    );
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (code !== 0 || !line) reject(new Error(`writing the store failed (exit ${code})`));
      else resolve(JSON.parse(line) as { roles: string[]; buckets: string[]; accounts: string[] });
    });
  });
}

export async function run(): Promise<BenchResult[]> {
  if (!existsSync(join(ROOT, process.env.ROLECHAIN_DIST_DIR || '.next', 'BUILD_ID')))
    throw new Error('org-serve bench: run `npm run build` first (it measures the production server).');
  const dir = mkdtempSync(join(tmpdir(), 'rolechain-bench-serve-'));
  const label = `${ACCOUNTS.toLocaleString('en-US')} × ${ROLES.toLocaleString('en-US')}`;
  let server: ChildProcess | undefined;
  const found = findChromium();
  const browser = await chromium.launch({
    ...(found.path ? { executablePath: found.path } : {}),
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    process.stderr.write(`  org-serve ${label}: writing the store…\n`);
    const sample = await writeStore(dir);
    server = spawn(
      process.execPath,
      [join(ROOT, 'node_modules/next/dist/bin/next'), 'start', '-H', '127.0.0.1', '-p', String(PORT)],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          ROLECHAIN_DATA_DIR: dir,
          NEXT_TELEMETRY_DISABLED: '1',
          ...(SERVER_HEAP_MIB ? { NODE_OPTIONS: `--max-old-space-size=${SERVER_HEAP_MIB}` } : {}),
        },
        stdio: 'ignore',
      },
    );
    const base = `http://127.0.0.1:${PORT}`;
    await waitFor(`${base}/api/health`, server, 60_000);

    // The first view, on a server that has analysed nothing: what a user sees after importing.
    const cpuUp = processCpuMs(server.pid!);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.addInitScript(FIRST_CARD_PROBE);
    await page.goto(`${base}/`);
    await page.waitForSelector('[data-testid="account-card"]', { timeout: 120_000 });
    const firstView = await page.evaluate<number>('window.__firstCard');
    const cpuFirst = processCpuMs(server.pid!);
    const cards = await page.locator('[data-testid="account-card"]').count();
    await context.close();

    // The analysis that view started (its findings request); asking again waits for the same one.
    process.stderr.write(`  org-serve ${label}: first view ${firstView.toFixed(0)} ms; analysing…\n`);
    const a0 = performance.now();
    let analysed = false;
    const analysis = getPatiently(`${base}/api/findings`).finally(() => (analysed = true));
    // Meanwhile: what the first view and the sidebar ask of the store, 16 clients each asking once a
    // second (16 requests a second), until it is done. Not back to back: 16 clients with no pause keep
    // the server's request thread busy on their own and take the worker's share of this 2-core machine.
    // Patiently: a server analysing on its request thread (`ROLECHAIN_ANALYSIS_THREAD=request`) answers
    // only once it is done.
    const snapBody = await getPatiently(`${base}/api/snapshot`, true);
    const snap = (snapBody.status === 200 ? JSON.parse(snapBody.body) : {}) as { analysing?: boolean };
    type During = 'overview' | 'accounts' | 'snapshot' | 'health';
    const DURING: readonly During[] = ['overview', 'accounts', 'snapshot', 'health'];
    const duringUrl = (s: During, k: number): string =>
      s === 'overview'
        ? `${base}/api/overview?limit=12`
        : s === 'accounts'
          ? `${base}/api/overview?limit=50&q=${sample.accounts[k % sample.accounts.length]!.slice(-4)}`
          : `${base}/api/${s}`;
    const during = await load(DURING, duringUrl, CLIENTS, Number.MAX_SAFE_INTEGER, () => analysed, 1000);
    const first = await analysis;
    if (first.status !== 200) throw new Error(`analysis failed: ${first.status} ${first.body.slice(0, 300)}`);
    const cpu1 = processCpuMs(server.pid!);
    const analysedAfter = performance.now() - a0;
    const rssAfterAnalysis = peakRssMiB(server.pid!);

    type Series =
      | 'graph'
      | 'account'
      | 'node'
      | 'findings'
      | 'findingsLow'
      | 'overview'
      | 'accounts'
      | 'reach'
      | 'paths'
      | 'search';
    const SERIES: readonly Series[] = [
      'graph',
      'account',
      'node',
      'findings',
      'findingsLow',
      'overview',
      'accounts',
      'reach',
      'paths',
      'search',
    ];
    const at = <T>(xs: readonly T[], k: number): T => xs[k % xs.length]!;
    const urlOf = (s: Series, k: number): string => {
      switch (s) {
        case 'graph':
          return `${base}/api/graph?focus=${encodeURIComponent(at(sample.roles, k))}&depth=2`;
        case 'account':
          // An account's graph, as opening its card asks (graph-explorer.tsx: `?account=`).
          return `${base}/api/graph?account=${at(sample.accounts, k)}`;
        case 'node':
          return `${base}/api/node?id=${encodeURIComponent(at(sample.roles, k + 1))}`;
        case 'findings':
          return `${base}/api/findings`;
        case 'findingsLow':
          return `${base}/api/findings?severity=low`;
        case 'overview':
          return `${base}/api/overview?limit=12`;
        case 'accounts':
          return `${base}/api/overview?limit=50&q=${at(sample.accounts, k).slice(-4)}`;
        case 'search': {
          // What the search box sends as someone types part of a role's name: matches much of the estate.
          const name = at(sample.roles, k).split('/').pop() ?? 'role';
          return `${base}/api/search?q=${encodeURIComponent(name.slice(0, 3 + (k % 4)))}`;
        }
        case 'reach':
          return `${base}/api/reach?node=${encodeURIComponent(at(sample.buckets, k))}&direction=to`;
        case 'paths':
          // "How does this role reach that bucket?", a pair that may or may not be joined.
          return `${base}/api/paths?from=${encodeURIComponent(at(sample.roles, k + 2))}&to=${encodeURIComponent(at(sample.buckets, k + 3))}`;
      }
    };
    await load(SERIES, urlOf, CLIENTS, 6); // warm-up: route code compiled and loaded on first use
    const rounds: Awaited<ReturnType<typeof load<Series>>>[] = [];
    const threads0 = threadCpuMs(server.pid!);
    for (let r = 0; r < ROUNDS; r++) rounds.push(await load(SERIES, urlOf, CLIENTS, PER_CLIENT));
    // Each thread's CPU over the rounds, load-independent: the request thread (the process's own id),
    // the busiest other thread (the analysis worker, when it serves), and all threads together.
    const threadUse = [...threadCpuMs(server.pid!)].map(([tid, ms]) => ({
      tid,
      ms: ms - (threads0.get(tid) ?? 0),
    }));
    const requestThreadMs = threadUse.find((t) => t.tid === server!.pid)?.ms;
    const busiestOtherMs = Math.max(0, ...threadUse.filter((t) => t.tid !== server!.pid).map((t) => t.ms));
    const allThreadsMs = threadUse.reduce((n, t) => n + t.ms, 0);
    const errors = rounds.reduce((n, r) => n + r.errors, 0);
    const total = rounds.reduce((n, r) => n + r.requests, 0);
    const all = rounds.flatMap((r) => Object.values<number[]>(r.lat).flat());

    // The first graph view of one account, in a fresh browser, on the analysed server. A timeout here
    // must not lose the figures above: it is reported as a failed figure instead.
    let firstNode = Number.NaN;
    const graphContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const graphPage = await graphContext.newPage();
      await graphPage.addInitScript(FIRST_NODE_PROBE);
      await graphPage.goto(`${base}/?account=${sample.accounts[0]!}`);
      // An account's view draws up to 600 nodes (about 425 an account at 1,000 × 200), and its most
      // relevant 600 beyond; the per-kind table it answered with before is still said as such if seen,
      // not waited on for two minutes.
      const drawn = await graphPage.waitForSelector(
        '[data-testid="graph-node"], table[aria-label="Nodes per account and kind"]',
        { timeout: 120_000 },
      );
      if ((await drawn.evaluate((e) => e.tagName)) === 'TABLE')
        process.stderr.write(
          `  org-serve ${label}: the account's view drew no node; its per-kind table is shown\n`,
        );
      else firstNode = await graphPage.evaluate<number>('window.__firstNode');
    } catch (e) {
      process.stderr.write(`  org-serve ${label}: no graph node drawn: ${String(e).split('\n')[0]}\n`);
    } finally {
      await graphContext.close();
    }

    const tag = `org-serve ${label}`;
    const names: Record<Series, string> = {
      graph: '/api/graph focus depth 2',
      account: '/api/graph of one account',
      node: '/api/node details of a role',
      findings: '/api/findings first page',
      findingsLow: '/api/findings?severity=low first page',
      overview: '/api/overview first page',
      accounts: '/api/overview filtered list page',
      reach: '/api/reach who can reach a bucket',
      paths: '/api/paths role → bucket',
      search: '/api/search, 3–6 letters of a role name',
    };
    const duringAll = Object.values<number[]>(during.lat).flat();
    return [
      result(`${tag}: navigation → first account card (fresh store, cold server)`, 'ms', [firstView], {
        budget: 10_000,
      }),
      // The server's share of it, load-independent: its CPU from listening to the first card drawn.
      ...(cpuUp !== undefined && cpuFirst !== undefined
        ? [result(`${tag}: server CPU time for the first view`, 'cpu-ms', [cpuFirst - cpuUp])]
        : []),
      result(`${tag}: account cards in the first view`, 'cards', [cards]),
      result(`${tag}: analysis started by the first view, left to finish`, 'ms', [analysedAfter]),
      result(`${tag}: /api/snapshot says "analysing" while it runs`, 'yes', [snap.analysing ? 1 : 0], {
        budget: 1,
        higherIsBetter: true,
      }),
      result(
        `${tag}: while analysing, overview/accounts/snapshot/health, ${CLIENTS} clients at 1 request/s (p95 of ${duringAll.length})`,
        'ms',
        [percentile(duringAll, 95)],
        { budget: 200 },
      ),
      result(`${tag}: while analysing, slowest request`, 'ms', [Math.max(0, ...duringAll)]),
      result(`${tag}: while analysing, failed requests`, 'requests', [during.errors], { budget: 0 }),
      result(`${tag}: account graph, navigation → first node drawn (analysed server)`, 'ms', [firstNode], {
        budget: 10_000,
      }),
      result(`${tag}: every route together, ${CLIENTS} clients (p95)`, 'ms', [percentile(all, 95)], {
        budget: 200,
      }),
      ...(requestThreadMs !== undefined && total > 0
        ? [
            result(`${tag}: request thread CPU per request (rounds)`, 'cpu-ms', [requestThreadMs / total]),
            result(`${tag}: busiest other thread (the analysis worker) CPU per request`, 'cpu-ms', [
              busiestOtherMs / total,
            ]),
            result(`${tag}: all the server's threads, CPU per request`, 'cpu-ms', [allThreadsMs / total]),
          ]
        : []),
      // Load-independent: the server's CPU from its start (Next's own start included) to the analysis done.
      ...(cpu1 !== undefined ? [result(`${tag}: server CPU time, start → analysed`, 'cpu-ms', [cpu1])] : []),
      ...(rssAfterAnalysis !== undefined
        ? [result(`${tag}: server peak RSS after the analysis`, 'MiB', [rssAfterAnalysis])]
        : []),
      ...SERIES.flatMap((s) => [
        result(
          `${tag}: ${names[s]}, ${CLIENTS} clients (p50)`,
          'ms',
          rounds.map((r) => percentile(r.lat[s], 50)),
        ),
        result(
          `${tag}: ${names[s]}, ${CLIENTS} clients (p95)`,
          'ms',
          rounds.map((r) => percentile(r.lat[s], 95)),
          { budget: 200 },
        ),
      ]),
      {
        ...result(`${tag}: errors out of ${total} requests`, 'requests', [errors], { budget: 0 }),
        runs: total,
      },
    ];
  } finally {
    await browser.close();
    // SIGKILL: a server busy in an analysis handles SIGTERM only once it is done, minutes later.
    server?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

const argv = process.argv;
if (argv[2] === '--org-serve-write') writeChild(argv[3]!);
else if (argv[1] === fileURLToPath(import.meta.url))
  for (const r of await run()) process.stdout.write(JSON.stringify(r) + '\n');

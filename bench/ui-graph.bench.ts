/**
 * The graph explorer in a real browser on about 300 drawn nodes: time from navigation to the first
 * node drawn (budget 1.5 s) and frame time while dragging the pane (budget 33 ms, i.e. 30 fps),
 * median over runs. Needs a production build (`npm run build`); starts `next start` on a temporary
 * store holding one generated snapshot. Standalone: `node --import tsx bench/ui-graph.bench.ts`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from '@playwright/test';
import { findChromium } from '../e2e/chromium';
import { Store } from '../lib/store';
import { generateOrg } from './generate-org';
import type { BenchResult } from './types';
import { result } from './types';

const RUNS = Math.max(3, Number(process.env.ROLECHAIN_BENCH_RUNS ?? 3));
const PAN_STEPS = 60;
const PORT = Number(process.env.ROLECHAIN_BENCH_PORT ?? 3190);
/** 3 accounts × 36 roles: about 290 nodes, all drawn in one unfocused view (the bound is 300). */
const ORG = { accounts: 3, rolesPerAccount: 36, seed: 7 };
/**
 * One account of 200 roles: 427 nodes (201 roles, 60 instances and profiles, 95 bucket prefixes…), as
 * every account of the generated 1,000 × 200 estate holds; drawn whole in the account's view, which opens
 * at a legible zoom rather than fitted. `UI_GRAPH_ACCOUNT_ROLES` sets another size.
 */
const ACCOUNT_ORG = {
  accounts: 3,
  rolesPerAccount: Number(process.env.UI_GRAPH_ACCOUNT_ROLES ?? 200),
  seed: 7,
};

async function waitForHealth(base: string, server: ChildProcess, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (server.exitCode !== null) throw new Error(`next start exited with ${server.exitCode}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`next start did not answer ${base}/api/health within ${timeoutMs} ms`);
}

/**
 * Records when the first graph node is drawn, relative to navigation start. In the DOM is not drawn:
 * React Flow keeps a node at `visibility: hidden` until it has its size, and a node can sit outside
 * the window until the view is fitted. So a node counts only when its computed visibility is
 * `visible`, its box is not empty and the box meets the window. Checked once a frame, in the
 * animation-frame callback that runs just before that frame is painted (a DOM change seen earlier,
 * in a mutation callback, may still wait behind a long task before it reaches the screen).
 */
const FIRST_NODE_PROBE = `(() => {
  const drawn = (el) => {
    if (getComputedStyle(el).visibility !== 'visible') return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0 &&
      r.left < window.innerWidth && r.top < window.innerHeight;
  };
  const check = (now) => {
    for (const el of document.querySelectorAll('[data-testid="graph-node"]'))
      if (drawn(el)) { window.__firstNode = now; return true; }
    return false;
  };
  const frame = (now) => { if (!check(now)) requestAnimationFrame(frame); };
  requestAnimationFrame(frame);
})();`;

/**
 * Drags the pane one step per animation frame with mouse events, returning the frame intervals.
 * Plain JavaScript text: tsx would wrap a function literal in helpers the page does not have.
 */
const PAN_SCRIPT = `async (n) => {
  const pane = document.querySelector('.react-flow__pane');
  const viewport = document.querySelector('.react-flow__viewport');
  if (!pane || !viewport) throw new Error('no React Flow pane');
  const before = viewport.style.transform;
  const r = pane.getBoundingClientRect();
  let x = r.left + r.width / 2;
  const y = r.top + r.height / 2;
  const fire = (type, target) => target.dispatchEvent(new MouseEvent(type, {
    bubbles: true, cancelable: true, view: window, clientX: x, clientY: y, button: 0, buttons: 1 }));
  fire('mousedown', pane);
  const stamps = [];
  await new Promise((done) => {
    const frame = (t) => {
      stamps.push(t);
      if (stamps.length > n) return done();
      x += 6;
      fire('mousemove', window);
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
  fire('mouseup', window);
  const intervals = stamps.slice(1).map((t, i) => t - stamps[i]);
  return { intervals, moved: viewport.style.transform !== before };
}`;

async function panFrames(page: Page, steps: number): Promise<{ intervals: number[]; moved: boolean }> {
  return page.evaluate<{ intervals: number[]; moved: boolean }>(`(${PAN_SCRIPT})(${steps})`);
}

/**
 * The probe's mark, polled: the time itself is taken in the page, so polling late costs nothing. (Not
 * `waitForFunction`: it compiles its predicate with `eval`, which the app's CSP refuses.)
 */
async function firstNodeTime(page: Page, timeoutMs: number): Promise<number> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const t = await page.evaluate<number | null>('window.__firstNode ?? null');
    if (t !== null) return t;
    if (Date.now() > end) throw new Error(`ui-graph: no graph node drawn within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface Case {
  org: typeof ORG;
  /** The view's query, for the page (`/?…`) and the API (`/api/graph?…`); `{account}` is its first account. */
  query: string;
  name: string;
}

export async function run(): Promise<BenchResult[]> {
  if (!existsSync(join('.next', 'BUILD_ID')))
    throw new Error('ui-graph: no production build in .next; run `npm run build` first.');
  // `UI_GRAPH_VIEWS=all` or `account` measures one of the two views.
  const views = (process.env.UI_GRAPH_VIEWS ?? 'all,account').split(',');
  const out: BenchResult[] = [];
  if (views.includes('all')) out.push(...(await measure({ org: ORG, query: 'view=all', name: 'ui-graph' })));
  if (views.includes('account'))
    out.push(...(await measure({ org: ACCOUNT_ORG, query: 'account={account}', name: 'ui-graph account' })));
  return out;
}

async function measure(c: Case): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'rolechain-ui-bench-'));
  const opened = Store.open(join(dir, 'rolechain.db'));
  if (!opened.ok) throw new Error(`ui-graph: ${opened.error.message}`);
  const snapshot = generateOrg(c.org);
  const query = c.query.replace('{account}', snapshot.accounts[0]?.id ?? '');
  opened.value.saveSnapshot(snapshot);
  opened.value.close();
  const base = `http://127.0.0.1:${PORT}`;
  const server = spawn(
    join('node_modules', '.bin', 'next'),
    ['start', '-H', '127.0.0.1', '-p', String(PORT)],
    {
      env: { ...process.env, ROLECHAIN_DATA_DIR: dir, NEXT_TELEMETRY_DISABLED: '1' },
      stdio: 'ignore',
    },
  );
  const found = findChromium();
  const browser = await chromium.launch({
    ...(found.path ? { executablePath: found.path } : {}),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
    ],
  });
  try {
    await waitForHealth(base, server, 60_000);
    // The analysis of a new snapshot is computed once per server; that is not the browser's time.
    const warm = (await (await fetch(`${base}/api/graph?${query.replace('view=all', '')}`)).json()) as {
      nodes: unknown[];
      truncated: boolean;
    };
    // An account above its bound is drawn in part (its most relevant nodes); only the table draws nothing.
    if (warm.nodes.length === 0) throw new Error(`${c.name}: the generated view is above the drawing bound`);
    const first: number[] = [];
    const frames: number[] = [];
    let drawn = 0;
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      await page.addInitScript(FIRST_NODE_PROBE);
      // Every node drawn: the overview's summary by account would draw only a few.
      await page.goto(`${base}/?${query}`);
      first.push(await firstNodeTime(page, 60_000));
      drawn = await page.locator('[data-testid="graph-node"]').count();
      const pan = await panFrames(page, PAN_STEPS);
      if (!pan.moved) throw new Error(`${c.name}: dragging the pane did not pan the view`);
      frames.push(pan.intervals.reduce((a, b) => a + b, 0) / pan.intervals.length);
      await context.close();
    }
    return [
      result(`${c.name}: navigation → first node drawn`, 'ms', first, { budget: 1500 }),
      result(`${c.name}: pan frame time (${PAN_STEPS} frames)`, 'ms', frames, { budget: 33 }),
      result(`${c.name}: nodes in the view`, 'nodes', [warm.nodes.length]),
      // Above 120 nodes only the cards in the window are in the DOM (onlyRenderVisibleElements).
      result(`${c.name}: cards in the DOM once drawn`, 'nodes', [drawn]),
    ];
  } finally {
    await browser.close();
    server.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const r of await run()) process.stdout.write(JSON.stringify(r) + '\n');
}

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

/** Records when the first graph node enters the DOM, relative to navigation start. */
const FIRST_NODE_PROBE = `(() => {
  const seen = () => document.querySelector('[data-testid="graph-node"]');
  const mark = () => { if (window.__firstNode === undefined && seen()) window.__firstNode = performance.now(); };
  new MutationObserver(mark).observe(document, { childList: true, subtree: true });
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

export async function run(): Promise<BenchResult[]> {
  if (!existsSync(join('.next', 'BUILD_ID')))
    throw new Error('ui-graph: no production build in .next; run `npm run build` first.');
  const dir = mkdtempSync(join(tmpdir(), 'rolechain-ui-bench-'));
  const opened = Store.open(join(dir, 'rolechain.db'));
  if (!opened.ok) throw new Error(`ui-graph: ${opened.error.message}`);
  opened.value.saveSnapshot(generateOrg(ORG));
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
    const warm = (await (await fetch(`${base}/api/graph`)).json()) as {
      nodes: unknown[];
      truncated: boolean;
    };
    if (warm.truncated) throw new Error('ui-graph: the generated view is above the drawing bound');
    const first: number[] = [];
    const frames: number[] = [];
    let drawn = 0;
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      await page.addInitScript(FIRST_NODE_PROBE);
      // Every node drawn: the overview's summary by account would draw only a few.
      await page.goto(base + '/?view=all');
      await page.waitForSelector('[data-testid="graph-node"]', { timeout: 60_000 });
      first.push(await page.evaluate<number>('window.__firstNode'));
      drawn = await page.locator('[data-testid="graph-node"]').count();
      const pan = await panFrames(page, PAN_STEPS);
      if (!pan.moved) throw new Error('ui-graph: dragging the pane did not pan the view');
      frames.push(pan.intervals.reduce((a, b) => a + b, 0) / pan.intervals.length);
      await context.close();
    }
    return [
      result('ui-graph: navigation → first node drawn', 'ms', first, { budget: 1500 }),
      result(`ui-graph: pan frame time (${PAN_STEPS} frames)`, 'ms', frames, { budget: 33 }),
      result('ui-graph: nodes drawn in the view', 'nodes', [drawn]),
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

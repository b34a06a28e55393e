/**
 * Screenshots of each view at 1280×800 into docs/screenshots/, for the README, against a running
 * production server on the demo (`npm start`, or `ROLECHAIN_URL=http://127.0.0.1:3100`).
 * The graph shots are taken for the width the README shows them at (its column is about 880 px):
 * 880 px wide at twice the pixel density, so every label is on screen at its own size (9 px or more).
 * Run: `node --import tsx scripts/screenshots.ts`.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { findChromium } from '../e2e/chromium';

const BASE = process.env.ROLECHAIN_URL ?? 'http://127.0.0.1:3000';
const OUT = join('docs', 'screenshots');
const DORIS_BE = 'arn:aws:iam::111111111111:role/doris-be-instance-role';
const DORIS_S3 = 'arn:aws:iam::222222222222:role/doris-s3-role';

/** Cards and edges both drawn: the edges are routed in a render after the cards (use-layout.ts). */
async function graphDrawn(p: Page): Promise<void> {
  await p.getByTestId('graph-node').first().waitFor();
  await p.getByTestId('graph-edge').first().waitFor({ state: 'attached' });
}

/** The README's column: an image this wide is shown at its own size. */
const README_WIDTH = 880;

const shots: {
  file: string;
  url: string;
  ready: (p: Page) => Promise<void>;
  /** Viewport and pixel density, when not 1280×800 at 1. */
  view?: { width: number; height: number; scale: number };
  /** The part of the page kept (for a panel and the graph beside it). */
  clip?: { x: number; y: number; width: number; height: number };
  /** The part of the page kept, found once the page is ready. */
  clipTo?: (p: Page) => Promise<{ x: number; y: number; width: number; height: number }>;
}[] = [
  {
    file: 'graph.png',
    url: '/',
    ready: (p) => graphDrawn(p),
    // The canvas alone (the filters' column left out), as wide as the README shows it.
    view: { width: 240 + README_WIDTH, height: 900, scale: 2 },
    clipTo: async (p) =>
      (await p
        .locator('section')
        .filter({ has: p.locator('.react-flow') })
        .boundingBox())!,
  },
  {
    file: 'details.png',
    url: `/?focus=${encodeURIComponent(DORIS_BE)}&depth=1&sel=${encodeURIComponent(DORIS_S3)}`,
    ready: async (p) => {
      await graphDrawn(p);
      await p.getByRole('region', { name: 'Policies' }).waitFor();
    },
    view: { width: 1280, height: 760, scale: 2 },
    clip: { x: 1280 - README_WIDTH, y: 0, width: README_WIDTH, height: 760 },
  },
  {
    file: 'findings.png',
    url: '/findings',
    ready: (p) => p.getByTestId('finding').first().waitFor(),
  },
  {
    file: 'audit.png',
    url: '/audit?outcome=denied',
    // The table and the event panel side by side need the wider window; shown 880 px wide, its text is
    // 14 × 880 / 1280 ≈ 9.6 px.
    view: { width: 1280, height: 800, scale: 2 },
    ready: async (p) => {
      await p.getByTestId('event-row').first().click();
      await p.getByRole('region', { name: 'Event' }).getByTestId('ancestry').waitFor();
    },
  },
  {
    file: 'check.png',
    url: '/check',
    ready: async (p) => {
      await p.getByLabel('Source', { exact: true }).fill(DORIS_BE);
      await p.getByLabel('Target role').fill(DORIS_S3);
      await p.getByLabel('Resource').fill('s3://rolechain-demo-lakehouse/doris/backup/part-0001.parquet');
      await p.getByLabel('Action').fill('s3:GetObject');
      await p.getByLabel('ExternalId').fill('doris-external-id');
      await p.getByRole('button', { name: 'Check the chain' }).click();
      await p.getByTestId('check-verdict').first().waitFor();
    },
  },
  {
    file: 'sources.png',
    url: '/sources',
    ready: (p) => p.getByTestId('snapshot-source').waitFor(),
  },
];

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const found = findChromium();
  const browser = await chromium.launch({
    ...(found.path ? { executablePath: found.path } : {}),
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    for (const s of shots) {
      const view = s.view ?? { width: README_WIDTH, height: 800, scale: 2 };
      const context = await browser.newContext({
        viewport: { width: view.width, height: view.height },
        deviceScaleFactor: view.scale,
        colorScheme: 'light',
      });
      const page = await context.newPage();
      page.setDefaultTimeout(60_000);
      await page.goto(BASE + s.url);
      await s.ready(page);
      // Let the layout settle (fitView runs after the first measure, the panel's pan after that).
      await page.waitForTimeout(1200);
      const clip = s.clipTo ? await s.clipTo(page) : s.clip;
      await page.screenshot({ path: join(OUT, s.file), ...(clip ? { clip } : {}) });
      await context.close();
      process.stdout.write(`${join(OUT, s.file)}\n`);
    }
  } finally {
    await browser.close();
  }
}

await main();

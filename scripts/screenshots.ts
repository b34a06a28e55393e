/**
 * Screenshots of each view at 1280×800 into docs/screenshots/, for the README, against a running
 * production server on the demo (`npm start`, or `ROLECHAIN_URL=http://127.0.0.1:3100`).
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

const shots: { file: string; url: string; ready: (p: Page) => Promise<void> }[] = [
  {
    file: 'graph.png',
    url: '/',
    ready: (p) => p.getByTestId('graph-node').first().waitFor(),
  },
  {
    file: 'details.png',
    url: `/?focus=${encodeURIComponent(DORIS_BE)}&sel=${encodeURIComponent(DORIS_S3)}`,
    ready: async (p) => {
      await p.getByTestId('graph-node').first().waitFor();
      await p.getByRole('region', { name: 'Policies' }).waitFor();
    },
  },
  {
    file: 'findings.png',
    url: '/findings',
    ready: (p) => p.getByTestId('finding').first().waitFor(),
  },
  {
    file: 'audit.png',
    url: '/audit?outcome=denied',
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
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      colorScheme: 'light',
    });
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    for (const s of shots) {
      await page.goto(BASE + s.url);
      await s.ready(page);
      // Let the layout settle (fitView runs after the first measure).
      await page.waitForTimeout(800);
      await page.screenshot({ path: join(OUT, s.file) });
      process.stdout.write(`${join(OUT, s.file)}\n`);
    }
  } finally {
    await browser.close();
  }
}

await main();

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as PlaywrightTest from '@playwright/test';

/**
 * Finds a Chromium for Playwright without downloading one: `ROLECHAIN_CHROMIUM` (or `CHROMIUM_PATH`),
 * then Debian's and other distributions' paths, then Playwright's own browser where one is installed.
 * Exits with instructions when none is found.
 */
export function findChromium(): { path?: string; from: string } {
  const fromEnv = process.env.ROLECHAIN_CHROMIUM ?? process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) fail(`ROLECHAIN_CHROMIUM points at ${fromEnv}, which does not exist.`);
    return { path: fromEnv, from: 'environment' };
  }
  for (const p of [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/snap/bin/chromium',
  ]) {
    if (existsSync(p)) return { path: p, from: 'system' };
  }
  const bundled = playwrightBrowser();
  if (bundled) return { from: 'playwright' };
  fail('no Chromium found.');
}

function playwrightBrowser(): boolean {
  try {
    const require = createRequire(import.meta.url);
    const { chromium } = require('@playwright/test') as typeof PlaywrightTest;
    return existsSync(chromium.executablePath());
  } catch {
    return false;
  }
}

function fail(why: string): never {
  console.error(
    [
      `e2e: ${why}`,
      'Install one of:',
      '  Debian/Ubuntu:  sudo apt-get install -y chromium',
      "  elsewhere:      Playwright's own Chromium, fetched by its CLI's `install chromium` command",
      'or point ROLECHAIN_CHROMIUM at a Chromium or Chrome binary.',
    ].join('\n'),
  );
  process.exit(1);
}

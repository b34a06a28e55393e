import { defineConfig, devices } from '@playwright/test';
import { findChromium } from './e2e/chromium';

const PORT = Number(process.env.E2E_PORT ?? 3100);
const chromium = findChromium();

export default defineConfig({
  testDir: './e2e',
  testMatch: /.*\.spec\.ts/,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  workers: 1,
  timeout: 60_000,
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: 'on-first-retry',
    ...devices['Desktop Chrome'],
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      ...(chromium.path ? { executablePath: chromium.path } : {}),
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    // The production build (`npm run test:e2e` builds first): graph performance in `next dev` is not representative.
    command: `rm -rf .e2e-data && next start -H 127.0.0.1 -p ${PORT}`,
    url: `http://127.0.0.1:${PORT}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    // A fresh store each run: the e2e suite starts from the embedded demo like a new user. No instance
    // metadata either: the SDK's credential chain would otherwise wait on IMDS timeouts (tens of seconds
    // on a loaded CI machine) before the refresh test sees "no credentials".
    env: { ROLECHAIN_DATA_DIR: '.e2e-data', NEXT_TELEMETRY_DISABLED: '1', AWS_EC2_METADATA_DISABLED: 'true' },
  },
});

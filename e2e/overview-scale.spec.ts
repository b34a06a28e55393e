import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { generateOrg } from '../bench/generate-org';
import { startNextServer } from './support/next-server';
import { writeAuthz } from '../bench/write-authz';

// The first view of an estate too large to draw whole: 60 generated accounts, imported with
// `rolechain import` (as a user would) into a store of their own, served by a second server (E2E_PORT+8;
// the suite's own server keeps the demo for the other specs).

const ROOT = join(import.meta.dirname, '..');
const PORT = Number(process.env.E2E_PORT ?? 3100) + 8;
const BASE = `http://127.0.0.1:${PORT}`;
const ACCOUNTS = 60;

let dir: string;
let server: ChildProcess | undefined;

test.describe('the overview of a 60-account estate', () => {
  test.describe.configure({ mode: 'serial' });

  test.beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rolechain-e2e-scale-'));
    const files = join(dir, 'authz');
    writeAuthz(generateOrg({ accounts: ACCOUNTS, rolesPerAccount: 4, seed: 11 }), files);
    const env = {
      ...process.env,
      ROLECHAIN_DATA_DIR: join(dir, 'data'),
      NEXT_TELEMETRY_DISABLED: '1',
      // Analysed in the analysis worker, as an estate of 2,000 principals and more is by default: the
      // overview, the account's graph and its findings below are answered from the worker's analysis.
      ROLECHAIN_ANALYSIS_THREAD: 'worker',
    };
    const imported = spawnSync(process.execPath, [join(ROOT, 'bin/rolechain.mjs'), 'import', files], {
      env,
      encoding: 'utf8',
    });
    expect(imported.status, imported.stderr).toBe(0);
    server = await startNextServer(PORT, env);
  });

  test.afterAll(() => {
    server?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  test('the first view ranks accounts as cards, lists all of them paged and filtered, and opens one as a graph', async ({
    page,
  }) => {
    await page.goto(`${BASE}/`);
    const overview = page.getByTestId('account-overview');
    await expect(overview).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('overview-totals')).toContainText(`${ACCOUNTS} accounts`);
    await expect(page.getByTestId('account-card')).toHaveCount(12);
    // The first view starts the analysis; once done every card says its findings (or none), never "analysing".
    await expect(page.getByTestId('overview-analysing')).toHaveCount(0, { timeout: 60_000 });
    await expect(page.getByTestId('overview-totals')).toContainText(/\d+ findings?/);
    await expect(page.getByRole('heading', { name: /Accounts with the most severe findings/ })).toBeVisible();
    await expect(page.getByTestId('account-card').first()).toContainText(
      /critical|high|medium|low|info|no findings/,
    );

    // Every account, 50 to a page, on the server.
    await expect(page.getByTestId('account-row')).toHaveCount(50);
    await expect(page.getByTestId('account-list-range')).toHaveText(`1–50 of ${ACCOUNTS}`);
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByTestId('account-list-range')).toHaveText(`51–60 of ${ACCOUNTS}`);
    await expect(page.getByTestId('account-row')).toHaveCount(10);
    const id = (
      (await page.getByTestId('account-row').first().locator('.font-mono').textContent()) ?? ''
    ).trim();
    expect(id).toMatch(/^\d{12}$/);
    // A second account, from the first page, for the sidebar's account box below.
    const other = (
      (await page.getByTestId('account-row').nth(3).locator('.font-mono').textContent()) ?? ''
    ).trim();
    await page.getByLabel('Filter accounts by id or name').fill(id);
    await expect(page.getByTestId('account-row')).toHaveCount(1);
    await expect(page.getByTestId('account-list-range')).toHaveText('1–1 of 1');

    // Opening an account draws it, its roles as graph nodes.
    await page.getByTestId('account-row').getByRole('button').click();
    await expect(page).toHaveURL(new RegExp(`account=${id}`));
    await expect(page.getByTestId('graph-node').first()).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('account-overview')).toHaveCount(0);

    // The sidebar of a 60-account estate: search boxes, not a select and a checkbox per account.
    const sidebar = page.getByRole('complementary', { name: 'Graph filters' });
    await expect(sidebar.getByRole('combobox', { name: 'Account', exact: true })).toHaveValue(id);
    await expect(sidebar.locator('select[aria-label="Account"]')).toHaveCount(0);
    await expect(sidebar.getByRole('checkbox', { name: /^Collapse / })).toHaveCount(0);
    const collapse = sidebar.getByRole('combobox', { name: 'Find an account to collapse' });
    await collapse.fill(id.slice(0, 3));
    const suggestions = page.getByRole('listbox', { name: 'Suggestions' }).getByRole('option');
    await expect(suggestions.first()).toBeVisible();
    expect(await suggestions.count()).toBeLessThanOrEqual(20);
    await collapse.fill(id);
    await expect(suggestions).toHaveCount(1);
    await collapse.press('Enter');
    await expect(collapse).toHaveValue('');
    const collapsedBox = sidebar.getByRole('checkbox', { name: new RegExp(`^Collapse .*${id}`) });
    await expect(collapsedBox).toBeChecked();
    await expect(sidebar.getByRole('checkbox', { name: /^Collapse / })).toHaveCount(1);
    await collapsedBox.click();
    await expect(sidebar.getByRole('checkbox', { name: /^Collapse / })).toHaveCount(0);

    // Another account, found by typing part of its id in the account box.
    const account = sidebar.getByRole('combobox', { name: 'Account', exact: true });
    await account.fill('');
    await account.fill(other.slice(0, 10));
    await page
      .getByRole('option', { name: new RegExp(other) })
      .first()
      .click();
    await expect(page).toHaveURL(new RegExp(`account=${other}`));
    await sidebar.getByRole('button', { name: 'All accounts' }).click();
    await expect(page).not.toHaveURL(/account=/);
  });
});

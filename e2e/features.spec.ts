import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';

const DORIS_BE = 'arn:aws:iam::111111111111:role/doris-be-instance-role';
const DORIS_S3 = 'arn:aws:iam::222222222222:role/doris-s3-role';
const DORIS_PREFIX = 's3://rolechain-demo-lakehouse/doris/';
const node = (id: string) => `[data-node-id="${id}"]`;

test('expanding a node adds its neighbours to the view, keeps the view and the link', async ({ page }) => {
  await page.goto(`/?focus=${encodeURIComponent(DORIS_BE)}&depth=1`);
  await expect(page.locator(node(DORIS_S3))).toBeVisible({ timeout: 30_000 });
  // Depth 1 from the instance role stops at the target role: not yet its data.
  await expect(page.locator(node(DORIS_PREFIX))).toHaveCount(0);
  await page.locator(node(DORIS_S3)).click();
  await page.getByRole('region', { name: 'Details' }).getByRole('button', { name: 'Expand' }).click();
  await expect(page).toHaveURL(/exp=arn/);
  await expect(page.locator(node(DORIS_PREFIX))).toBeVisible({ timeout: 30_000 });
  await expect(page.locator(node(DORIS_BE))).toBeVisible();
  await expect(page.getByTestId('focus')).toHaveText(DORIS_BE);
  await page.reload();
  await expect(page.locator(node(DORIS_PREFIX))).toBeVisible({ timeout: 30_000 });
});

test('collapsing an account draws it as one node, and clicking that node opens it again', async ({
  page,
}) => {
  await page.goto('/?view=all');
  await expect(page.locator(node(DORIS_S3))).toBeVisible({ timeout: 30_000 });
  // Controlled by the URL: a click, then the URL says what changed.
  await page.getByRole('checkbox', { name: 'Collapse acme-data-lake (222222222222)' }).click();
  await expect(page).toHaveURL(/col=222222222222/);
  const collapsed = page.locator(node('collapsed:222222222222'));
  await expect(collapsed).toBeVisible({ timeout: 30_000 });
  await expect(page.locator(node(DORIS_S3))).toHaveCount(0);
  await collapsed.click();
  await expect(page).not.toHaveURL(/col=/);
  await expect(page.locator(node(DORIS_S3))).toBeVisible({ timeout: 30_000 });
});

test('an edge opened from the keyboard shows its decision and the five steps, and Escape closes it', async ({
  page,
}) => {
  await page.goto(`/?focus=${encodeURIComponent(DORIS_BE)}&depth=1`);
  const edge = page.getByTestId(`rf__edge-can-assume|${DORIS_BE}|${DORIS_S3}`);
  await expect(edge).toBeAttached({ timeout: 30_000 });
  await edge.focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/edge=can-assume/);
  const panel = page.getByRole('region', { name: 'Edge' });
  // The edge's own heading comes first; the five-step check below adds its verdict as another h2.
  await expect(panel.getByRole('heading', { level: 2 }).first()).toContainText('can assume');
  await expect(panel.getByTestId('edge-reasons')).toBeVisible();
  // The view sends edges without reasons; the panel reads them from the source's details.
  await expect(panel.getByTestId('edge-reasons')).toContainText('trust policy of doris-s3-role');
  const steps = panel.getByTestId('check-step');
  await expect(steps).toHaveCount(5, { timeout: 30_000 });
  await expect(panel.getByLabel('Resource to check')).toHaveValue(DORIS_PREFIX);
  // The panel fills the ExternalId it knows (CloudTrail saw doris-external-id sent) and says so: all five pass.
  await expect(panel.getByTestId('external-id-used')).toContainText('doris-external-id');
  await expect(panel.getByTestId('check-verdict')).toHaveText('The chain works', { timeout: 30_000 });
  for (const step of await steps.all()) await expect(step).toHaveAttribute('data-status', 'pass');
  // A wrong ExternalId typed in breaks the trust step.
  await panel.getByLabel('ExternalId').fill('not-the-external-id');
  await expect(panel.getByTestId('check-verdict')).toHaveText('The chain is broken', { timeout: 30_000 });
  await page.keyboard.press('Escape');
  await expect(page.getByRole('region', { name: 'Edge' })).toHaveCount(0);
  await expect(page).not.toHaveURL(/edge=/);
});

test('a node reached with Tab opens its details on Enter', async ({ page }) => {
  await page.goto(`/?focus=${encodeURIComponent(DORIS_BE)}&depth=1`);
  const target = page.getByTestId(`rf__node-${DORIS_S3}`);
  await expect(target).toBeAttached({ timeout: 30_000 });
  await target.focus();
  await page.keyboard.press('Enter');
  await expect(
    page.getByRole('region', { name: 'Details' }).getByRole('heading', { name: 'doris-s3-role' }),
  ).toBeVisible();
});

test('the usage filter keeps only chains CloudTrail saw, or only the possible ones nobody used', async ({
  page,
}) => {
  await page.goto('/?view=all');
  await expect(page.getByTestId('graph-node').first()).toBeVisible({ timeout: 30_000 });
  await page.getByRole('combobox', { name: 'Usage' }).selectOption('observed');
  await expect(page).toHaveURL(/use=observed/);
  await expect(page.locator('[data-edge-kind="observed"]').first()).toBeAttached({ timeout: 30_000 });
  await expect(page.locator('[data-edge-kind="can-access"]')).toHaveCount(0);
  await page.getByRole('combobox', { name: 'Usage' }).selectOption('unused');
  await expect(page.locator('[data-edge-kind="can-assume"]').first()).toBeAttached({ timeout: 30_000 });
  await expect(page.locator('[data-edge-kind="observed"]')).toHaveCount(0);
  await page.getByRole('combobox', { name: 'Finding severity' }).selectOption('high');
  await expect(page).toHaveURL(/sev=high/);
  // Among possible chains nobody used, those touching a high finding: Spark ETL's missing trust.
  await expect(page.locator('[data-node-id="arn:aws:iam::222222222222:role/spark-etl-s3-role"]')).toBeVisible(
    { timeout: 30_000 },
  );
});

test('the view exports as an SVG file with the drawn roles as escaped text', async ({ page }) => {
  await page.goto(`/?focus=${encodeURIComponent(DORIS_BE)}&depth=1`);
  await expect(page.locator(node(DORIS_S3))).toBeVisible({ timeout: 30_000 });
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export SVG' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('rolechain-graph.svg');
  const svg = readFileSync(await file.path(), 'utf8');
  expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  expect(svg).toContain('doris-s3-role');
  expect(svg).toContain('data-kind="can-assume"');
  const png = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export PNG' }).click();
  const pngFile = await png;
  const bytes = readFileSync(await pngFile.path());
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
});

test('dark mode follows the toggle and stays after a reload', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/findings');
  const html = page.locator('html');
  await expect(html).not.toHaveClass(/dark/);
  await page.getByTestId('theme-toggle').click();
  await expect(html).toHaveClass(/dark/);
  await page.reload();
  await expect(html).toHaveClass(/dark/);
  await page.getByTestId('theme-toggle').click();
  await expect(html).not.toHaveClass(/dark/);
});

test('refreshing from AWS without credentials says so, with a retry', async ({ page }) => {
  await page.goto('/sources');
  await page.getByRole('button', { name: 'Refresh from AWS' }).click();
  const region = page.getByRole('region', { name: 'Refresh from AWS' });
  await expect(region.getByRole('alert')).toContainText(/credential/i, { timeout: 45_000 });
  await expect(region.getByRole('button', { name: 'Retry' })).toBeVisible();
});

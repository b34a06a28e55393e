import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';

const DORIS_BE = 'arn:aws:iam::111111111111:role/doris-be-instance-role';
const SPARK_S3 = 'arn:aws:iam::222222222222:role/spark-etl-s3-role';
const SPARK_INSTANCE = 'arn:aws:iam::111111111111:role/spark-etl-instance-role';

test('who can reach a role: from its panel, one click lists each principal with the verdict of its best chain', async ({
  page,
}) => {
  await page.goto(`/?sel=${encodeURIComponent(SPARK_S3)}`);
  const details = page.getByRole('region', { name: 'Details' });
  await expect(details.getByRole('heading', { name: 'spark-etl-s3-role' })).toBeVisible({ timeout: 30_000 });
  await details.getByRole('button', { name: 'Who can reach it?' }).click();
  await expect(page).toHaveURL(/ask=reach-to/);
  const panel = page.getByRole('region', { name: 'Paths' });
  const spark = panel.locator(`[data-testid="reach-row"][data-node="${SPARK_INSTANCE}"]`);
  await expect(spark).toHaveAttribute('data-verdict', 'broken');
  await expect(spark).toContainText('missing-trust');
  await expect(spark.getByTestId('path-failing')).toContainText('trust policy does not admit');
  // From a reach row to every chain between the two.
  await spark.getByRole('button', { name: 'All chains' }).click();
  await expect(page).toHaveURL(/ask=paths/);
  await expect(panel.getByTestId('path-row').first()).toHaveAttribute('data-verdict', 'broken');
  await expect(panel.getByTestId('paths-summary')).toContainText('broken');
  // The link reproduces the question.
  await page.goto(page.url());
  await expect(page.getByRole('region', { name: 'Paths' }).getByTestId('path-row').first()).toBeVisible({
    timeout: 30_000,
  });
});

test('how does X reach Y: paths from a node to one picked by search, ranked, each opening its five steps, shared as a link and a report', async ({
  page,
}) => {
  await page.goto(`/?sel=${encodeURIComponent(DORIS_BE)}`);
  const details = page.getByRole('region', { name: 'Details' });
  await expect(details.getByRole('heading', { name: 'doris-be-instance-role' })).toBeVisible({
    timeout: 30_000,
  });
  await details.getByRole('button', { name: 'Paths from here…' }).click();
  const panel = page.getByRole('region', { name: 'Paths' });
  // The node picker is the same combobox as Find a node, driven here by the keyboard alone.
  const to = panel.getByRole('combobox', { name: 'To node' });
  await to.fill('doris-s3-role');
  await expect(panel.getByRole('option', { name: /doris-s3-role/ }).first()).toBeVisible();
  const active = panel.locator(`[id="${await to.getAttribute('aria-activedescendant')}"]`);
  await expect(active).toHaveAttribute('aria-selected', 'true');
  await expect(active).toContainText('doris-s3-role');
  await to.press('Enter');
  await expect(page).toHaveURL(/pto=/);
  const row = panel.getByTestId('path-row').first();
  await expect(row).toHaveAttribute('data-verdict', 'conditional');
  await expect(row.getByTestId('path-open').first()).toContainText('sts:ExternalId');

  await row.getByRole('button', { name: 'Five steps' }).click();
  const five = row.getByRole('region', { name: 'Five-step check' });
  await expect(five.getByTestId('check-step')).toHaveCount(5, { timeout: 30_000 });
  await expect(five.getByTestId('check-summary')).toBeVisible();

  // A self-contained report to attach to a ticket.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    five.getByRole('button', { name: 'Download report (HTML)' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^rolechain-check-\w+-\d+\.html$/);
  const html = readFileSync(await download.path(), 'utf8');
  expect(html).toContain('<!doctype html>');
  expect(html).toContain('doris-s3-role');
  expect((html.match(/<li data-step=/g) ?? []).length).toBe(5);
  expect(html).not.toMatch(/<script|<link|<img|src=|url\(/i);

  // The link reopens the same check on /check.
  const href = await five.getByTestId('check-link').getAttribute('href');
  expect(href).toMatch(/^\/check\?source=/);
  await page.goto(href!);
  await expect(page.getByTestId('check-summary')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('check-step')).toHaveCount(5);
  await expect(page.getByLabel('Target role')).toHaveValue('arn:aws:iam::222222222222:role/doris-s3-role');
});

test('what can X reach: the Doris BE role reaches doris-s3-role and its prefix only under the ExternalId', async ({
  page,
}) => {
  await page.goto(`/?ask=reach-from&pfrom=${encodeURIComponent(DORIS_BE)}`);
  const panel = page.getByRole('region', { name: 'Paths' });
  const rows = panel.getByTestId('reach-row');
  await expect(rows.first()).toBeVisible({ timeout: 30_000 });
  await expect(panel.locator('[data-node="arn:aws:iam::222222222222:role/doris-s3-role"]')).toHaveAttribute(
    'data-verdict',
    'conditional',
  );
  await expect(panel.locator('[data-node="s3://rolechain-demo-lakehouse/doris/"]')).toHaveAttribute(
    'data-verdict',
    'conditional',
  );
  await expect(rows.filter({ has: page.locator('[data-verdict="works"]') })).toHaveCount(0);
  await expect(panel.getByTestId('paths-summary')).toContainText('conditional');
});

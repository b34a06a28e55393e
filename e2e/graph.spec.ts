import { expect, test } from '@playwright/test';

const DORIS_S3_ROLE = 'arn:aws:iam::222222222222:role/doris-s3-role';
const SPARK_ETL_S3_ROLE = 'arn:aws:iam::222222222222:role/spark-etl-s3-role';

test('the home page draws the demo organisation grouped by account, and a role shows its trust and permissions', async ({
  page,
}) => {
  await page.goto('/?view=all');
  const nodes = page.getByTestId('graph-node');
  await expect(nodes.first()).toBeVisible({ timeout: 30_000 });
  expect(await page.getByTestId('account-group').count()).toBeGreaterThanOrEqual(4);
  await expect(page.locator(`[data-node-id="${DORIS_S3_ROLE}"]`)).toHaveCount(1);
  await expect(page.locator('[data-edge-kind="missing-trust"]').first()).toBeAttached();
  // Badges come from the findings summary the view carries: two findings name spark-etl-s3-role.
  await expect(page.locator(`[data-node-id="${SPARK_ETL_S3_ROLE}"]`).getByTitle('2 findings')).toHaveText(
    '2',
  );

  await page.locator(`[data-node-id="${DORIS_S3_ROLE}"]`).click();
  await expect(page).toHaveURL(/sel=/);
  const details = page.getByRole('region', { name: 'Details' });
  await expect(details.getByRole('heading', { name: 'doris-s3-role' })).toBeVisible();
  const trust = details.getByRole('region', { name: /trust policy Trust policy/ });
  await expect(trust).toContainText('doris-external-id');
  await expect(trust).toContainText('doris-be-instance-role');
  // The statement that decides the incoming can-assume edges is highlighted.
  await expect(trust.locator('[data-highlighted="true"]').first()).toBeVisible();
  await expect(details.getByRole('region', { name: 'Policies' })).toContainText('s3:GetObject');
  await expect(details.locator('[data-edge-kind="can-assume"]').first()).toBeVisible();
});

test('searching for a node focuses the graph on its chains, and the link reproduces the view', async ({
  page,
}) => {
  await page.goto('/');
  // Typed once the graph is drawn: text typed while the first view is still loading is not kept
  // (a known rough edge, open in issue #18).
  await expect(page.getByTestId('graph-node').first()).toBeVisible({ timeout: 30_000 });
  await page.getByRole('combobox', { name: 'Find a node' }).fill('doris-be-instance-role');
  await page
    .getByRole('option', { name: /doris-be-instance-role/ })
    .first()
    .click();
  await expect(page.getByTestId('focus')).toHaveText('arn:aws:iam::111111111111:role/doris-be-instance-role');
  await expect(page.locator(`[data-node-id="${DORIS_S3_ROLE}"]`)).toBeVisible({ timeout: 30_000 });
  const url = page.url();
  await page.goto(url);
  await expect(page.getByTestId('focus')).toHaveText('arn:aws:iam::111111111111:role/doris-be-instance-role');
  await expect(page.getByRole('region', { name: 'Details' })).toBeVisible();
});

test('a bad graph query shows the API’s message and a retry, never a blank page', async ({ page }) => {
  await page.goto('/?focus=arn:aws:iam::999999999999:role/nope');
  // Next's route announcer is also role=alert, hence the filter.
  await expect(page.getByRole('alert').filter({ hasText: 'No node' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Retry' })).toBeVisible();
});

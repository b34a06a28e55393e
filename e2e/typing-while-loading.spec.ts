import { expect, test } from '@playwright/test';

/**
 * A person types into "Find a node" the moment the page appears, before the first view is drawn: the
 * box either takes the text and keeps it, or is disabled and says why until it can. It never looks as if
 * it took the text and then drops it (issue #18; the CI run of 78eb0b8 lost "doris-be-instance-role").
 */
test('text typed into Find a node while the first view loads is kept, and finds the node', async ({
  page,
}) => {
  // No wait for the graph: the box is used as soon as it is in the page.
  await page.goto('/', { waitUntil: 'commit' });
  const box = page.getByRole('combobox', { name: 'Find a node' });
  await box.waitFor({ state: 'attached' });
  // Whenever it is drawn disabled, the reason is on it.
  const first = await box.evaluate((el: HTMLInputElement) => ({
    disabled: el.disabled,
    placeholder: el.placeholder,
  }));
  if (first.disabled) expect(first.placeholder).toMatch(/loads/);
  // `fill` types as soon as the box takes text (it waits for an enabled box, as a person would).
  await box.fill('doris-be-instance-role');
  // The first view is drawn after the text was typed (or while), and the text is still there.
  await expect(page.getByTestId('graph-node').first()).toBeVisible({ timeout: 30_000 });
  await page.waitForTimeout(300);
  await expect(box).toHaveValue('doris-be-instance-role');
  await page
    .getByRole('option', { name: /doris-be-instance-role/ })
    .first()
    .click();
  await expect(page.getByTestId('focus')).toHaveText('arn:aws:iam::111111111111:role/doris-be-instance-role');
});

test('keys pressed one by one into Find a node as the page loads are all kept', async ({ page }) => {
  await page.goto('/?view=all', { waitUntil: 'commit' });
  const box = page.getByRole('combobox', { name: 'Find a node' });
  await expect(box).toBeEnabled({ timeout: 30_000 });
  // Typed key by key while the graph is fetched and drawn.
  await box.pressSequentially('spark-etl', { delay: 40 });
  await expect(page.getByTestId('graph-node').first()).toBeVisible({ timeout: 30_000 });
  await page.waitForTimeout(300);
  await expect(box).toHaveValue('spark-etl');
  await expect(page.getByRole('option', { name: /spark-etl-s3-role/ }).first()).toBeVisible();
});

import { expect, test } from '@playwright/test';

test('the dashboard opens on the graph and every main view is reachable', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('link', { name: 'Rolechain' })).toBeVisible();
  await expect(
    page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Graph' }),
  ).toHaveAttribute('aria-current', 'page');
});

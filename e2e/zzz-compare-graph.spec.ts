import { expect, test } from '@playwright/test';
import { currentSnapshotId, importOrganisation, openSources } from './support/org-import';

// Runs after every other spec (file order): it imports into the user's store. It imports the
// organisation as the demo has it, then with doris-s3-role no longer trusting the Doris BE role, and
// compares the two on the graph.

test('comparing two snapshots draws the broken Doris chain in place on the graph, and the link keeps the pair', async ({
  page,
}) => {
  await openSources(page);
  await importOrganisation(page, false, 'new snapshot');
  const before = await currentSnapshotId(page);
  await importOrganisation(page, true, `#${before + 1}`);

  await page.goto('/');
  await expect(page.getByTestId('graph-node').first()).toBeVisible({ timeout: 30_000 });
  const compare = page.getByRole('group', { name: 'Compare snapshots' });
  await compare.getByRole('combobox', { name: 'Compare from snapshot' }).selectOption(String(before));
  await expect(page).toHaveURL(new RegExp(`cmp=${before}`));
  await expect(compare.getByTestId('compare-counts')).toContainText('1 broken', { timeout: 30_000 });
  // The changed chain is marked on the canvas itself, with a badge a person reads.
  const broken = page.locator(
    '[data-testid="graph-edge"][data-diff="broken"][data-edge-kind="missing-trust"]',
  );
  await expect(broken).toHaveCount(1);
  await expect(page.locator('[data-testid="diff-badge"][data-change="broken"]')).toHaveText('broken');
  await expect(broken.locator('title')).toContainText('can-assume');

  await page.goto(page.url());
  await expect(page.locator('[data-testid="graph-edge"][data-diff="broken"]')).toHaveCount(1, {
    timeout: 30_000,
  });
});

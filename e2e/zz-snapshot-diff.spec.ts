import { expect, test } from '@playwright/test';
import { importOrganisation, openSources } from './support/org-import';

// Runs last (file order): it imports into the user's store, which ends the demo the other specs start from.
// The demo lives in a store of its own, so the comparison needs two imports of the user's: the
// organisation as the demo has it, then with doris-s3-role changed.

test('after importing the organisation with doris-s3-role no longer trusting the BE nodes, the comparison shows the Doris chain broken', async ({
  page,
}) => {
  await openSources(page);
  await expect(page.getByTestId('demo-banner')).toBeVisible();
  await importOrganisation(page, false, 'new snapshot');
  // The first import leaves the demo: the banner goes, the source is the user's files.
  await expect(page.getByTestId('demo-banner')).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByTestId('snapshot-source')).toContainText('files');
  await importOrganisation(page, true, '#2');
  const compare = page.getByRole('region', { name: 'Compare snapshots' });
  await expect(compare.getByTestId('diff-counts')).toBeVisible({ timeout: 60_000 });
  const broken = compare
    .locator('[data-testid="diff-row"][data-change="broken"]')
    .filter({ hasText: 'doris-be-instance-role' })
    .filter({ hasText: 'doris-s3-role' });
  await expect(broken).toHaveCount(1);
  await expect(broken).toContainText('can-assume');
  await expect(broken).toContainText('missing-trust');
  await expect(page).not.toHaveURL(/from=/);
  await compare.getByRole('combobox', { name: 'From snapshot' }).selectOption({ index: 0 });
  await expect(page).toHaveURL(/from=/);
  await expect(compare).toContainText('Choose two different snapshots.');
});

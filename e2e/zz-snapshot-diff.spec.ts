import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';

// Runs last (file order): it imports into the user's store, which ends the demo the other specs start from.
// The demo lives in a store of its own, so the comparison needs two imports of the user's: the
// organisation as the demo has it, then with doris-s3-role changed.

const ACCOUNTS = ['100000000001', '111111111111', '222222222222', '333333333333'];
const authz = (account: string): string =>
  readFileSync(join('demo', 'accounts', account, 'iam', 'get-account-authorization-details.json'), 'utf8');

interface RoleDetail {
  RoleName: string;
  AssumeRolePolicyDocument: { Statement: { Principal?: { AWS?: string | string[] } }[] };
}

test('after importing the organisation with doris-s3-role no longer trusting the BE nodes, the comparison shows the Doris chain broken', async ({
  page,
}) => {
  const files = (changed: boolean) =>
    ACCOUNTS.map((account) => {
      let text = authz(account);
      if (changed && account === '222222222222') {
        const doc = JSON.parse(text) as { RoleDetailList: RoleDetail[] };
        const role = doc.RoleDetailList.find((r) => r.RoleName === 'doris-s3-role');
        if (!role) throw new Error('the demo has no doris-s3-role');
        for (const s of role.AssumeRolePolicyDocument.Statement) {
          const aws = s.Principal?.AWS;
          if (Array.isArray(aws)) s.Principal!.AWS = aws.filter((a) => !a.endsWith('doris-be-instance-role'));
        }
        text = JSON.stringify(doc);
      }
      return {
        name: `${account}-get-account-authorization-details.json`,
        mimeType: 'application/json',
        buffer: Buffer.from(text),
      };
    });
  await page.goto('/sources');
  await expect(page.getByTestId('snapshot-source')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('demo-banner')).toBeVisible();
  await page.getByLabel('Files to import').setInputFiles(files(false));
  await expect(page.getByRole('status', { name: 'Import result' })).toContainText('new snapshot', {
    timeout: 60_000,
  });
  // The first import leaves the demo: the banner goes, the source is the user's files.
  await expect(page.getByTestId('demo-banner')).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByTestId('snapshot-source')).toContainText('files');
  await page.getByLabel('Files to import').setInputFiles(files(true));
  await expect(page.getByRole('status', { name: 'Import result' })).toContainText('#2', {
    timeout: 60_000,
  });
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

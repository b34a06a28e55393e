import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';

// Runs after every other spec (file order): it imports into the user's store. It imports the
// organisation as the demo has it, then with doris-s3-role no longer trusting the Doris BE role, and
// compares the two on the graph.

const ACCOUNTS = ['100000000001', '111111111111', '222222222222', '333333333333'];
const authz = (account: string): string =>
  readFileSync(join('demo', 'accounts', account, 'iam', 'get-account-authorization-details.json'), 'utf8');

interface RoleDetail {
  RoleName: string;
  AssumeRolePolicyDocument: { Statement: { Principal?: { AWS?: string | string[] } }[] };
}

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

test('comparing two snapshots draws the broken Doris chain in place on the graph, and the link keeps the pair', async ({
  page,
}) => {
  await page.goto('/sources');
  await expect(page.getByTestId('snapshot-source')).toBeVisible({ timeout: 30_000 });
  await page.getByLabel('Files to import').setInputFiles(files(false));
  await expect(page.getByRole('status', { name: 'Import result' })).toContainText('new snapshot', {
    timeout: 60_000,
  });
  const before = (await (await page.request.get('/api/snapshot')).json()) as { current: { id: number } };
  await page.getByLabel('Files to import').setInputFiles(files(true));
  await expect(page.getByRole('status', { name: 'Import result' })).toContainText(
    `#${before.current.id + 1}`,
    {
      timeout: 60_000,
    },
  );

  await page.goto('/');
  await expect(page.getByTestId('graph-node').first()).toBeVisible({ timeout: 30_000 });
  const compare = page.getByRole('group', { name: 'Compare snapshots' });
  await compare
    .getByRole('combobox', { name: 'Compare from snapshot' })
    .selectOption(String(before.current.id));
  await expect(page).toHaveURL(new RegExp(`cmp=${before.current.id}`));
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

/**
 * The set-up both snapshot-comparison specs share: the demo organisation's authorization details as
 * upload files, as they are or with doris-s3-role no longer trusting the Doris BE role, imported into
 * the user's store through the Sources page. Importing ends the demo for the specs after, so the
 * specs that use this run last (file order: zz-, zzz-).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';

const ACCOUNTS = ['100000000001', '111111111111', '222222222222', '333333333333'];

interface RoleDetail {
  RoleName: string;
  AssumeRolePolicyDocument: { Statement: { Principal?: { AWS?: string | string[] } }[] };
}

const authz = (account: string): string =>
  readFileSync(join('demo', 'accounts', account, 'iam', 'get-account-authorization-details.json'), 'utf8');

/** The organisation's files; `brokenDoris`: doris-s3-role's trust no longer names doris-be-instance-role. */
export function organisationFiles(brokenDoris: boolean) {
  return ACCOUNTS.map((account) => {
    let text = authz(account);
    if (brokenDoris && account === '222222222222') {
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
}

/** Opens Sources and waits until it shows the snapshot in use. */
export async function openSources(page: Page): Promise<void> {
  await page.goto('/sources');
  await expect(page.getByTestId('snapshot-source')).toBeVisible({ timeout: 30_000 });
}

/** Imports the organisation (see `organisationFiles`) and waits for the result to say `expected`. */
export async function importOrganisation(page: Page, brokenDoris: boolean, expected: string): Promise<void> {
  await page.getByLabel('Files to import').setInputFiles(organisationFiles(brokenDoris));
  await expect(page.getByRole('status', { name: 'Import result' })).toContainText(expected, {
    timeout: 60_000,
  });
}

/** The id of the snapshot now in use. */
export async function currentSnapshotId(page: Page): Promise<number> {
  const body = (await (await page.request.get('/api/snapshot')).json()) as { current: { id: number } };
  return body.current.id;
}

import { expect, test } from '@playwright/test';
import { DORIS_CHAIN, STARROCKS_CATALOG } from './support/demo-checks';

test('findings list the missing trust entry with a fix to copy', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/findings');
  const finding = page
    .getByTestId('finding')
    .filter({ hasText: 'spark-etl-s3-role' })
    .filter({ has: page.getByTestId('fix-json') })
    .first();
  await expect(finding).toBeVisible({ timeout: 30_000 });
  await expect(finding.getByTestId('fix-json')).toContainText('spark-etl-instance-role');
  await expect(finding.getByTestId('fix-cli')).toContainText('aws iam update-assume-role-policy');
  // The command says which shell it is quoted for (README, Security).
  await expect(finding.getByTestId('fix-cli-shell')).toContainText('POSIX shell');
  await finding.getByRole('button', { name: 'Copy statement' }).click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(JSON.parse(copied)).toMatchObject({ Effect: 'Allow' });
});

test('findings come a page at a time: group headers count the whole list, each group shows more on demand', async ({
  page,
  request,
}) => {
  const all = (await (await request.get('/api/findings?limit=1000')).json()) as {
    total: number;
    counts: { groups: { rule: string; count: number }[] };
  };
  const big = all.counts.groups.find((g) => g.count >= 3);
  expect(big, 'the demo has a rule with three findings or more').toBeDefined();
  // Pages of two, so the demo's groups need paging.
  await page.goto('/findings?limit=2');
  await expect(page.getByTestId('findings-total')).toHaveText(String(all.total), { timeout: 30_000 });
  await expect(page.getByTestId('finding')).toHaveCount(2);
  const group = page.getByTestId('finding-group').and(page.locator(`[data-rule="${big!.rule}"]`));
  await expect(group.getByRole('button', { name: `${big!.rule} · ${big!.count}` })).toBeVisible();
  const before = await group.getByTestId('finding').count();
  await group.getByRole('button', { name: /^Show / }).click();
  await expect(group.getByTestId('finding')).toHaveCount(Math.min(big!.count, before + 2));
  // The text search filters through the API and stays in the URL.
  const search = page.getByRole('combobox', { name: 'Search findings' });
  await search.fill('spark-etl-s3-role');
  await search.press('Enter');
  await expect(page).toHaveURL(/q=spark-etl-s3-role/);
  await expect(page.getByTestId('finding').first()).toContainText('spark-etl-s3-role');
  const exportJson = page.getByRole('link', { name: 'Export JSON' });
  await expect(exportJson).toHaveAttribute('href', /format=json/);
  await expect(exportJson).toHaveAttribute('href', /q=spark-etl-s3-role/);
  await expect(exportJson).not.toHaveAttribute('href', /limit=/);
});

test('the findings API pages, says why a bad page is refused, and exports the whole filtered list', async ({
  request,
}) => {
  const first = (await (await request.get('/api/findings?limit=2')).json()) as {
    total: number;
    nextOffset?: number;
    findings: { id: string }[];
    counts: { groups: { count: number }[] };
  };
  expect(first.findings).toHaveLength(2);
  expect(first.nextOffset).toBe(2);
  expect(first.counts.groups.reduce((n, g) => n + g.count, 0)).toBe(first.total);
  const second = (await (await request.get('/api/findings?limit=2&offset=2')).json()) as {
    findings: { id: string }[];
  };
  expect(second.findings.map((f) => f.id)).not.toContain(first.findings[0]!.id);

  const bad = await request.get('/api/findings?limit=5000');
  expect(bad.status()).toBe(400);
  expect(await bad.json()).toMatchObject({ code: 'bad_query', issues: [{ path: 'limit' }] });
  expect(((await bad.json()) as { message: string }).message).toMatch(/^limit: at most \d+ a page\./);
  // Every reading route refuses a parameter given twice by name, rather than taking one of the two.
  for (const url of [
    '/api/findings?rule=a&rule=b',
    '/api/search?q=a&q=b',
    '/api/overview?sort=id&sort=roles',
  ]) {
    const twice = await request.get(url);
    expect(twice.status(), url).toBe(400);
    expect(((await twice.json()) as { message: string }).message).toMatch(/ is given more than once\./);
  }

  const csv = await request.get('/api/findings?format=csv&limit=1');
  expect(csv.headers()['content-disposition']).toContain('attachment');
  expect((await csv.text()).trimEnd().split('\r\n')).toHaveLength(first.total + 1);
  const json = await request.get('/api/findings?format=json');
  expect(json.headers()['content-disposition']).toContain('rolechain-findings.json');
  expect(((await json.json()) as { findings: unknown[] }).findings).toHaveLength(first.total);
});

test('the audit filters to failures, and a failed attempt says who was behind it and why it failed', async ({
  page,
}) => {
  await page.goto('/audit');
  await expect(page.getByTestId('event-row').first()).toBeVisible({ timeout: 30_000 });
  await page.getByRole('combobox', { name: 'Outcome' }).selectOption('denied');
  await expect(page).toHaveURL(/outcome=denied/);
  const rows = page.getByTestId('event-row');
  await expect(rows.first()).toHaveAttribute('data-outcome', 'denied');
  // The Trino attempts fail on their ExternalId: the panel shows the finding that explains it.
  const role = page.getByRole('combobox', { name: 'Role' });
  await role.fill('arn:aws:iam::222222222222:role/trino-s3-role');
  await role.press('Enter');
  await expect(page).toHaveURL(/role=arn/);
  await expect(rows.first()).toContainText('trino-s3-role');
  await rows.first().click();
  const panel = page.getByRole('region', { name: 'Event' });
  await expect(panel.getByTestId('ancestry')).toBeVisible();
  await expect(panel).toContainText('AccessDenied');
  const why = panel.getByRole('region', { name: 'Why' });
  await expect(why.getByTestId('finding').first()).toBeVisible();
  await expect(why).toContainText(/ExternalId/i);
});

test('the checker passes the Doris chain on all five steps', async ({ page }) => {
  await page.goto('/check');
  await page.getByLabel('Source', { exact: true }).fill(DORIS_CHAIN.source);
  await page.getByLabel('Target role').fill(DORIS_CHAIN.targetRole);
  await page.getByLabel('Resource').fill(DORIS_CHAIN.resource);
  await page.getByLabel('Action').fill(DORIS_CHAIN.action);
  await page.getByLabel('ExternalId').fill(DORIS_CHAIN.externalId);
  await page.getByRole('button', { name: 'Check the chain' }).click();
  await expect(page.getByTestId('check-verdict')).toHaveText('The chain works');
  await expect(page.getByTestId('check-step')).toHaveCount(5);
  for (const step of await page.getByTestId('check-step').all())
    await expect(step).toHaveAttribute('data-status', 'pass');
});

test('a pasted StarRocks catalog statement is checked as the chain it describes', async ({ page }) => {
  await page.goto('/check?mode=sql');
  await page.getByLabel('Statement', { exact: true }).fill(STARROCKS_CATALOG.text);
  await page.getByLabel('Cluster’s instance role (source)').fill(STARROCKS_CATALOG.source);
  await page.getByRole('button', { name: 'Check the chain' }).click();
  const result = page.getByRole('region', { name: 'Result' });
  await expect(result).toContainText('starrocks');
  // A catalog statement names no bucket: both chains are checked; the S3 side's steps 4–5 ask for one.
  await expect(result).toContainText('no bucket or path is named');
  await expect(page.getByTestId('chain-result')).toHaveCount(2);
  await expect(page.getByTestId('check-summary')).toHaveAttribute('data-verdict', 'incomplete');
  await page.getByLabel('Resource (optional if the statement names it)').fill(STARROCKS_CATALOG.resource);
  await page.getByRole('button', { name: 'Check the chain' }).click();
  // The S3 side and the Glue side, five steps each, both working in the demo.
  await expect(page.getByTestId('chain-result')).toHaveCount(2);
  await expect(page.getByTestId('check-step')).toHaveCount(10);
  await expect(page.getByTestId('check-verdict').first()).toHaveText('The chain works');
  await expect(page.getByTestId('check-summary')).toHaveAttribute('data-verdict', 'works');
});

test('importing a file in no supported format names the file and the problem', async ({ page }) => {
  await page.goto('/sources');
  await expect(page.getByTestId('snapshot-source')).toContainText('demo');
  await page.getByLabel('Files to import').setInputFiles({
    name: 'not-cloudtrail.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ hello: 'world' })),
  });
  const result = page.getByRole('status', { name: 'Import result' });
  await expect(result).toBeVisible({ timeout: 30_000 });
  await expect(result.getByTestId('warning')).toContainText('not-cloudtrail.json');
});

test('arrow keys move through the audit rows and Enter opens the focused event', async ({ page }) => {
  await page.goto('/audit');
  const rows = page.getByTestId('event-row');
  await expect(rows.first()).toBeVisible({ timeout: 30_000 });
  await rows.first().focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(rows.nth(2)).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(rows.nth(1)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/event=/);
  await expect(page.getByRole('region', { name: 'Event' })).toBeVisible();
});

/**
 * Search boxes, history, keyboard and screen-reader use, and the details' wording, as a person meets
 * them in the built app on the demo organisation.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

const BE_ROLE = 'arn:aws:iam::111111111111:role/doris-be-instance-role';
const S3_ROLE = 'arn:aws:iam::222222222222:role/doris-s3-role';
const LAKEHOUSE = 'arn:aws:iam::222222222222:role/lakehouse-admin-role';

async function graphReady(page: Page) {
  await expect(page.getByTestId('graph-node').first()).toBeVisible({ timeout: 30_000 });
}

test.describe('search boxes match names, any case, any part', () => {
  test('the audit finds a role by its name and a user by part of theirs, and suggests stored values', async ({
    page,
  }) => {
    await page.goto('/audit');
    const rows = page.getByTestId('event-row');
    await expect(rows.first()).toBeVisible({ timeout: 30_000 });
    const role = page.getByRole('combobox', { name: 'Role' });
    // Suggestions: the stored role ARNs that hold what is typed, in the listbox the box controls,
    // walked with the arrows and picked with Enter, the focus staying in the box.
    await expect(role).toHaveAttribute('aria-expanded', 'false');
    await role.pressSequentially('LAKEHOUSE admin');
    await expect(role).toHaveAttribute('aria-expanded', 'true', { timeout: 30_000 });
    const list = page.locator(`[id="${await role.getAttribute('aria-controls')}"]`);
    await expect(list).toHaveAttribute('role', 'listbox');
    await expect(list.getByRole('option', { name: LAKEHOUSE })).toBeVisible();
    await expect(role).not.toHaveAttribute('aria-activedescendant');
    await role.press('ArrowDown');
    const active = await role.getAttribute('aria-activedescendant');
    await expect(page.locator(`[id="${active}"]`)).toHaveAttribute('aria-selected', 'true');
    await expect(page.locator(`[id="${active}"]`)).toHaveText(LAKEHOUSE);
    await role.press('Enter');
    await expect(page).toHaveURL(new RegExp(`role=${encodeURIComponent(LAKEHOUSE)}`));
    await expect(rows.first()).toContainText('lakehouse-admin-role');
    await expect(page.getByRole('combobox', { name: 'Role' })).toHaveValue(LAKEHOUSE);
    // Escape closes the list, a second Escape empties the box.
    await role.fill('doris');
    await expect(role).toHaveAttribute('aria-expanded', 'true');
    await role.press('Escape');
    await expect(role).toHaveAttribute('aria-expanded', 'false');
    await expect(role).toHaveValue('doris');
    await role.press('Escape');
    await expect(role).toHaveValue('');
    // Typed text and Enter, no suggestion highlighted: any part of the name filters.
    await role.fill('lakehouse-admin-role');
    await role.press('Enter');
    await expect(page).toHaveURL(/role=lakehouse-admin-role/);
    await expect(rows.first()).toContainText('lakehouse-admin-role');
    for (const text of await rows.allInnerTexts()) expect(text).toContain('lakehouse-admin-role');

    await role.fill('');
    await role.press('Enter');
    const origin = page.getByRole('combobox', { name: 'Original identity' });
    await origin.fill('alice.chen');
    await origin.press('Enter');
    await expect(page).toHaveURL(/origin=alice.chen/);
    await expect(rows.first()).toContainText('alice.chen');
    // An exact ARN still selects exactly that role.
    await page.goto(`/audit?role=${encodeURIComponent(S3_ROLE)}`);
    await expect(rows.first()).toBeVisible();
    for (const text of await rows.allInnerTexts()) expect(text).toContain('doris-s3-role');
  });

  test('findings: "missing trust" finds the missing-trust rule, and the box suggests rules', async ({
    page,
  }) => {
    await page.goto('/findings');
    const search = page.getByRole('combobox', { name: 'Search findings' });
    await expect(page.getByTestId('findings-total')).toBeVisible({ timeout: 30_000 });
    // The rules are suggested as words are typed; the mouse picks one as well as the keyboard.
    await search.pressSequentially('missing tr');
    await expect(search).toHaveAttribute('aria-expanded', 'true', { timeout: 30_000 });
    await page.getByRole('option', { name: 'missing-trust', exact: true }).click();
    await expect(page).toHaveURL(/q=missing-trust/);
    await expect(search).toBeFocused();
    await expect(search).toHaveAttribute('aria-expanded', 'false');
    await search.fill('missing trust');
    await search.press('Enter');
    await expect(page).toHaveURL(/q=missing\+trust/);
    await expect(page.getByTestId('findings-total')).not.toHaveText('0');
    await expect(page.getByText('No findings match these filters.')).toHaveCount(0);
    await expect(page.getByTestId('finding').first()).toContainText(/missing trust|missing-trust/i);
  });

  test('the graph search finds a role from words in another case', async ({ page }) => {
    await page.goto('/');
    await graphReady(page);
    const find = page.getByRole('combobox', { name: 'Find a node' });
    await find.fill('LAKEHOUSE admin');
    await expect(page.getByRole('option', { name: /lakehouse-admin-role/ }).first()).toBeVisible();
    // A box that must name a node highlights the first match: Enter focuses it, and the box empties.
    await expect(find).toHaveAttribute('aria-activedescendant', /.+/);
    await find.press('Enter');
    await expect(page.getByTestId('focus')).toHaveText(LAKEHOUSE);
    await expect(find).toHaveValue('');
    await expect(find).toHaveAttribute('aria-expanded', 'false');
  });
});

test('Back and Forward walk focus and selection; typing adds no entry', async ({ page }) => {
  // Every node drawn (the overview is a summary by account): the walk starts from that view.
  await page.goto('/?view=all');
  await graphReady(page);
  await page.locator(`[data-node-id="${S3_ROLE}"]`).click();
  await expect(page).toHaveURL(/sel=/);
  const details = page.getByRole('region', { name: 'Details' });
  await expect(details.getByRole('heading', { name: 'doris-s3-role' })).toBeVisible();

  const search = page.getByRole('combobox', { name: 'Find a node' });
  await search.fill('doris-be-instance');
  await page
    .getByRole('option', { name: /doris-be-instance-role/ })
    .first()
    .click();
  await expect(page.getByTestId('focus')).toHaveText(BE_ROLE);
  await search.fill('some text never picked');

  await page.goBack();
  await expect(page).toHaveURL(/\?view=all&sel=/);
  await expect(page.getByTestId('focus')).toHaveCount(0);
  await expect(details.getByRole('heading', { name: 'doris-s3-role' })).toBeVisible();

  await page.goBack();
  await expect(page).toHaveURL(/\/\?view=all$/);
  await expect(details).toHaveCount(0);
  await graphReady(page);

  await page.goForward();
  await expect(details.getByRole('heading', { name: 'doris-s3-role' })).toBeVisible();
  await page.goForward();
  await expect(page.getByTestId('focus')).toHaveText(BE_ROLE);
  await expect(details.getByRole('heading', { name: 'doris-be-instance-role' })).toBeVisible();
});

test.describe('keyboard and screen readers in the graph', () => {
  test('Tab reaches a node before any edge, Enter opens it, arrows reach its edges, named by kind', async ({
    page,
  }) => {
    await page.goto(`/?focus=${encodeURIComponent(BE_ROLE)}`);
    await graphReady(page);
    await page.getByRole('combobox', { name: 'Find a node' }).focus();
    let presses = 0;
    let on = '';
    while (presses < 60) {
      await page.keyboard.press('Tab');
      presses++;
      on = await page.evaluate(() => {
        const el = document.activeElement;
        return el?.closest('.react-flow__node') ? 'node' : el?.closest('.react-flow__edge') ? 'edge' : '';
      });
      if (on !== '') break;
    }
    expect(on).toBe('node');
    expect(presses).toBeLessThan(40);
    console.log(`Tab presses from the search box to the first node: ${presses}`);

    // A visible focus ring (React Flow's own stylesheet sets outline: none).
    const outline = await page.evaluate(
      () => getComputedStyle(document.activeElement as Element).outlineStyle,
    );
    expect(outline).not.toBe('none');

    // Walk to the focused role's node, then Enter opens it.
    const be = page.locator(`.react-flow__node[data-id="${BE_ROLE}"]`);
    await expect(be).toHaveAttribute('aria-label', /^role doris-be-instance-role, in account/);
    await be.focus();
    await page.keyboard.press('Enter');
    await expect(
      page.getByRole('region', { name: 'Details' }).getByRole('heading', { name: 'doris-be-instance-role' }),
    ).toBeVisible();

    // The panel lists its edges, each with a button that opens it: the other keyboard way to an edge.
    await expect(
      page
        .getByRole('region', { name: 'Details' })
        .getByRole('button', { name: /^Open can-assume: doris-be-instance-role → / })
        .first(),
    ).toBeVisible();

    // Its outgoing edges are one arrow away, each named by kind and ends.
    await be.focus();
    await page.keyboard.press('ArrowRight');
    const edgeLabel = await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');
    expect(edgeLabel).toMatch(/^[a-z-]+: doris-be-instance-role → /);
    await page.keyboard.press('ArrowDown');
    const next = await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');
    expect(next).toMatch(/^[a-z-]+: doris-be-instance-role → /);
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/edge=/);

    await expect(
      page.locator(
        '.react-flow__edge[aria-label="can-assume: doris-be-instance-role → doris-s3-role, conditional on ExternalId"]',
      ),
    ).toHaveCount(1);
    // No edge is in the Tab sequence.
    expect(await page.locator('.react-flow__edge[tabindex="0"]').count()).toBe(0);
  });

  test('Enter on an account box collapses it, and Enter on the collapsed box opens it again', async ({
    page,
  }) => {
    await page.goto(`/?focus=${encodeURIComponent(BE_ROLE)}`);
    await graphReady(page);
    const box = page.locator('.react-flow__node[data-id="group:222222222222"]');
    await expect(box).toHaveAttribute('aria-label', /^account .*222222222222.*Enter collapses it$/);
    await box.focus();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/col=222222222222/);
    const collapsed = page.locator('.react-flow__node[data-id="collapsed:222222222222"]');
    await expect(collapsed).toHaveAttribute('aria-label', /collapsed.*Enter opens it$/);
    await collapsed.focus();
    await page.keyboard.press(' ');
    await expect(page).not.toHaveURL(/col=/);
  });
});

test.describe('accessibility audit (axe-core): no serious or critical violation', () => {
  const pages: [string, string][] = [
    ['overview', '/'],
    ['graph focused, node open', `/?focus=${encodeURIComponent(BE_ROLE)}&sel=${encodeURIComponent(S3_ROLE)}`],
    ['findings', '/findings'],
    ['audit', '/audit'],
    ['check', '/check'],
    ['sources', '/sources'],
  ];
  for (const [name, path] of pages) {
    test(name, async ({ page }) => {
      // axe walks every node and edge of the overview: slow on a loaded two-core machine.
      test.setTimeout(240_000);
      await page.goto(path);
      await page.waitForLoadState('networkidle');
      if (path.startsWith('/?') || path === '/') await graphReady(page);
      const result = await new AxeBuilder({ page }).analyze();
      const bad = result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map(
          (v) =>
            `${v.id} (${v.impact}): ${v.help} — ${v.nodes
              .slice(0, 3)
              .map((n) => n.target.join(' '))
              .join(' | ')}`,
        );
      expect(bad, bad.join('\n')).toEqual([]);
    });
  }
});

test.describe('details in words', () => {
  test('a role’s limits and an instance without a profile read as sentences, not keys', async ({ page }) => {
    await page.goto(`/?focus=${encodeURIComponent(S3_ROLE)}&sel=${encodeURIComponent(S3_ROLE)}`);
    const details = page.getByRole('region', { name: 'Details' });
    await expect(details.getByText('Maximum session duration')).toBeVisible({ timeout: 30_000 });
    await expect(details.getByText('maxSessionDuration')).toHaveCount(0);

    await page.goto('/');
    await graphReady(page);
    await page.getByRole('combobox', { name: 'Find a node' }).fill('doris-be-04');
    await page
      .getByRole('option', { name: /doris-be-04/ })
      .first()
      .click();
    await expect(details.getByText('Role credentials')).toBeVisible();
    await expect(details).toContainText('none: no instance profile is attached');
    await expect(details.getByText('noProfile')).toHaveCount(0);
  });

  test('a node’s edges are named in words, short names and condition, the ARN kept for a tooltip and a copy', async ({
    page,
  }) => {
    await page.goto(`/?focus=${encodeURIComponent(S3_ROLE)}&sel=${encodeURIComponent(S3_ROLE)}`);
    const details = page.getByRole('region', { name: 'Details' });
    const edges = details.getByRole('region', { name: 'Edges' });
    const words = edges.getByTestId('edge-words');
    await expect(words.first()).toBeVisible({ timeout: 30_000 });
    const be = words.filter({ hasText: /^can-assume: doris-be-instance-role → doris-s3-role/ });
    await expect(be).toHaveText(
      'can-assume: doris-be-instance-role → doris-s3-role, conditional on ExternalId',
    );
    await expect(be).toHaveAttribute('title', `${BE_ROLE} → ${S3_ROLE}`);
    // No headline a person reads is an ARN; every one is kind, then names.
    for (const text of await words.allInnerTexts()) {
      expect(text).not.toContain('arn:aws');
      expect(text).toMatch(/^[a-z-]+: .+ → .+/);
    }
    await expect(
      edges.getByRole('button', { name: 'Copy the ARN of doris-be-instance-role' }).first(),
    ).toBeVisible();
    await expect(
      edges.getByRole('button', {
        name: 'Open can-assume: doris-be-instance-role → doris-s3-role, conditional on ExternalId',
      }),
    ).toBeVisible();
  });

  test('the export buttons stay on one line with a panel open', async ({ page }) => {
    await page.goto(`/?sel=${encodeURIComponent(S3_ROLE)}`);
    await graphReady(page);
    await expect(page.getByRole('region', { name: 'Details' })).toBeVisible();
    const svg = await page.getByRole('button', { name: 'Export SVG' }).boundingBox();
    const png = await page.getByRole('button', { name: 'Export PNG' }).boundingBox();
    expect(svg && png).toBeTruthy();
    expect(Math.abs(svg!.y - png!.y)).toBeLessThan(2);
    expect(svg!.height).toBeLessThan(30);
    expect(png!.height).toBeLessThan(30);
  });

  test('the sources page counts in words, and the app has an icon', async ({ page, request }) => {
    await page.goto('/sources');
    const contents = page.getByRole('region', { name: 'Current snapshot' });
    await expect(contents).toContainText(/\d+ instance profiles/);
    await expect(contents).not.toContainText('instanceProfiles');
    await expect(contents).not.toContainText(/\b1 groups\b/);
    const ico = await request.get('/favicon.ico');
    expect(ico.status()).toBe(200);
    const href = await page.locator('link[rel="icon"]').first().getAttribute('href');
    expect(href).toBeTruthy();
    expect((await request.get(href!)).status()).toBe(200);
  });

  test('an SCP reason names the level it is attached at', async ({ request }) => {
    const r = await request.get(`/api/node?id=${encodeURIComponent(BE_ROLE)}`);
    expect(r.status()).toBe(200);
    const body = JSON.stringify(await r.json());
    const scp = body.match(/SCP FullAWSAccess[^"]*/g) ?? [];
    expect(scp.length).toBeGreaterThan(0);
    for (const m of scp) expect(m).toMatch(/attached at (the root|OU|account)/);
  });
});

import { expect, test, type Page } from '@playwright/test';

/**
 * "How does X reach Y?": a chain picked in the paths panel is drawn in place on the canvas, its cards and
 * edges highlighted and the rest faded back, kept in sight beside the panel; Esc or ✕ undoes it.
 */
const DORIS_BE = 'arn:aws:iam::111111111111:role/doris-be-instance-role';
const DORIS_S3 = 'arn:aws:iam::222222222222:role/doris-s3-role';
const CHAIN_EDGE = `can-assume|${DORIS_BE}|${DORIS_S3}`;
const ask = `ask=paths&pfrom=${encodeURIComponent(DORIS_BE)}&pto=${encodeURIComponent(DORIS_S3)}`;

/** What a person sees of a card or edge: its opacity as painted, and whether it lies inside the canvas. */
async function seen(page: Page, selector: string) {
  return page.locator(selector).evaluate((el) => {
    let opacity = 1;
    for (let e: Element | null = el; e; e = e.parentElement) opacity *= Number(getComputedStyle(e).opacity);
    const r = el.getBoundingClientRect();
    const c = document.querySelector('.react-flow')!.getBoundingClientRect();
    return {
      opacity,
      inside: r.left >= c.left && r.top >= c.top && r.right <= c.right && r.bottom <= c.bottom,
    };
  });
}

async function pickFirstChain(page: Page) {
  const panel = page.getByRole('region', { name: 'Paths' });
  const row = panel.getByTestId('path-row').first();
  await expect(row).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('graph-node').first()).toBeVisible({ timeout: 30_000 });
  const show = row.getByRole('button', { name: 'Show on graph' });
  await show.click();
  await expect(show).toHaveAttribute('aria-pressed', 'true');
  await expect(page).toHaveURL(/hl=/);
  // The view settles (a pan to keep the chain in sight takes 200 ms).
  await page.waitForTimeout(700);
}

test('a chain picked in the paths panel is highlighted in place on the graph, the rest dimmed, and Esc undoes it', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`/?view=all&${ask}`);
  await pickFirstChain(page);
  // Drawn in place: the all-nodes view stays.
  await expect(page).toHaveURL(/view=all/);
  await expect(page.getByTestId('path-highlight')).toContainText('Chain of 1 step highlighted');
  await expect(page.getByTestId('path-missing')).toHaveCount(0);

  for (const end of [DORIS_BE, DORIS_S3]) {
    const card = await seen(page, `.react-flow__node[data-id="${end}"]`);
    expect(card.opacity, end).toBe(1);
    // Beside the open panel, not under it.
    expect(card.inside, end).toBe(true);
    await expect(page.locator(`.react-flow__node[data-id="${end}"]`)).toHaveClass(/rc-path/);
  }
  const other = await seen(
    page,
    '.react-flow__node[data-id="arn:aws:iam::222222222222:role/spark-etl-s3-role"]',
  );
  expect(other.opacity).toBeLessThan(0.5);

  const edge = page.getByTestId(`rf__edge-${CHAIN_EDGE}`);
  await expect(edge.getByTestId('graph-edge')).toHaveAttribute('data-on-path', 'true');
  const widths = await page.evaluate((id) => {
    const w = (g: Element) =>
      parseFloat(getComputedStyle(g.querySelector('.react-flow__edge-path')!).strokeWidth);
    const on = document.querySelector(`[data-testid="rf__edge-${id}"]`)!;
    const off = [...document.querySelectorAll('.react-flow__edge')].find((g) => g !== on)!;
    return { on: w(on), off: w(off), offOpacity: Number(getComputedStyle(off).opacity) };
  }, CHAIN_EDGE);
  expect(widths.on).toBeGreaterThanOrEqual(widths.off + 2);
  expect(widths.offOpacity).toBeLessThan(0.5);
  expect((await seen(page, `[data-testid="rf__edge-${CHAIN_EDGE}"] .react-flow__edge-path`)).opacity).toBe(1);

  // Esc clears the highlight first; the panel stays open until a second Esc.
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('path-highlight')).toHaveCount(0);
  await expect(page).not.toHaveURL(/hl=/);
  await expect(page.locator('.react-flow__node.rc-dim')).toHaveCount(0);
  expect(
    (await seen(page, '.react-flow__node[data-id="arn:aws:iam::222222222222:role/spark-etl-s3-role"]'))
      .opacity,
  ).toBe(1);
  await expect(page.getByRole('region', { name: 'Paths' })).toBeVisible();
  // Back brings the highlight back: it is a step of the view's history like a focus.
  await page.goBack();
  await expect(page.getByTestId('path-highlight')).toBeVisible();
  await page.getByRole('button', { name: 'Clear the chain highlight' }).click();
  await expect(page.locator('.react-flow__node.rc-dim')).toHaveCount(0);
});

test('a chain the summary does not draw opens around its first node, highlighted', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  // The summary by account draws each account as one box: the chain's own cards are not on screen.
  await page.goto(`/?${ask}`);
  await pickFirstChain(page);
  await expect(page).toHaveURL(/focus=/);
  await expect(page.getByTestId('focus')).toHaveText(DORIS_BE);
  await expect(page.getByTestId('path-missing')).toHaveCount(0);
  for (const end of [DORIS_BE, DORIS_S3]) {
    await expect(page.locator(`.react-flow__node[data-id="${end}"]`)).toHaveClass(/rc-path/);
    expect((await seen(page, `.react-flow__node[data-id="${end}"]`)).inside, end).toBe(true);
  }
  await expect(page.locator('.react-flow__node.rc-dim').first()).toBeAttached();
  await expect(page.getByRole('region', { name: 'Paths' })).toBeVisible();
});

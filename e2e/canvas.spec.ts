import { expect, test, type Page } from '@playwright/test';
import { cardTexts } from './support/card-texts';

/**
 * What a person sees on the canvas: legible labels at the zoom they are drawn, edges told apart by
 * what the legend shows, edges off the cards and off each other, the selection kept in view.
 */
const DORIS_BE = 'arn:aws:iam::111111111111:role/doris-be-instance-role';
const DORIS_S3 = 'arn:aws:iam::222222222222:role/doris-s3-role';
const SPARK_ETL_S3 = 'arn:aws:iam::222222222222:role/spark-etl-s3-role';
const MIN_PX = 9;
const focusUrl = (id: string, extra = '') => `/?focus=${encodeURIComponent(id)}${extra}`;

async function ready(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByTestId('graph-node').first()).toBeVisible({ timeout: 30_000 });
  // The edges are routed just after the cards are drawn (components/graph/use-layout.ts).
  await expect(page.getByTestId('graph-edge').first()).toBeAttached({ timeout: 30_000 });
  // fitView runs after the first measure; let it settle.
  await page.waitForTimeout(600);
}

/** The canvas's zoom, and every text a card or account box draws with its size on screen. */
test('the overview opens as a legible summary by account, and an account opens on click', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await ready(page, '/');
  // One card per own account, with its count.
  const boxes = page.locator('[data-node-id^="collapsed:"]');
  await expect(boxes).toHaveCount(4);
  await expect(boxes.first()).toContainText(/\d+ nodes/);
  const { zoom, texts: drawn } = await cardTexts(page);
  expect(zoom).toBeGreaterThanOrEqual(0.7);
  expect(drawn.length).toBeGreaterThan(10);
  for (const t of drawn) expect(t.px, `"${t.text}" at ${t.px.toFixed(1)} px`).toBeGreaterThanOrEqual(MIN_PX);
  // Names wrap instead of being cut.
  for (const name of await page.locator('.rc-name').allTextContents()) expect(name).not.toContain('…');

  await page.locator('[data-node-id="collapsed:222222222222"]').click();
  await expect(page).toHaveURL(/open=222222222222/);
  await expect(page.locator(`[data-node-id="${DORIS_S3}"]`)).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('show-all').click();
  await expect(page).toHaveURL(/view=all/);
  await expect(page.locator('[data-node-id^="collapsed:"]')).toHaveCount(0);
});

test('zoomed out, card labels are hidden rather than drawn below 9 px', async ({ page }) => {
  await ready(page, '/?view=all');
  const { zoom, texts: drawn } = await cardTexts(page);
  for (const t of drawn) expect(t.px, `"${t.text}" at zoom ${zoom}`).toBeGreaterThanOrEqual(MIN_PX - 0.05);
  await page.getByRole('button', { name: 'Zoom In' }).click();
  await page.getByRole('button', { name: 'Zoom In' }).click();
  await page.getByRole('button', { name: 'Zoom In' }).click();
  await page.waitForTimeout(400);
  const after = await cardTexts(page);
  expect(after.zoom).toBeGreaterThan(zoom);
  for (const t of after.texts) expect(t.px).toBeGreaterThanOrEqual(MIN_PX - 0.05);
});

/** Stroke, dash and end marker of every drawn edge style and of every legend swatch. */
async function looks(page: Page) {
  return page.evaluate(() => {
    const look = (el: Element) => {
      const cs = getComputedStyle(el);
      return `${cs.stroke}|${cs.strokeDasharray}|${cs.markerEnd}`;
    };
    const drawn: Record<string, string> = {};
    for (const g of document.querySelectorAll('[data-testid="graph-edge"]')) {
      const path = g.querySelector('.react-flow__edge-path');
      if (path) drawn[g.getAttribute('data-style')!] = look(path);
    }
    const legend: Record<string, string> = {};
    for (const s of document.querySelectorAll('[data-testid="legend-swatch"]'))
      legend[s.getAttribute('data-style')!] = look(s.querySelector('line')!);
    return { drawn, legend };
  });
}

for (const scheme of ['light', 'dark'] as const)
  test(`in ${scheme} mode, every edge style drawn looks exactly like its legend swatch, and no two look alike`, async ({
    page,
  }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await ready(page, '/?view=all');
    const { drawn, legend } = await looks(page);
    // The demo draws every style but runs-as (its instance profiles' roles show as observed chains) or more.
    expect(Object.keys(drawn).length).toBeGreaterThanOrEqual(7);
    for (const [k, v] of Object.entries(drawn)) expect(legend[k], k).toBe(v);
    const all = Object.values(legend);
    expect(new Set(all).size).toBe(all.length);
    for (const v of all) expect(v).not.toMatch(/^none/);
  });

/**
 * Samples every drawn edge every 2 px in flow coordinates and measures, for each diagnostic edge, the
 * share of its length that lies within 2 px (a stroke width) of another edge; and the edges that pass
 * through a card other than their two ends.
 */
async function geometry(page: Page) {
  return page.evaluate(() => {
    const vp = document.querySelector<HTMLElement>('.react-flow__viewport')!;
    const zoom = new DOMMatrix(getComputedStyle(vp).transform).a;
    // Everything in screen px; 2 flow px (a stroke width) is 2 × zoom on screen.
    const cards = new Map<string, DOMRect>();
    for (const el of document.querySelectorAll<HTMLElement>('.react-flow__node'))
      cards.set(el.dataset.id!, el.getBoundingClientRect());
    const edges: {
      id: string;
      style: string;
      source: string;
      target: string;
      pts: DOMPoint[];
      dirs: { x: number; y: number }[];
    }[] = [];
    for (const g of document.querySelectorAll<SVGGElement>('.react-flow__edge')) {
      const inner = g.querySelector('[data-testid="graph-edge"]');
      const path = g.querySelector<SVGPathElement>('.react-flow__edge-path');
      if (!inner || !path) continue;
      const len = path.getTotalLength();
      const ctm = path.getScreenCTM()!;
      const pts: DOMPoint[] = [];
      for (let l = 0; l <= len; l += 2) pts.push(path.getPointAtLength(l).matrixTransform(ctm));
      // The direction at each sample, so that crossing an edge at an angle is not counted as lying under it.
      const dirs = pts.map((p, i) => {
        const q = pts[Math.min(i + 1, pts.length - 1)]!;
        const o = pts[Math.max(i - 1, 0)]!;
        const n = Math.hypot(q.x - o.x, q.y - o.y) || 1;
        return { x: (q.x - o.x) / n, y: (q.y - o.y) / n };
      });
      const id = g.getAttribute('data-id')!;
      const [, source = '', target = ''] = id.split('|');
      edges.push({ id, style: inner.getAttribute('data-style')!, source, target, pts, dirs });
    }
    const tol = 2 * zoom;
    const CELL = Math.max(tol, 1);
    const grid = new Map<string, Set<number>>();
    edges.forEach((e, i) => {
      for (const p of e.pts) {
        const k = `${Math.floor(p.x / CELL)},${Math.floor(p.y / CELL)}`;
        (grid.get(k) ?? grid.set(k, new Set()).get(k)!).add(i);
      }
    });
    /** Another edge runs along this sample: within a stroke width, at under 20° to it. */
    const near = (p: DOMPoint, dir: { x: number; y: number }, self: number): boolean => {
      const cx = Math.floor(p.x / CELL);
      const cy = Math.floor(p.y / CELL);
      for (let dx = -1; dx <= 1; dx++)
        for (let dy = -1; dy <= 1; dy++)
          for (const j of grid.get(`${cx + dx},${cy + dy}`) ?? []) {
            if (j === self) continue;
            const o = edges[j]!;
            for (const [k, q] of o.pts.entries())
              if (
                Math.hypot(p.x - q.x, p.y - q.y) <= tol &&
                Math.abs(dir.x * o.dirs[k]!.y - dir.y * o.dirs[k]!.x) < Math.sin((20 * Math.PI) / 180)
              )
                return true;
          }
      return false;
    };
    const diagnostic = new Set(['missing-trust', 'missing-permission', 'denied-attempt', 'conditional']);
    const covered: { id: string; share: number; length: number }[] = [];
    const crossings: string[] = [];
    edges.forEach((e, i) => {
      if (diagnostic.has(e.style)) {
        // The first and last 8 px sit at the cards' ports, where every edge of a card meets its side.
        const body = e.pts.slice(4, -4);
        const under = body.filter((p, k) => near(p, e.dirs[k + 4]!, i)).length;
        covered.push({ id: e.id, share: body.length ? under / body.length : 0, length: e.pts.length * 2 });
      }
      for (const [id, r] of cards) {
        if (id === e.source || id === e.target || id.startsWith('group:')) continue;
        if (
          e.pts.some((p) => p.x > r.x + tol && p.x < r.right - tol && p.y > r.y + tol && p.y < r.bottom - tol)
        ) {
          crossings.push(`${e.id} × ${id}`);
        }
      }
    });
    return { covered, crossings, edges: edges.length };
  });
}

const VIEWS = [
  '/',
  '/?view=all',
  focusUrl(DORIS_BE),
  focusUrl(SPARK_ETL_S3),
  focusUrl(DORIS_BE, '&hubs=through'),
];
for (const url of VIEWS)
  test(`on ${url}, diagnostic edges lie apart from other edges and no edge crosses a card`, async ({
    page,
  }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await ready(page, url);
    const g = await geometry(page);
    expect(g.edges).toBeGreaterThan(0);
    // Crossing a card strikes through its label: none at all.
    expect(g.crossings).toEqual([]);
    const worst = Math.max(0, ...g.covered.map((c) => c.share));
    console.log(
      `${url}: ${g.edges} edges, ${g.covered.length} diagnostic, worst ${(100 * worst).toFixed(1)}% along another edge, ${g.crossings.length} card crossings`,
    );
    // A diagnostic edge runs along another edge for under 10% of its length, and on average under 3%:
    // the issue saw 54–56% on the Spark, Trino and Flink edges. Near its two ports (excluded) every edge
    // of a card meets the card's side.
    for (const c of g.covered)
      expect(c.share, `${c.id}: ${(100 * c.share).toFixed(0)}% covered`).toBeLessThan(0.1);
    if (g.covered.length > 0) {
      const mean = g.covered.reduce((s, c) => s + c.share, 0) / g.covered.length;
      expect(mean).toBeLessThan(0.03);
    }
  });

test('opening an edge keeps it and its two ends in view beside the panel, drawn thicker and highlighted', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await ready(page, '/?view=all');
  const id = `missing-trust|arn:aws:iam::111111111111:role/spark-etl-instance-role|${SPARK_ETL_S3}`;
  const edge = page.getByTestId(`rf__edge-${id}`);
  await expect(edge).toBeAttached();
  // A person clicks on the line itself: the point of its path nearest its middle where it is on top.
  const mid = await edge.evaluate((g) => {
    const p = g.querySelector<SVGPathElement>('.react-flow__edge-path')!;
    const len = p.getTotalLength();
    for (let d = 0; d < len / 2; d += 2)
      for (const l of [len / 2 - d, len / 2 + d]) {
        const pt = p.getPointAtLength(l).matrixTransform(p.getScreenCTM()!);
        if (document.elementFromPoint(pt.x, pt.y)?.closest('.react-flow__edge') === g)
          return { x: pt.x, y: pt.y };
      }
    throw new Error('the edge is covered all along');
  });
  await page.mouse.click(mid.x, mid.y);
  await expect(page).toHaveURL(/edge=missing-trust/);
  await expect(page.getByRole('region', { name: 'Edge' })).toBeVisible();
  await page.waitForTimeout(500);
  const canvas = (await page.locator('.react-flow').boundingBox())!;
  for (const end of ['arn:aws:iam::111111111111:role/spark-etl-instance-role', SPARK_ETL_S3]) {
    const card = page.locator(`.react-flow__node[data-id="${end}"]`);
    await expect(card).toHaveClass(/rc-edge-end/);
    const b = (await card.boundingBox())!;
    expect(b.x).toBeGreaterThanOrEqual(canvas.x);
    expect(b.y).toBeGreaterThanOrEqual(canvas.y);
    expect(b.x + b.width).toBeLessThanOrEqual(canvas.x + canvas.width);
    expect(b.y + b.height).toBeLessThanOrEqual(canvas.y + canvas.height);
  }
  const widths = await page.evaluate((sel) => {
    const w = (g: Element | null) =>
      parseFloat(getComputedStyle(g!.querySelector('.react-flow__edge-path')!).strokeWidth);
    const other = [...document.querySelectorAll('.react-flow__edge')].find(
      (g) => !g.classList.contains('selected'),
    );
    return {
      selected: w(document.querySelector(`[data-testid="rf__edge-${sel}"]`)),
      other: w(other ?? null),
    };
  }, id);
  expect(widths.selected).toBeGreaterThanOrEqual(widths.other + 2);
});

test('opening a node at the right edge of the canvas keeps it in view beside the panel', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await ready(page, focusUrl(DORIS_BE));
  // The rightmost card: the panel would cover it.
  const ids = await page
    .locator('.react-flow__node[data-id^="arn:"], .react-flow__node[data-id^="s3:"]')
    .evaluateAll((els) =>
      els
        .map((e) => ({ id: (e as HTMLElement).dataset.id!, x: e.getBoundingClientRect().right }))
        .sort((a, b) => b.x - a.x),
    );
  const right = ids[0]!.id;
  await page.locator(`.react-flow__node[data-id="${right}"]`).click();
  await expect(page.getByRole('region', { name: 'Details' })).toBeVisible();
  await page.waitForTimeout(500);
  const canvas = (await page.locator('.react-flow').boundingBox())!;
  const b = (await page.locator(`.react-flow__node[data-id="${right}"]`).boundingBox())!;
  expect(b.x + b.width).toBeLessThanOrEqual(canvas.x + canvas.width);
  expect(b.x).toBeGreaterThanOrEqual(canvas.x);
});

test('a focus stops at the EC2 service node unless asked to walk through it', async ({ page }) => {
  await ready(page, focusUrl(DORIS_BE));
  const ec2 = page.locator('[data-node-id="service:ec2.amazonaws.com"]');
  const starrocks = page.locator('[data-node-id="arn:aws:iam::111111111111:role/starrocks-instance-role"]');
  await expect(ec2).toHaveCount(1);
  await expect(starrocks).toHaveCount(0);
  const toggle = page.getByRole('checkbox', { name: 'Walk through services and account roots' });
  await toggle.click();
  await expect(page).toHaveURL(/hubs=through/);
  await expect(toggle).toBeChecked();
  await expect(starrocks).toHaveCount(1, { timeout: 30_000 });
});

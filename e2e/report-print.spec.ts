/**
 * The chain report printed: what "Save as PDF" in a browser gives. The report comes from the shipped
 * route (POST /api/check/report); Chromium prints it with page.pdf() at the report's own page size.
 * The page count is checked against an estimate made apart from the PDF: the report laid out for
 * print at an A4 page's text width, its height divided by an A4 page's text height (the @page margins
 * are 13 mm a side and 14/16 mm top/bottom). Clipping is checked on that layout: nothing wider than
 * the page, nothing scrolled inside its box.
 */
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { DORIS_CHAIN, STARROCKS_CATALOG } from './support/demo-checks';

const MM = 96 / 25.4;
const TEXT_WIDTH = Math.floor((210 - 26) * MM);
const TEXT_HEIGHT = (297 - 30) * MM;

const SPARK_BROKEN = {
  source: 'arn:aws:iam::111111111111:role/spark-etl-instance-role',
  targetRole: 'arn:aws:iam::222222222222:role/spark-etl-s3-role',
  resource: 's3://rolechain-demo-lakehouse/spark/part-0001.parquet',
  action: 's3:GetObject',
};

async function reportHtml(request: APIRequestContext, check: object): Promise<string> {
  const r = await request.post('/api/check/report', { data: { check } });
  expect(r.status(), await r.text()).toBe(200);
  return r.text();
}

/** Pages of a PDF: its page objects (`/Type /Page`, not the `/Pages` tree). */
function pdfPages(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-z])/g) ?? []).length;
}

/** The report laid out for print at the page's text width: its height, and what overflows. */
async function printLayout(page: Page, html: string) {
  await page.setViewportSize({ width: TEXT_WIDTH, height: 1000 });
  await page.emulateMedia({ media: 'print' });
  await page.setContent(html);
  return page.evaluate((width) => {
    const overflowing: string[] = [];
    for (const el of document.body.querySelectorAll<HTMLElement>('*')) {
      const r = el.getBoundingClientRect();
      const name = `${el.tagName.toLowerCase()} "${(el.textContent ?? '').slice(0, 60)}"`;
      if (r.right > width + 0.5) overflowing.push(`${name} ends at ${Math.round(r.right)} px of ${width}`);
      if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible')
        overflowing.push(`${name} scrolls inside its box`);
    }
    const steps = [...document.querySelectorAll('ol.steps > li')].map(
      (li) => getComputedStyle(li).breakInside,
    );
    const body = getComputedStyle(document.body);
    return {
      // The content's own height (the document's is at least the window's).
      height: Math.ceil(document.body.getBoundingClientRect().bottom),
      overflowing,
      steps,
      colours:
        body.getPropertyValue('print-color-adjust') || body.getPropertyValue('-webkit-print-color-adjust'),
    };
  }, TEXT_WIDTH);
}

const cases: [string, object, number][] = [
  ['the Doris chain (works, five steps)', DORIS_CHAIN, 5],
  ['the Spark chain (broken: missing trust, with the fix to paste)', SPARK_BROKEN, 5],
  ['a StarRocks catalog statement (two chains, ten steps)', STARROCKS_CATALOG, 10],
];

for (const [name, check, steps] of cases) {
  test(`the report of ${name} prints on A4 without clipped text, on the pages its length needs`, async ({
    page,
    request,
  }) => {
    const html = await reportHtml(request, check);
    const layout = await printLayout(page, html);
    expect(layout.overflowing, layout.overflowing.join('\n')).toEqual([]);
    // No step is cut across two pages; colours are printed as shown.
    expect(layout.steps).toEqual(Array(steps).fill('avoid'));
    expect(layout.colours).toBe('exact');

    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    const pages = pdfPages(pdf);
    const estimate = Math.max(1, Math.ceil(layout.height / TEXT_HEIGHT));
    console.log(`${name}: ${pages} A4 pages, estimated ${estimate} from ${layout.height} px of print layout`);
    // Steps kept whole can push one more page than the bare height needs, never fewer.
    expect(pages, `estimated ${estimate} from ${layout.height} px`).toBeGreaterThanOrEqual(estimate);
    expect(pages).toBeLessThanOrEqual(estimate + 1);
    // Every page is A4: 210 × 297 mm, 595.3 × 841.9 points.
    const boxes = [...pdf.toString('latin1').matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)];
    expect(boxes.length).toBeGreaterThan(0);
    for (const [, w, h] of boxes) {
      expect(Math.abs(Number(w) - 595.3)).toBeLessThan(1);
      expect(Math.abs(Number(h) - 841.9)).toBeLessThan(1);
    }
  });
}

test('a single working chain’s report fits on one A4 page', async ({ page, request }) => {
  await page.setContent(await reportHtml(request, DORIS_CHAIN));
  expect(pdfPages(await page.pdf({ preferCSSPageSize: true, printBackground: true }))).toBe(1);
});

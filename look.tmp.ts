import { chromium } from '@playwright/test';
const base = 'http://127.0.0.1:3101';
const urls = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
let i = 0;
for (const u of urls) {
  await page.goto(base + u);
  await page.getByTestId('graph-node').first().waitFor({ timeout: 30000 });
  await page.waitForTimeout(1200);
  const info = await page.evaluate(() => {
    const vp = document.querySelector('.react-flow__viewport') as HTMLElement;
    const z = new DOMMatrix(getComputedStyle(vp).transform).a;
    return { z, tier: document.querySelector('.react-flow')?.getAttribute('data-label-tier'), nodes: document.querySelectorAll('[data-testid=graph-node]').length, edges: document.querySelectorAll('[data-testid=graph-edge]').length, ell: [...document.querySelectorAll('.rc-name')].filter(e => e.textContent?.includes('…')).length };
  });
  console.log(u, JSON.stringify(info));
  await page.screenshot({ path: `/tmp/look/${i++}.png` });
}
await browser.close();

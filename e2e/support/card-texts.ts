/**
 * What a person reads on the graph canvas: every card's own text (not its children's) with its
 * rendered size in CSS pixels (font size times the canvas zoom), and the zoom itself. Hidden text is
 * left out; with `inWindowOnly`, so is text outside the browser window (a large view renders only the
 * cards near the window, and one scrolled away is not read).
 */
import type { Page } from '@playwright/test';

export interface CardText {
  text: string;
  px: number;
}

export function cardTexts(
  page: Page,
  opts: { inWindowOnly?: boolean } = {},
): Promise<{ zoom: number; texts: CardText[] }> {
  return page.evaluate((inWindowOnly) => {
    const vp = document.querySelector<HTMLElement>('.react-flow__viewport')!;
    const zoom = new DOMMatrix(getComputedStyle(vp).transform).a;
    const out: { text: string; px: number }[] = [];
    for (const el of document.querySelectorAll<HTMLElement>(
      '.react-flow__node span, .react-flow__node div',
    )) {
      const own = [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent);
      const text = own.join('').trim();
      if (!text || getComputedStyle(el).visibility === 'hidden') continue;
      if (inWindowOnly) {
        const r = el.getBoundingClientRect();
        if (!(r.bottom > 0 && r.right > 0 && r.top < window.innerHeight && r.left < window.innerWidth))
          continue;
      }
      out.push({ text, px: parseFloat(getComputedStyle(el).fontSize) * zoom });
    }
    return { zoom, texts: out };
  }, opts.inWindowOnly ?? false);
}

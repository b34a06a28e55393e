/**
 * Cuts text to a width with an ellipsis, measured on a canvas. Graph cards used CSS truncation, but
 * `text-overflow` needs `overflow: hidden`, and each such clip is a paint chunk of its own: with two per
 * card, Chrome re-layered about 600 more chunks on every pan frame at 300 nodes (see README, Performance).
 */
let context: CanvasRenderingContext2D | null | undefined;
/** The font last set on the canvas: setting one is parsed anew each time, a cost on every card's first draw. */
let contextFont = '';
const cache = new Map<string, string>();
const wrapCache = new Map<string, string[]>();
/** A view draws at most 300 cards; the caches start afresh beyond this many texts (a long session). */
const CACHE_MAX = 5000;
function remember<T>(m: Map<string, T>, key: string, value: T): T {
  if (m.size >= CACHE_MAX) m.clear();
  m.set(key, value);
  return value;
}
const ELLIPSIS = '…';

function measurer(): ((text: string, font: string) => number) | undefined {
  if (context === undefined)
    context = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
  const c = context;
  if (!c) return undefined;
  return (text, font) => {
    if (font !== contextFont) {
      c.font = font;
      contextFont = font;
    }
    return c.measureText(text).width;
  };
}

let family: string | undefined;

/** The font shorthand for `weight` and `px` in the page's own font family (read once). */
export function fontOf(weight: number, px: number): string {
  family ??=
    typeof document === 'undefined'
      ? 'sans-serif'
      : getComputedStyle(document.body).fontFamily || 'sans-serif';
  return `${weight} ${px}px ${family}`;
}

/** Width of `text` in `font`; without a canvas (tests, server), an estimate of 0.6 em a character. */
export function textWidth(text: string, font: string): number {
  const m = measurer();
  if (m) return m(text, font);
  const px = Number(/(\d+(?:\.\d+)?)px/.exec(font)?.[1] ?? 12);
  return text.length * px * 0.6;
}

/** `text` whole when it fits `width`, otherwise its longest prefix that fits with an ellipsis. */
export function fitText(text: string, font: string, width: number): string {
  const key = `${font}|${width}|${text}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  let out = text;
  if (textWidth(text, font) > width) {
    let lo = 0;
    let hi = text.length;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (textWidth(text.slice(0, mid) + ELLIPSIS, font) <= width) lo = mid;
      else hi = mid - 1;
    }
    out = text.slice(0, lo).trimEnd() + ELLIPSIS;
  }
  return remember(cache, key, out);
}

/** Characters a name may break after: ARNs and role names read best cut at their own separators. */
const BREAKS = new Set(['-', '_', '/', '.', ':', ' ', '@']);

/**
 * `text` in at most `lines` lines of `width`: each line ends after the last separator that fits (or
 * wherever it must, for a name without one); only text beyond the last line is cut with an ellipsis.
 */
export function wrapText(text: string, font: string, width: number, lines = 2): string[] {
  const key = `${font}|${width}|${lines}|${text}`;
  const hit = wrapCache.get(key);
  if (hit) return hit;
  const out: string[] = [];
  let rest = text;
  while (out.length < lines - 1 && textWidth(rest, font) > width) {
    let lo = 1;
    let hi = rest.length;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (textWidth(rest.slice(0, mid), font) <= width) lo = mid;
      else hi = mid - 1;
    }
    let cut = lo;
    for (let i = lo; i > lo / 2; i--)
      if (BREAKS.has(rest[i - 1]!)) {
        cut = i;
        break;
      }
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  out.push(fitText(rest, font, width));
  return remember(wrapCache, key, out);
}

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BOX_FILL, CANVAS, EDGE_STYLE_KEYS, EDGE_STYLES, styleKeyOf } from './edge-style';

/** WCAG relative luminance and contrast ratio, from the WCAG 2.1 definition. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
const contrast = (a: string, b: string): number => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
};

test('given each edge style, when drawn on the light and the dark canvas and account boxes, then its stroke has at least 3:1 contrast (WCAG non-text)', () => {
  for (const k of EDGE_STYLE_KEYS)
    for (const theme of ['light', 'dark'] as const)
      for (const bg of [CANVAS[theme], BOX_FILL[theme]]) {
        const c = contrast(EDGE_STYLES[k].stroke[theme], bg);
        assert.ok(c >= 3, `${k} on ${theme} ${bg}: ${c.toFixed(2)}`);
      }
});

test('given any two edge styles, when compared, then they differ in at least two of hue, dash and marker', () => {
  for (const [i, a] of EDGE_STYLE_KEYS.entries())
    for (const b of EDGE_STYLE_KEYS.slice(i + 1)) {
      const sa = EDGE_STYLES[a];
      const sb = EDGE_STYLES[b];
      const differences =
        Number(sa.stroke.light !== sb.stroke.light) +
        Number((sa.dash ?? '') !== (sb.dash ?? '')) +
        Number(sa.marker !== sb.marker);
      assert.ok(differences >= 2, `${a} and ${b} differ in ${differences}`);
    }
});

test('given the issue’s look-alike pairs, when styled, then the end marker tells them apart without colour, and the hue differs too', () => {
  const pairs = [
    ['conditional', 'missing-permission'],
    ['can-assume', 'observed'],
    ['missing-trust', 'denied-attempt'],
  ] as const;
  for (const [a, b] of pairs) {
    assert.notEqual(EDGE_STYLES[a].marker, EDGE_STYLES[b].marker, `${a}/${b} marker`);
    assert.notEqual(EDGE_STYLES[a].stroke.light, EDGE_STYLES[b].stroke.light, `${a}/${b} hue`);
  }
});

test('given a conditional can-assume, when styled, then it takes the conditional style; any other kind its own', () => {
  assert.equal(styleKeyOf({ kind: 'can-assume', decision: 'Conditional' }), 'conditional');
  assert.equal(styleKeyOf({ kind: 'can-assume', decision: 'Allow' }), 'can-assume');
  assert.equal(styleKeyOf({ kind: 'missing-trust', decision: 'Conditional' }), 'missing-trust');
});

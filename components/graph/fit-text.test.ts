import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fitText, textWidth } from './fit-text';

// No canvas under node: widths are estimated at 0.6 em a character (6 px at 10 px).
const FONT = '400 10px sans-serif';

test('given a text that fits, when fitted, then it is unchanged', () => {
  assert.equal(fitText('doris-s3-role', FONT, 200), 'doris-s3-role');
});

test('given a text too wide, when fitted, then it is cut with an ellipsis within the width', () => {
  const long = 'a-very-long-role-name-that-does-not-fit';
  const out = fitText(long, FONT, 60);
  assert.ok(out.endsWith('…'));
  assert.ok(long.startsWith(out.slice(0, -1)));
  assert.ok(textWidth(out, FONT) <= 60);
  assert.ok(textWidth(long.slice(0, out.length) + '…', FONT) > 60, 'the longest prefix that fits');
});

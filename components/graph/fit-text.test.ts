import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fitText, textWidth, wrapText } from './fit-text';

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

test('given a name too wide for one line, when wrapped, then it breaks after a separator and is whole over two lines', () => {
  // 6 px a character: 20 characters a line at 120 px.
  const name = 'starrocks-cn-instance-role';
  const lines = wrapText(name, FONT, 120);
  assert.deepEqual(lines, ['starrocks-cn-', 'instance-role']);
  assert.equal(lines.join(''), name);
});

test('given a name longer than two lines, when wrapped, then only the second line is cut', () => {
  const lines = wrapText('x'.repeat(50), FONT, 60);
  assert.equal(lines.length, 2);
  assert.equal(lines[0], 'x'.repeat(10));
  assert.ok(lines[1]!.endsWith('…'));
});

test('given a name that fits, when wrapped, then it is one line', () => {
  assert.deepEqual(wrapText('doris-s3-role', FONT, 200), ['doris-s3-role']);
});

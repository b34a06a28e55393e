import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cell, screen, textLines } from './terminal';

describe('terminal text', () => {
  it('given escape sequences, when shown as a cell, then each control character is an escape and the rest is kept', () => {
    assert.equal(cell('a\u001b]0;owned\u0007b'), 'a\\u001b]0;owned\\u0007b');
    assert.equal(cell('x\u001b[2J'), 'x\\u001b[2J');
    assert.equal(cell('line\nrow\r\tend'), 'line\\nrow\\r\\tend');
    assert.equal(
      cell('del\u007f c1\u009b bidi\u202e sep\u2028'),
      'del\\u007f c1\\u009b bidi\\u202e sep\\u2028',
    );
    assert.equal(cell('arn:aws:iam::111122223333:role/é-ü-数据'), 'arn:aws:iam::111122223333:role/é-ü-数据');
    assert.equal(cell(undefined), '');
  });

  it('given lines with a line feed inside one, when rendered, then the line count is the list length', () => {
    const out = textLines(['head', 'doris\nFAKE ROW', 'last']);
    assert.equal(out, 'head\ndoris\\nFAKE ROW\nlast\n');
    assert.equal(out.split('\n').length - 1, 3);
  });

  it('given whole output, when screened, then layout line feeds, tabs and CRLF stay and every other control is escaped', () => {
    assert.equal(screen('a\tb\nc\r\nd\re\u001b[31m'), 'a\tb\nc\r\nd\\re\\u001b[31m');
  });

  it('given JSON holding C1, DEL and bidi characters raw, when screened, then it stays valid JSON with the same values', () => {
    const value = { ua: 'x\u009b31m\u007f\u202eevil\u2028', nested: ['\u0085'] };
    const shown = screen(JSON.stringify(value, null, 2));
    assert.doesNotMatch(shown, /[\u007f-\u009f\u202e\u2028]/);
    assert.deepEqual(JSON.parse(shown), value);
  });

  it('given a character outside the BMP among the format characters, when escaped, then both UTF-16 units are written', () => {
    assert.equal(cell('tag\u{E0041}'), 'tag\\udb40\\udc41');
    assert.deepEqual(JSON.parse(`"${cell('tag\u{E0041}')}"`), 'tag\u{E0041}');
  });

  it('given each of the first 512 code points and the format and separator characters alone in a text, when screened, then exactly the printable ASCII, line feed and tab are kept as they are', () => {
    const chars = [
      ...Array.from({ length: 512 }, (_, i) => String.fromCharCode(i)),
      '\u200b',
      '\u200e',
      '\u202e',
      '\u2028',
      '\u2029',
      '\u2066',
      '\ufeff',
      '\ud800',
    ];
    for (const c of chars) {
      const text = `arn:aws:iam::111111111111:role/a${c}b`;
      const plain = c === '\n' || c === '\t' || (c >= ' ' && c <= '~');
      const controlOrFormat = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u.test(c);
      const out = screen(text);
      if (plain || !controlOrFormat) assert.equal(out, text, JSON.stringify(c));
      else assert.notEqual(out, text, JSON.stringify(c));
    }
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csvCell, neutraliseFormula, startsLikeFormula } from './csv';

describe('CSV cells', () => {
  it('given the formula characters, when written, then the cell starts with a quote mark', () => {
    assert.equal(csvCell('=HYPERLINK("http://x","y")'), `"'=HYPERLINK(""http://x"",""y"")"`);
    for (const s of ['+1', '-cmd', '@SUM(A1)', '=cmd,+1@x']) assert.equal(csvCell(s), `"'${s}"`);
  });

  it('given blanks before a formula character (the issue: line feed, space), when written, then it is neutralised', () => {
    for (const s of [
      '\n=1+1',
      ' =1+1',
      '  @SUM(A1)',
      '\u00a0+1',
      '\u3000=cmd',
      '\u200b=1',
      '\u202e-1',
      '\r\n=1',
      '\v=1',
    ])
      assert.equal(neutraliseFormula(s), `'${s}`, JSON.stringify(s));
  });

  it('given full-width and small forms of the formula characters, when written, then they are neutralised, after blanks too', () => {
    for (const s of ['＝1+1', '＋1', '－1', '＠SUM(A1)', '﹦1', '﹢1', '﹣1', '﹫x', '−1', ' ＝cmd', '\n＠x'])
      assert.equal(neutraliseFormula(s), `'${s}`, JSON.stringify(s));
  });

  it('given a tab or carriage return first, when written, then it is neutralised whatever follows', () => {
    assert.ok(startsLikeFormula('\tabc'));
    assert.ok(startsLikeFormula('\rabc'));
  });

  it('given ordinary values, including formula characters later in the text, when written, then they are unchanged', () => {
    for (const s of [
      'i-0abc',
      'a=b',
      'arn:aws:iam::111122223333:role/x',
      ' plain',
      '',
      'doris-be-1',
      'ｘ＝1',
    ])
      assert.equal(neutraliseFormula(s), s, JSON.stringify(s));
    assert.equal(csvCell(undefined), '');
    assert.equal(csvCell(3600), '"3600"');
  });
});

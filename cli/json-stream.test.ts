import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { streamJson } from './json-stream';

const whole = (value: unknown): string => JSON.stringify(value, null, 2) + '\n';

function streamed<T>(
  value: unknown,
  big: readonly T[],
  item?: (e: T, i: number) => unknown,
): { text: string; writes: number } {
  let text = '';
  let writes = 0;
  streamJson(
    (t) => {
      text += t;
      writes++;
    },
    value,
    big,
    item,
  );
  return { text, writes };
}

describe('streamJson', () => {
  it('writes the same bytes as JSON.stringify(value, null, 2), the big array in batches', () => {
    const findings = Array.from({ length: 1203 }, (_, i) => ({
      id: `rule:${i}`,
      nested: { list: [i, `a\nb "${i}"`], empty: [], none: {} },
      text: 'line\u2028sep',
    }));
    const value = { graph: { nodes: 3 }, findings, warnings: [], notRead: ['x'] };
    const { text, writes } = streamed(value, findings);
    assert.equal(text, whole(value));
    assert.ok(writes >= 3, `${writes} writes`);
  });

  it('finds the array deep inside (SARIF runs[0].results) and at the top level', () => {
    const results = [{ a: 1 }, { b: [1, 2] }];
    const sarif = { version: '2.1.0', runs: [{ tool: { x: 1 }, results }], after: true };
    assert.equal(streamed(sarif, results).text, whole(sarif));
    assert.equal(streamed(results, results).text, whole(results));
  });

  it('maps each element as written, as if the mapped array had been given', () => {
    const big = [1, 2, 3];
    const value = { big };
    const mapped = { big: big.map((n) => ({ n, odd: n % 2 === 1 })) };
    assert.equal(streamed(value, big, (n) => ({ n, odd: n % 2 === 1 })).text, whole(mapped));
  });

  it('writes an empty array, and a value without the array, as JSON.stringify does', () => {
    const big: number[] = [];
    assert.equal(streamed({ big, y: 1 }, big).text, whole({ big, y: 1 }));
    assert.equal(streamed({ y: [1] }, [2]).text, whole({ y: [1] }));
  });
});

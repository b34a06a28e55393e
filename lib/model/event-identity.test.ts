import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { valueDigest, valueDigestIterative } from './event-identity';

const REAL = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'real', 'cloudtrail');

/** Every object and array inside a parsed JSON value (the values a record's fields hold). */
function* parts(v: unknown): Generator<unknown> {
  const stack = [v];
  while (stack.length > 0) {
    const x = stack.pop();
    yield x;
    if (typeof x === 'object' && x !== null) stack.push(...Object.values(x));
  }
}

test('given the public CloudTrail samples, when digested, then the recursive walk gives the iterative one', () => {
  // Given every value inside the real records (requestParameters, responseElements, …)
  let n = 0;
  for (const name of readdirSync(REAL).filter((f) => f.endsWith('.json'))) {
    for (const value of parts(JSON.parse(readFileSync(join(REAL, name), 'utf8')))) {
      // Then both walks give the same digest, which stores and ids depend on
      assert.equal(valueDigest(value), valueDigestIterative(value), name);
      n++;
    }
  }
  assert.ok(n > 500, `${n} values`);
});

test('given key order, spacing and odd values, when digested, then order does not matter and both walks agree', () => {
  const a = { b: [1, 'x', null, true, { z: 1, a: [] }], a: { '"q"': 'é\u0000' } };
  const b = JSON.parse(
    '{ "a": {"\\"q\\"": "é\\u0000"}, "b": [1, "x", null, true, {"a": [], "z": 1}] }',
  ) as unknown;
  assert.equal(valueDigest(a), valueDigest(b));
  assert.equal(valueDigest(a), valueDigestIterative(a));
  assert.equal(valueDigest({ u: undefined, f: () => 1 }), valueDigestIterative({ u: undefined, f: () => 1 }));
  assert.notEqual(valueDigest({ a: 1 }), valueDigest({ a: '1' }));
  assert.notEqual(valueDigest([[1], 2]), valueDigest([[1, 2]]));
});

test('given a hostile depth or size, when digested, then the result is the iterative walk’s, budget included', () => {
  // Nested deeper than the recursion goes: handed to the iterative walk
  let deep: unknown = 'leaf';
  for (let i = 0; i < 10_000; i++) deep = { k: [deep] };
  assert.equal(valueDigest(deep), valueDigestIterative(deep)); // 50,001 steps: within the budget
  assert.notEqual(valueDigest(deep), undefined);
  for (let i = 0; i < 10_000; i++) deep = { k: [deep] };
  assert.equal(valueDigest(deep), undefined); // 100,001 steps: over it
  let shallowDeep: unknown = 'leaf';
  for (let i = 0; i < 200; i++) shallowDeep = [shallowDeep];
  assert.equal(valueDigest(shallowDeep), valueDigestIterative(shallowDeep));
  assert.notEqual(valueDigest(shallowDeep), undefined);
  // Around the budget (100,000 steps: one a value, a key, a closing bracket): an array of n scalars is n + 2
  for (const n of [99_997, 99_998, 99_999]) {
    const arr = Array.from({ length: n }, (_, i) => i);
    assert.equal(valueDigest(arr), valueDigestIterative(arr), String(n));
  }
  assert.notEqual(valueDigest(Array.from({ length: 99_998 }, () => 0)), undefined);
  assert.equal(valueDigest(Array.from({ length: 99_999 }, () => 0)), undefined);
  const wide = Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`k${i}`, i]));
  assert.equal(valueDigest(wide), valueDigestIterative(wide));
});

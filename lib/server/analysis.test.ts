import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Analysis } from './analysis';
import { cachedBody } from './analysis';

test('given a response body made once, when asked again, then it is served without being made again, and the cache stays bounded', () => {
  const a = { bodies: new Map<string, string>() } as Analysis;
  let made = 0;
  const make = (s: string) => () => {
    made++;
    return s;
  };
  assert.equal(cachedBody(a, 'k', make('v')), 'v');
  assert.equal(cachedBody(a, 'k', make('other')), 'v');
  assert.equal(made, 1);
  for (let i = 0; i < 100; i++) cachedBody(a, `q${i}`, make(String(i)));
  assert.equal(a.bodies.size, 64);
  assert.equal(a.bodies.has('k'), false, 'the oldest entry went first');
  assert.equal(a.bodies.has('q99'), true);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { err, ok } from '../model';
import type { Analysis } from './analysis';
import { cachedBody } from './analysis';

const text = (r: ReturnType<typeof cachedBody>) => (r.ok ? r.value : `error ${r.error.code}`);

test('given a response body made once, when asked again, then it is served without being made again, and the cache stays bounded', () => {
  const a = { bodies: new Map<string, string>() } as Analysis;
  let made = 0;
  const make = (s: string) => () => {
    made++;
    return ok(s);
  };
  assert.equal(text(cachedBody(a, 'k', make('v'))), 'v');
  assert.equal(text(cachedBody(a, 'k', make('other'))), 'v');
  assert.equal(made, 1);
  for (let i = 0; i < 100; i++) cachedBody(a, `q${i}`, make(String(i)));
  assert.equal(a.bodies.size, 64);
  assert.equal(a.bodies.has('k'), false, 'the oldest entry went first');
  assert.equal(a.bodies.has('q99'), true);
});

test('given a body that cannot be made, when asked, then the error is returned and nothing is kept', () => {
  const a = { bodies: new Map<string, string>() } as Analysis;
  assert.equal(text(cachedBody(a, 'k', () => err('node_not_found', 'no such node'))), 'error node_not_found');
  assert.equal(a.bodies.size, 0);
  assert.equal(text(cachedBody(a, 'k', () => ok('v'))), 'v');
});

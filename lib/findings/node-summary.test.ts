import assert from 'node:assert/strict';
import { test } from 'node:test';
import { summariseByNode, summaryFor } from './node-summary';

const findings = [
  { severity: 'low' as const, nodes: ['a', 'b'] },
  { severity: 'critical' as const, nodes: ['b'] },
  { severity: 'medium' as const, nodes: ['a', 'a', 'c'] },
  { severity: 'info' as const, nodes: ['a'] },
];

test('given findings naming nodes, when summarised, then each node has its count and worst severity', () => {
  const s = summariseByNode(findings);
  assert.deepEqual(Object.fromEntries(s), {
    a: { count: 3, worst: 'medium' },
    b: { count: 2, worst: 'critical' },
    c: { count: 1, worst: 'medium' },
  });
});

test('given no findings, when summarised, then no node has a summary', () => {
  assert.equal(summariseByNode([]).size, 0);
});

test('given a summary, when asked for some nodes, then only those with findings appear', () => {
  const s = summariseByNode(findings);
  assert.deepEqual(summaryFor(s, ['b', 'x', 'c']), {
    b: { count: 2, worst: 'critical' },
    c: { count: 1, worst: 'medium' },
  });
  assert.deepEqual(summaryFor(s, []), {});
});

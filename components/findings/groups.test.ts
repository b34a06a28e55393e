import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Finding, Severity } from '@/lib/findings/types';
import { sectionsOf } from './groups';

const f = (severity: Severity, rule: string, id: string): Finding => ({
  id,
  rule,
  severity,
  title: id,
  message: id,
  nodes: [],
  edges: [],
  evidence: [],
});

test('given counts and a first page, then each group holds the page’s findings of it and its full count', () => {
  const counts = {
    severity: { high: 3, low: 5 },
    rule: { 'missing-trust': 3, 'unused-role': 4, wildcard: 1 },
    groups: [
      { severity: 'high' as const, rule: 'missing-trust', count: 3 },
      { severity: 'low' as const, rule: 'unused-role', count: 4 },
      { severity: 'low' as const, rule: 'wildcard', count: 1 },
    ],
  };
  // A page of four: the three high ones and the first unused role.
  const page = [
    f('high', 'missing-trust', 'a'),
    f('high', 'missing-trust', 'b'),
    f('high', 'missing-trust', 'c'),
    f('low', 'unused-role', 'd'),
  ];
  const sections = sectionsOf(counts, page);
  assert.deepEqual(
    sections.map((s) => [
      s.severity,
      s.count,
      s.groups.map((g) => [g.rule, g.count, g.items.map((i) => i.id)]),
    ]),
    [
      ['high', 3, [['missing-trust', 3, ['a', 'b', 'c']]]],
      [
        'low',
        5,
        [
          ['unused-role', 4, ['d']],
          ['wildcard', 1, []],
        ],
      ],
    ],
  );
});

test('given no findings, then there are no sections', () => {
  assert.deepEqual(sectionsOf({ severity: {}, rule: {}, groups: [] }, []), []);
});

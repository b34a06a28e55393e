import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FindingsDiff } from './recheck-findings';
import { newHoles } from './recheck-findings';

const change = (rule: string, severity: FindingsDiff['added'][number]['severity']) => ({
  id: `${rule}:x`,
  rule,
  severity,
  message: '',
});

describe('newHoles: which added findings make a fix unfit to offer', () => {
  const diff: FindingsDiff = {
    added: [change('a', 'high'), change('b', 'medium'), change('c', 'low')],
    removed: [],
  };

  it('given a critical finding fixed, when the fix adds high, medium and low ones, then the high and medium ones are holes (a critical traded for a lesser hole is still a hole)', () => {
    assert.deepEqual(
      newHoles(diff, 'critical').map((c) => c.rule),
      ['a', 'b'],
    );
  });

  it('given a medium finding fixed, when the fix adds high and medium ones, then both are holes, the low one is not', () => {
    assert.deepEqual(
      newHoles(diff, 'medium').map((c) => c.rule),
      ['a', 'b'],
    );
  });

  it('given a low finding fixed, when the fix adds anything low or above, then all are holes', () => {
    assert.deepEqual(
      newHoles(diff, 'low').map((c) => c.rule),
      ['a', 'b', 'c'],
    );
  });

  it('given a critical finding fixed, when the fix only makes a caller CloudTrail saw fail (assume-drift, medium), then that is breakage shown in the diff, not a hole', () => {
    const narrowed: FindingsDiff = { added: [change('assume-drift', 'medium')], removed: [] };
    assert.deepEqual(newHoles(narrowed, 'critical'), []);
  });

  it('given a fix that adds nothing, then it has no hole', () => {
    assert.deepEqual(newHoles({ added: [], removed: [change('a', 'high')] }, 'high'), []);
  });
});

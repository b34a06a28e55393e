import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runsPerSize } from './org-scale.bench';

test('each size is measured three times unless ORG_SCALE_RUNS says otherwise', () => {
  assert.equal(runsPerSize({}), 3);
  assert.equal(runsPerSize({ ORG_SCALE_RUNS: '' }), 3);
  assert.equal(runsPerSize({ ORG_SCALE_RUNS: '1' }), 1);
  assert.equal(runsPerSize({ ORG_SCALE_RUNS: '5' }), 5);
});

test('a number of runs that is not a whole number from 1 to 25 is refused, naming the variable', () => {
  for (const bad of ['0', '-2', '1.5', 'three', '26'])
    assert.throws(() => runsPerSize({ ORG_SCALE_RUNS: bad }), {
      message: `ORG_SCALE_RUNS: ${bad} is not a number of runs from 1 to 25`,
    });
});

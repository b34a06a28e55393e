import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { GraphEdge } from '../graph/types';
import { withoutReasons } from './graph-view';

test('given an edge whose reasons are built when read, when sent in a view, then every other field is kept and the reasons are never built', () => {
  let built = 0;
  const edge: GraphEdge = {
    id: 'can-access|a|b',
    kind: 'can-access',
    source: 'a',
    target: 'b',
    decision: 'Allow',
  };
  Object.defineProperty(edge, 'reasons', {
    enumerable: true,
    get() {
      built++;
      return [];
    },
  });
  Object.assign(edge, { access: ['read'], openConditions: [] });
  const sent = withoutReasons(edge);
  assert.deepEqual(sent, {
    id: 'can-access|a|b',
    kind: 'can-access',
    source: 'a',
    target: 'b',
    decision: 'Allow',
    access: ['read'],
    openConditions: [],
  });
  assert.equal(JSON.stringify(sent).includes('reasons'), false);
  assert.equal(built, 0);
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EdgeKind, GraphEdge } from '../graph/types';
import type { RuleContext } from './context';
import { edgesAt, edgePositionsBy } from './context';

/** A context with only edges by kind: what `edgesAt` reads. */
function ctxOf(edges: GraphEdge[]): RuleContext {
  const edgesByKind = new Map<EdgeKind, GraphEdge[]>();
  for (const e of edges) edgesByKind.set(e.kind, [...(edgesByKind.get(e.kind) ?? []), e]);
  return { edgesByKind } as unknown as RuleContext;
}

const e = (kind: EdgeKind, source: string, target: string): GraphEdge => ({
  id: `${kind}|${source}|${target}`,
  kind,
  source,
  target,
});

describe('edgesAt', () => {
  // Sources interleave, so a merge of per-source lists that did not restore graph order would show.
  const edges = [
    e('can-assume', 'a', 'r1'),
    e('can-assume', 'b', 'r2'),
    e('can-access', 'a', 'b1'),
    e('can-assume', 'a', 'r3'),
    e('can-assume', 'c', 'r1'),
    e('can-assume', 'b', 'r1'),
    e('runs-as', 'p', 'r1'),
  ];
  const filtered = (kind: EdgeKind, end: 'source' | 'target', values: string[]): GraphEdge[] =>
    edges.filter((x) => x.kind === kind && values.includes(x[end]));

  it('given several sources, when asked, then it gives the edges a filter of the kind would, in graph order', () => {
    const ctx = ctxOf(edges);
    for (const values of [['a'], ['b', 'a'], ['c', 'b', 'a', 'a'], ['z'], [], ['a', 'z']])
      assert.deepEqual(
        edgesAt(ctx, 'can-assume', 'source', values),
        filtered('can-assume', 'source', values),
      );
  });

  it('given targets, when asked, then it gives the edges into them in graph order, of that kind only', () => {
    const ctx = ctxOf(edges);
    assert.deepEqual(edgesAt(ctx, 'can-assume', 'target', ['r1']), filtered('can-assume', 'target', ['r1']));
    assert.deepEqual(edgesAt(ctx, 'runs-as', 'target', new Set(['r1'])), [edges[6]]);
    assert.deepEqual(edgesAt(ctx, 'observed', 'target', ['r1']), []);
  });

  it('given one context, when asked twice, then the index is made once', () => {
    const ctx = ctxOf(edges);
    assert.equal(edgePositionsBy(ctx, 'can-assume', 'source'), edgePositionsBy(ctx, 'can-assume', 'source'));
    assert.notEqual(
      edgePositionsBy(ctx, 'can-assume', 'source'),
      edgePositionsBy(ctx, 'can-assume', 'target'),
    );
  });
});

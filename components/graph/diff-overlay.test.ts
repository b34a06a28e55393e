import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RoleGraph } from '@/lib/graph/types';
import type { EdgeChange } from '@/lib/app/snapshot-diff';
import type { DiffEdge } from './diff-overlay';
import { ghostNode, overlayDiff } from './diff-overlay';

const A = 'arn:aws:iam::111111111111:role/a';
const B = 'arn:aws:iam::222222222222:role/b';
const C = 'arn:aws:iam::222222222222:role/c';
const BUCKET = 'arn:aws:s3:::data';

const view: RoleGraph = {
  nodes: [
    { id: A, kind: 'role', label: 'a', account: '111111111111' },
    { id: B, kind: 'role', label: 'b', account: '222222222222' },
    { id: BUCKET, kind: 'bucket', label: 'data' },
  ],
  edges: [
    { id: `missing-trust|${A}|${B}`, kind: 'missing-trust', source: A, target: B },
    { id: `can-access|${B}|${BUCKET}`, kind: 'can-access', source: B, target: BUCKET, access: ['read'] },
    { id: `observed|${A}|${B}`, kind: 'observed', source: A, target: B },
  ],
};

const changes: EdgeChange[] = [
  {
    change: 'broken',
    source: A,
    target: B,
    sourceLabel: 'a',
    targetLabel: 'b',
    before: { kind: 'can-assume', decision: 'Allow' },
    after: { kind: 'missing-trust' },
  },
  {
    change: 'closed',
    source: A,
    target: C,
    sourceLabel: 'a',
    targetLabel: 'c',
    before: { kind: 'can-assume', decision: 'Allow' },
  },
  {
    change: 'closed',
    source: 'arn:aws:iam::333333333333:role/far',
    target: 'arn:aws:iam::333333333333:role/away',
    sourceLabel: 'far',
    targetLabel: 'away',
    before: { kind: 'can-assume', decision: 'Allow' },
  },
];

describe('a snapshot diff drawn on the graph', () => {
  test('given a chain that broke, when overlaid, then its chain edge is marked broken and the observed edge is left alone', () => {
    const { graph, marked } = overlayDiff(view, changes, 'view');
    const edges = graph.edges as DiffEdge[];
    assert.equal(marked, 1);
    assert.equal(edges.find((e) => e.kind === 'missing-trust')?.diff?.change, 'broken');
    assert.equal(
      edges.find((e) => e.kind === 'missing-trust')?.diff?.text,
      'can-assume (Allow) → missing-trust',
    );
    assert.equal(edges.find((e) => e.kind === 'observed')?.diff, undefined);
    assert.equal(edges.find((e) => e.kind === 'can-access')?.diff, undefined);
  });

  test('given a lost chain to a role no longer there, when overlaid on a focused view, then a ghost edge and a ghost node stand where it was', () => {
    const { graph, ghosts } = overlayDiff(view, changes, 'view');
    assert.equal(ghosts, 1, 'the chain between two nodes outside the view is not drawn in a focused view');
    const ghost = (graph.edges as DiffEdge[]).find((e) => e.target === C);
    assert.deepEqual([ghost?.kind, ghost?.diff?.change, ghost?.diff?.ghost], ['can-assume', 'closed', true]);
    const node = graph.nodes.find((n) => n.id === C);
    assert.deepEqual([node?.kind, node?.account, node?.meta?.diff], ['role', '222222222222', 'absent']);
  });

  test('given the overview, when overlaid, then every lost chain is drawn', () => {
    assert.equal(overlayDiff(view, changes, 'all').ghosts, 2);
  });

  test('given ids of each kind, when a ghost node is made, then its kind comes from the id', () => {
    assert.equal(ghostNode('s3://b/p/', 'b/p').kind, 'bucket-prefix');
    assert.equal(ghostNode('arn:aws:glue:us-west-2:222222222222:catalog', 'c').kind, 'glue-catalog');
    assert.equal(ghostNode('arn:aws:iam::111111111111:user/u', 'u').kind, 'user');
    assert.equal(ghostNode('account:444444444444', 'x').kind, 'account');
  });
});

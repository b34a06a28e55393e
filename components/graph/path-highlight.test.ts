import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ANONYMOUS_ID, accountNodeId, serviceNodeId } from '@/lib/graph/builder';
import { isHubId, paintChain, showChain } from './path-highlight';

const A = 'arn:aws:iam::111111111111:role/a';
const B = 'arn:aws:iam::222222222222:role/b';
const C = 'arn:aws:s3:::data';
const AB = `can-assume|${A}|${B}`;
const BC = `can-access|${B}|${C}`;
const chain = { nodes: [A, B, C], edges: [AB, BC] };

test('given the hub ids the graph builder makes, when told apart by id, then each is a hub and a role is not', () => {
  assert.ok(isHubId(serviceNodeId('ec2.amazonaws.com')));
  assert.ok(isHubId(accountNodeId('111111111111')));
  assert.ok(isHubId(ANONYMOUS_ID));
  assert.ok(!isHubId(A));
});

test('given a chain the view on screen draws whole, when shown, then only the highlight changes', () => {
  assert.deepEqual(showChain(chain, new Set([AB, BC, 'other'])), { hl: [AB, BC] });
});

test('given a chain the view does not draw whole, when shown, then the view becomes its first node, deep enough for every step', () => {
  const patch = showChain(chain, new Set([AB]));
  assert.deepEqual(patch.hl, [AB, BC]);
  assert.equal(patch.focus, A);
  assert.equal(patch.depth, '2');
  assert.equal(patch.hubs, undefined);
  // Filters that could hide a step are lifted, and no other panel takes the place of the paths panel.
  for (const k of ['kinds', 'sev', 'use', 'account', 'view', 'col', 'sel', 'edge'])
    assert.ok(k in patch && patch[k] === undefined, k);
});

test('given a chain through the EC2 service, when shown in a new view, then the view walks through hubs', () => {
  const ec2 = serviceNodeId('ec2.amazonaws.com');
  const through = {
    nodes: [A, ec2, B],
    edges: [`runs-as|${A}|${ec2}`, `can-assume|${ec2}|${B}`],
  };
  assert.equal(showChain(through, new Set()).hubs, 'through');
});

test('given a view and a chain, when painted, then the chain is marked, the rest dimmed, account boxes left alone', () => {
  const nodes = [
    { id: 'group:111111111111', type: 'account' },
    { id: A, type: 'entity' },
    { id: B, type: 'entity', className: 'rc-edge-end' },
    { id: C, type: 'entity' },
    { id: 'x', type: 'entity' },
  ];
  const edges: { id: string; source: string; target: string; className?: string; zIndex?: number }[] = [
    { id: AB, source: A, target: B },
    { id: BC, source: B, target: C },
    { id: 'e|x|A', source: 'x', target: A },
  ];
  const p = paintChain(nodes, edges, [AB, BC]);
  assert.equal(p.missing, 0);
  assert.deepEqual(
    p.nodes.map((n) => n.className),
    [undefined, 'rc-path', 'rc-edge-end rc-path', 'rc-path', 'rc-dim'],
  );
  assert.deepEqual(
    p.edges.map((e) => e.className),
    ['rc-path', 'rc-path', 'rc-dim'],
  );
  // Drawn on top of the rest.
  assert.equal(p.edges[0]!.zIndex, 3);
});

test('given a chain only partly drawn, when painted, then the missing steps are counted', () => {
  const p = paintChain([{ id: A }, { id: B }], [{ id: AB, source: A, target: B }], [AB, BC]);
  assert.equal(p.missing, 1);
});

test('given a chain none of which is drawn, when painted, then nothing is dimmed', () => {
  const nodes = [{ id: A }];
  const p = paintChain(nodes, [], [AB]);
  assert.deepEqual(p.nodes, nodes);
  assert.equal(p.missing, 1);
});

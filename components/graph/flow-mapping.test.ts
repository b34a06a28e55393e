import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RoleGraph } from '@/lib/graph/types';
import { graphEdge, graphNode } from '@/lib/graph/testkit';
import { absolute, groupId, NODE_WIDTH, toFlow } from './flow-mapping';
import { layeredLayout } from './layered-layout';

const node = graphNode;
const edge = graphEdge;

const chain: RoleGraph = {
  nodes: [
    node('s3://lake', 'bucket', '222222222222'),
    node('arn:aws:iam::222222222222:role/doris-s3-role', 'role', '222222222222'),
    node('arn:aws:iam::111111111111:role/doris-be', 'role', '111111111111'),
    node('arn:aws:iam::111111111111:instance-profile/doris-be', 'instance-profile', '111111111111'),
    node('i-0abc', 'instance', '111111111111'),
    node('service:ec2.amazonaws.com', 'service'),
  ],
  edges: [
    edge('has-profile', 'i-0abc', 'arn:aws:iam::111111111111:instance-profile/doris-be'),
    edge(
      'runs-as',
      'arn:aws:iam::111111111111:instance-profile/doris-be',
      'arn:aws:iam::111111111111:role/doris-be',
    ),
    edge('can-assume', 'service:ec2.amazonaws.com', 'arn:aws:iam::111111111111:role/doris-be'),
    edge(
      'can-assume',
      'arn:aws:iam::111111111111:role/doris-be',
      'arn:aws:iam::222222222222:role/doris-s3-role',
    ),
    edge('can-access', 'arn:aws:iam::222222222222:role/doris-s3-role', 's3://lake'),
  ],
};

test('given a cross-account chain, when laid out, then it reads left to right and each account is one box', () => {
  const { nodes, edges } = toFlow(layeredLayout(chain), chain, {
    focus: 'i-0abc',
    accountNames: { '111111111111': 'data-platform' },
  });

  const order = [
    'i-0abc',
    'arn:aws:iam::111111111111:instance-profile/doris-be',
    'arn:aws:iam::111111111111:role/doris-be',
    'arn:aws:iam::222222222222:role/doris-s3-role',
    's3://lake',
  ];
  const xs = order.map((id) => absolute(nodes, id)!.x);
  for (let i = 1; i < xs.length; i++)
    assert.ok(xs[i]! > xs[i - 1]!, `${order[i]} is right of ${order[i - 1]}`);

  const groups = nodes.filter((n) => n.type === 'account');
  assert.deepEqual(groups.map((g) => g.id).sort(), [groupId('111111111111'), groupId('222222222222')]);
  assert.equal(
    groups.find((g) => g.id === groupId('111111111111'))!.data.label,
    'data-platform (111111111111)',
  );
  for (const n of nodes.filter((m) => m.parentId)) {
    const g = nodes.find((m) => m.id === n.parentId)!;
    assert.ok(nodes.indexOf(g) < nodes.indexOf(n), 'a group precedes its members');
    assert.ok(
      n.position.x >= 0 && n.position.x + NODE_WIDTH <= g.width,
      `${n.id} lies inside its account box`,
    );
  }
  assert.equal(nodes.find((n) => n.id === 'service:ec2.amazonaws.com')!.parentId, undefined);
  assert.equal((nodes.find((n) => n.id === 'i-0abc')!.data as { focused: boolean }).focused, true);
  assert.equal(edges.length, chain.edges.length);
});

test('given an empty view, when laid out, then nothing is drawn', () => {
  const empty: RoleGraph = { nodes: [], edges: [] };
  assert.deepEqual(toFlow(layeredLayout(empty), empty), { nodes: [], edges: [] });
});

test('given a chain, then every element has a spoken name and edges stay out of the Tab sequence', () => {
  const { nodes, edges } = toFlow(layeredLayout(chain), chain, {
    accountNames: { '111111111111': 'data-platform' },
  });
  const byId = new Map(nodes.map((n) => [n.id, n]));
  assert.equal(
    byId.get('arn:aws:iam::111111111111:role/doris-be')?.ariaLabel,
    'role doris-be, in account data-platform',
  );
  assert.match(
    byId.get(groupId('111111111111'))?.ariaLabel ?? '',
    /^account data-platform \(111111111111\), 3 nodes; Enter collapses it$/,
  );
  const assume = edges.find((e) => e.id.startsWith('can-assume|arn:aws:iam::111111111111:role/doris-be|'));
  assert.equal(assume?.ariaLabel, 'can-assume: doris-be → doris-s3-role');
  assert.ok(edges.every((e) => e.domAttributes?.tabIndex === -1));
  assert.ok(nodes.every((n) => typeof n.ariaLabel === 'string' && n.ariaLabel !== ''));
});

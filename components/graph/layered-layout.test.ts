import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { GraphEdge, GraphNode, RoleGraph } from '@/lib/graph/types';
import { graphEdge, graphNode } from '@/lib/graph/testkit';
import { edgeId } from '@/lib/graph/types';
import type { Placed } from './layered-layout';
import { groupId, layeredLayout, NODE_HEIGHT, NODE_WIDTH } from './layered-layout';

const node = graphNode;
const edge = graphEdge;

/** Every drawn node at its absolute position. */
function flatten(laid: { children: Placed[] }): Map<string, Placed> {
  const out = new Map<string, Placed>();
  for (const c of laid.children) {
    if (c.children) for (const m of c.children) out.set(m.id, { ...m, x: m.x + c.x, y: m.y + c.y });
    else out.set(c.id, c);
  }
  return out;
}

const overlap = (a: Placed, b: Placed): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** mulberry32: a seeded generator, so the random views are the same every run. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** About the shape the API sends: instances → profiles → roles → roles in other accounts → buckets, plus cycles. */
function randomView(seed: number, accounts: number, perAccount: number): RoleGraph {
  const rnd = prng(seed);
  const nodes: GraphNode[] = [node('service:ec2.amazonaws.com', 'service'), node('anonymous', 'anonymous')];
  const edges = new Map<string, GraphEdge>();
  const add = (kind: GraphEdge['kind'], s: string, t: string) =>
    edges.set(edgeId(kind, s, t), edge(kind, s, t));
  const roles: string[] = [];
  for (let a = 0; a < accounts; a++) {
    const acct = String(100000000000 + a);
    for (let i = 0; i < perAccount; i++) {
      const role = `arn:aws:iam::${acct}:role/r${i}`;
      nodes.push(node(role, 'role', acct));
      roles.push(role);
      if (i % 3 === 0) {
        const ip = `arn:aws:iam::${acct}:instance-profile/p${i}`;
        const inst = `i-${a}-${i}`;
        nodes.push(node(ip, 'instance-profile', acct), node(inst, 'instance', acct));
        add('has-profile', inst, ip);
        add('runs-as', ip, role);
        add('can-assume', 'service:ec2.amazonaws.com', role);
      }
      if (i % 4 === 1) {
        const bucket = `s3://b-${a}-${i}`;
        nodes.push(node(bucket, 'bucket', acct));
        add('can-access', role, bucket);
      }
    }
  }
  for (let k = 0; k < roles.length * 1.5; k++) {
    const s = roles[Math.floor(rnd() * roles.length)]!;
    const t = roles[Math.floor(rnd() * roles.length)]!;
    add(rnd() < 0.8 ? 'can-assume' : 'observed', s, t);
  }
  add('can-assume', 'anonymous', roles[0]!);
  return { nodes, edges: [...edges.values()] };
}

test('given a chain with a cycle, when laid out, then the chain still reads left to right', () => {
  const view: RoleGraph = {
    nodes: [node('a', 'role', '1'), node('b', 'role', '1'), node('c', 'role', '2'), node('d', 'bucket', '2')],
    edges: [
      edge('can-assume', 'a', 'b'),
      edge('can-assume', 'b', 'c'),
      edge('can-assume', 'c', 'a'),
      edge('can-access', 'c', 'd'),
    ],
  };
  const at = flatten(layeredLayout(view));
  assert.ok(at.get('a')!.x < at.get('b')!.x);
  assert.ok(at.get('b')!.x < at.get('c')!.x);
  assert.ok(at.get('c')!.x < at.get('d')!.x);
});

test('given an entry point with one target deep in the chain, when laid out, then it sits in the column before it', () => {
  const view: RoleGraph = {
    nodes: [node('a', 'role', '1'), node('b', 'role', '1'), node('c', 'role', '1'), node('e', 'user', '1')],
    edges: [edge('can-assume', 'a', 'b'), edge('can-assume', 'b', 'c'), edge('can-assume', 'e', 'c')],
  };
  const at = flatten(layeredLayout(view));
  assert.equal(at.get('e')!.x, at.get('b')!.x);
});

test('given a straight chain, when laid out, then its nodes line up on one row', () => {
  const view: RoleGraph = {
    nodes: [
      node('x1', 'role', '1'),
      node('x2', 'role', '1'),
      node('i', 'instance', '1'),
      node('p', 'instance-profile', '1'),
      node('r', 'role', '1'),
    ],
    edges: [edge('has-profile', 'i', 'p'), edge('runs-as', 'p', 'r'), edge('can-assume', 'x1', 'x2')],
  };
  const at = flatten(layeredLayout(view));
  assert.equal(at.get('p')!.y, at.get('i')!.y);
  assert.equal(at.get('r')!.y, at.get('p')!.y);
});

test('given a large view with cycles and free-standing nodes, when laid out, then nothing overlaps and every node is inside its account box', () => {
  const view = randomView(7, 3, 36);
  const laid = layeredLayout(view);
  const at = flatten(laid);
  assert.equal(at.size, view.nodes.length);

  const boxes = laid.children.filter((c) => c.children);
  assert.deepEqual(
    boxes.map((b) => b.id),
    ['100000000000', '100000000001', '100000000002'].map(groupId),
  );
  for (const b of boxes)
    for (const m of b.children!) {
      assert.ok(m.x >= 0 && m.y >= 0, `${m.id} is not left of or above its box`);
      assert.ok(m.x + NODE_WIDTH <= b.width && m.y + NODE_HEIGHT <= b.height, `${m.id} is inside its box`);
    }
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++)
      assert.ok(!overlap(boxes[i]!, boxes[j]!), `${boxes[i]!.id} and ${boxes[j]!.id} do not overlap`);

  // Nodes: none overlaps another; free-standing ones overlap no box.
  const all = [...at.values()];
  const sorted = [...all].sort((a, b) => a.x - b.x || a.y - b.y);
  for (let i = 0; i < sorted.length; i++)
    for (let j = i + 1; j < sorted.length && sorted[j]!.x < sorted[i]!.x + NODE_WIDTH; j++)
      assert.ok(!overlap(sorted[i]!, sorted[j]!), `${sorted[i]!.id} and ${sorted[j]!.id} do not overlap`);
  for (const f of laid.children.filter((c) => !c.children))
    for (const b of boxes) assert.ok(!overlap(f, b), `${f.id} lies outside ${b.id}`);

  // Profiles are right of their instances and left of their roles, as in every chain.
  for (const e of view.edges)
    if (e.kind === 'has-profile' || e.kind === 'runs-as' || e.kind === 'can-access')
      assert.ok(at.get(e.source)!.x < at.get(e.target)!.x, `${e.id} points right`);
});

test('given the same view twice, when laid out, then the positions are the same', () => {
  assert.deepEqual(layeredLayout(randomView(3, 2, 20)), layeredLayout(randomView(3, 2, 20)));
});

test('given a chain from one account into another, when laid out, then the boxes sit side by side, left to right', () => {
  const view: RoleGraph = {
    nodes: [
      node('i', 'instance', '1'),
      node('p', 'instance-profile', '1'),
      node('r1', 'role', '1'),
      node('r2', 'role', '2'),
      node('b', 'bucket', '2'),
      node('lone', 'role', '2'),
    ],
    edges: [
      edge('has-profile', 'i', 'p'),
      edge('runs-as', 'p', 'r1'),
      edge('can-assume', 'r1', 'r2'),
      edge('can-access', 'r2', 'b'),
    ],
  };
  const boxes = layeredLayout(view).children.filter((c) => c.children);
  const [one, two] = [groupId('1'), groupId('2')].map((id) => boxes.find((b) => b.id === id)!);
  assert.ok(two!.x >= one!.x + one!.width, 'the second account is right of the first');
  assert.equal(two!.y, one!.y, 'on the same row');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NodeFindings } from '../findings/node-summary';
import type { Severity } from '../findings/types';
import { SEVERITIES } from '../findings/types';
import type { GraphEdge, GraphNode, NodeKind, RoleGraph } from '../graph/types';
import { selectForDrawing } from './view-selection';

const node = (id: string, kind: NodeKind = 'role'): GraphNode => ({ id, kind, label: id, account: '1' });
const edge = (source: string, target: string): GraphEdge => ({
  id: `can-assume|${source}|${target}`,
  kind: 'can-assume',
  source,
  target,
  decision: 'Allow',
});
const flags = (entries: [string, Severity, number?][]): Map<string, NodeFindings> =>
  new Map(entries.map(([id, worst, count]) => [id, { worst, count: count ?? 1 }]));

test('given a view within the limit, when selected, then every node and edge is kept', () => {
  const view: RoleGraph = { nodes: [node('a'), node('b'), node('c')], edges: [edge('a', 'b')] };
  const { graph, selection } = selectForDrawing(view, new Map(), 3);
  assert.deepEqual(graph, view);
  assert.deepEqual(selection, { of: 3, drawn: 3, findings: { of: 0, drawn: 0 }, omitted: [] });
});

test('given more findings than room, when selected, then the most severe are drawn, no unflagged node is, and the count says how many are left', () => {
  const view: RoleGraph = {
    nodes: ['low1', 'crit', 'plain', 'high', 'low2'].map((id) => node(id)),
    edges: [edge('plain', 'crit')],
  };
  const f = flags([
    ['low1', 'low'],
    ['crit', 'critical'],
    ['high', 'high'],
    ['low2', 'low', 3],
  ]);
  const { graph, selection } = selectForDrawing(view, f, 3);
  // critical, high, then the low with the most findings; in the view's own order.
  assert.deepEqual(
    graph.nodes.map((n) => n.id),
    ['crit', 'high', 'low2'],
  );
  assert.deepEqual(selection.findings, { of: 4, drawn: 3 });
  assert.deepEqual(selection.omitted, [{ kind: 'role', count: 2 }]);
  assert.equal(graph.edges.length, 0, 'the edge to the left-out node goes with it');
});

test('given a flagged role, when the rest is chosen, then its chain (nearest first) comes before a better-connected node elsewhere', () => {
  // instance → profile → flagged role → bucket; and a hub role with four leaves elsewhere.
  const view: RoleGraph = {
    nodes: [
      node('hub'),
      node('l1'),
      node('l2'),
      node('l3'),
      node('l4'),
      node('instance', 'instance'),
      node('profile', 'instance-profile'),
      node('role'),
      node('bucket', 'bucket'),
    ],
    edges: [
      edge('hub', 'l1'),
      edge('hub', 'l2'),
      edge('hub', 'l3'),
      edge('hub', 'l4'),
      edge('instance', 'profile'),
      edge('profile', 'role'),
      edge('role', 'bucket'),
    ],
  };
  const { graph, selection } = selectForDrawing(view, flags([['role', 'medium']]), 4);
  assert.deepEqual(
    graph.nodes.map((n) => n.id),
    ['instance', 'profile', 'role', 'bucket'],
  );
  assert.deepEqual(
    graph.edges.map((e) => e.id),
    ['can-assume|instance|profile', 'can-assume|profile|role', 'can-assume|role|bucket'],
  );
  assert.deepEqual(selection.omitted, [{ kind: 'role', count: 5 }]);
  // With room for one more, the best-connected of the rest (the hub) comes next, then its leaves.
  const more = selectForDrawing(view, flags([['role', 'medium']]), 6);
  assert.deepEqual(
    more.graph.nodes.map((n) => n.id),
    ['hub', 'l1', 'instance', 'profile', 'role', 'bucket'],
  );
});

test('given random views, when selected at random limits, then no flagged node is left out while an unflagged one is drawn, and the counts add up', () => {
  let seed = 7;
  const rand = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  for (let round = 0; round < 200; round++) {
    const size = 1 + Math.floor(rand() * 60);
    const nodes = Array.from({ length: size }, (_, i) =>
      node(`n${i}`, rand() < 0.5 ? 'role' : 'bucket-prefix'),
    );
    const edges: GraphEdge[] = [];
    for (let k = 0; k < size * 1.5; k++) {
      const s = Math.floor(rand() * size);
      const t = Math.floor(rand() * size);
      if (s !== t) edges.push(edge(`n${s}`, `n${t}`));
    }
    const f = new Map<string, NodeFindings>();
    for (const n of nodes)
      if (rand() < 0.3)
        f.set(n.id, {
          worst: SEVERITIES[Math.floor(rand() * SEVERITIES.length)] as Severity,
          count: 1 + Math.floor(rand() * 3),
        });
    const limit = 1 + Math.floor(rand() * size);
    const { graph, selection } = selectForDrawing(
      { nodes, edges: [...new Map(edges.map((e) => [e.id, e])).values()] },
      f,
      limit,
    );
    const drawn = new Set(graph.nodes.map((n) => n.id));
    assert.equal(graph.nodes.length, Math.min(limit, size));
    assert.equal(selection.drawn, graph.nodes.length);
    assert.equal(selection.of, size);
    assert.equal(selection.findings.of, f.size);
    assert.equal(selection.findings.drawn, [...f.keys()].filter((id) => drawn.has(id)).length);
    assert.equal(
      selection.omitted.reduce((s, o) => s + o.count, 0),
      size - graph.nodes.length,
    );
    const flaggedOut = [...f.keys()].some((id) => !drawn.has(id));
    const unflaggedIn = graph.nodes.some((n) => !f.has(n.id));
    assert.ok(!(flaggedOut && unflaggedIn), `round ${round}: a flagged node left out for an unflagged one`);
    // A left-out flagged node is never more severe than a drawn one.
    const rank = (id: string) => SEVERITIES.indexOf((f.get(id) as NodeFindings).worst);
    const worstOut = Math.min(...[...f.keys()].filter((id) => !drawn.has(id)).map(rank));
    const leastIn = Math.max(...[...f.keys()].filter((id) => drawn.has(id)).map(rank));
    if (flaggedOut) assert.ok(worstOut >= leastIn, `round ${round}: a more severe node left out`);
    for (const e of graph.edges) assert.ok(drawn.has(e.source) && drawn.has(e.target));
    // The view's order is kept.
    const order = nodes.map((n) => n.id).filter((id) => drawn.has(id));
    assert.deepEqual(
      graph.nodes.map((n) => n.id),
      order,
    );
  }
});

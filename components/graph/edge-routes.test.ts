import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { GraphEdge, RoleGraph } from '@/lib/graph/types';
import { graphEdge, graphNode } from '@/lib/graph/testkit';
import type { Point, Rect } from './edge-routes';
import { roundedPath, routeEdges } from './edge-routes';
import { layeredLayout, LAYER_PITCH, NODE_WIDTH } from './layered-layout';

const GRID = { pitch: LAYER_PITCH, cardWidth: NODE_WIDTH };

/** Absolute card rectangles of a laid-out view. */
function cardsOf(view: RoleGraph): Map<string, Rect> {
  const out = new Map<string, Rect>();
  for (const c of layeredLayout(view).children) {
    if (c.children) for (const m of c.children) out.set(m.id, { ...m, x: m.x + c.x, y: m.y + c.y });
    else out.set(c.id, c);
  }
  return out;
}

type Seg = [Point, Point];
const segments = (route: Point[]): Seg[] => route.slice(1).map((p, i) => [route[i]!, p]);

/** Whether an axis-aligned segment passes through the inside of `r`. */
function crosses([a, b]: Seg, r: Rect): boolean {
  const x0 = Math.min(a.x, b.x);
  const x1 = Math.max(a.x, b.x);
  const y0 = Math.min(a.y, b.y);
  const y1 = Math.max(a.y, b.y);
  return x0 < r.x + r.width - 0.5 && x1 > r.x + 0.5 && y0 < r.y + r.height - 0.5 && y1 > r.y + 0.5;
}

/** Length two axis-aligned segments share when drawn within `tol` px of each other along one line. */
function shared([a, b]: Seg, [c, d]: Seg, tol = 2): number {
  const vertical = (p: Point, q: Point) => Math.abs(p.x - q.x) < 0.01;
  if (vertical(a, b) !== vertical(c, d)) return 0;
  const v = vertical(a, b);
  if (Math.abs(v ? a.x - c.x : a.y - c.y) > tol) return 0;
  const [p0, p1] = v ? [a.y, b.y].sort((m, n) => m - n) : [a.x, b.x].sort((m, n) => m - n);
  const [q0, q1] = v ? [c.y, d.y].sort((m, n) => m - n) : [c.x, d.x].sort((m, n) => m - n);
  return Math.max(0, Math.min(p1!, q1!) - Math.max(p0!, q0!));
}

/** Instances → profiles → roles, roles assuming roles across three accounts, and diagnostic edges. */
function view(seed: number): RoleGraph {
  let s = seed;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const nodes = [graphNode('service:ec2.amazonaws.com', 'service')];
  const edges = new Map<string, GraphEdge>();
  const add = (kind: GraphEdge['kind'], a: string, b: string) =>
    edges.set(`${kind}|${a}|${b}`, graphEdge(kind, a, b));
  const roles: string[] = [];
  for (let a = 0; a < 3; a++)
    for (let i = 0; i < 12; i++) {
      const acct = String(100000000000 + a);
      const role = `arn:aws:iam::${acct}:role/r${i}`;
      nodes.push(graphNode(role, 'role', acct));
      roles.push(role);
      if (i % 3 === 0) {
        const ip = `arn:aws:iam::${acct}:instance-profile/p${i}`;
        nodes.push(graphNode(ip, 'instance-profile', acct));
        add('runs-as', ip, role);
        add('can-assume', 'service:ec2.amazonaws.com', role);
      }
    }
  for (let k = 0; k < 40; k++) {
    const a = roles[Math.floor(rnd() * roles.length)]!;
    const b = roles[Math.floor(rnd() * roles.length)]!;
    const kind = (
      ['can-assume', 'missing-trust', 'missing-permission', 'denied-attempt', 'observed'] as const
    )[k % 5]!;
    add(kind, a, b);
    // Parallel edges: the same pair again in another kind.
    if (k % 4 === 0) add(kind === 'observed' ? 'can-assume' : 'observed', a, b);
  }
  return { nodes, edges: [...edges.values()] };
}

for (const seed of [1, 2, 3]) {
  test(`given a laid-out view (seed ${seed}), when its edges are routed, then no route passes through a card other than its ends`, () => {
    const v = view(seed);
    const cards = cardsOf(v);
    const routes = routeEdges(cards, v.edges, GRID);
    assert.equal(routes.size, v.edges.length);
    for (const e of v.edges) {
      const route = routes.get(e.id)!;
      for (const [id, r] of cards) {
        if (id === e.source || id === e.target) continue;
        for (const seg of segments(route)) assert.ok(!crosses(seg, r), `${e.id} crosses ${id}`);
      }
      // It leaves the source's right side and enters the target's left side.
      const s = cards.get(e.source)!;
      const t = cards.get(e.target)!;
      assert.equal(route[0]!.x, s.x + s.width);
      assert.equal(route.at(-1)!.x, t.x);
    }
  });

  test(`given the same view (seed ${seed}), when routed, then diagnostic edges share under 5% of their length with other edges, parallel ones nothing`, () => {
    const v = view(seed);
    const routes = routeEdges(cardsOf(v), v.edges, GRID);
    let total = 0;
    let under = 0;
    for (const e of v.edges) {
      if (!['missing-trust', 'missing-permission', 'denied-attempt'].includes(e.kind)) continue;
      const mine = segments(routes.get(e.id)!);
      for (const seg of mine) {
        const len = Math.hypot(seg[1].x - seg[0].x, seg[1].y - seg[0].y);
        total += len;
        // The most of this segment any other edge covers (a lower bound of the union, an upper bound per edge).
        let most = 0;
        for (const o of v.edges) {
          if (o.id === e.id) continue;
          const parallel = o.source === e.source && o.target === e.target;
          let s = 0;
          for (const os of segments(routes.get(o.id)!)) s += shared(seg, os);
          if (parallel) assert.equal(s, 0, `${e.id} and its parallel ${o.id} overlap`);
          most = Math.max(most, Math.min(len, s));
        }
        under += most;
      }
    }
    assert.ok(total > 0);
    assert.ok(under / total < 0.05, `${((100 * under) / total).toFixed(1)}% under other edges`);
  });
}

test('given a corner, when the path is drawn, then it is rounded within the shorter run', () => {
  assert.equal(
    roundedPath([
      { x: 0, y: 0 },
      { x: 10, y: 0 },
      { x: 10, y: 40 },
    ]),
    'M0,0 L5,0 Q10,0 10,5 L10,40',
  );
});

/** What `a` shares with every other route in `routes`, in px, along one line within 2 px. */
function sharedWithOthers(routes: Map<string, Point[]>, a: string): number {
  let sum = 0;
  for (const [id, r] of routes) {
    if (id === a) continue;
    for (const s of segments(routes.get(a)!)) for (const o of segments(r)) sum += shared(s, o);
  }
  return sum;
}

const card = (x: number, y: number): Rect => ({ x, y, width: NODE_WIDTH, height: 54 });
const edge = (kind: GraphEdge['kind'], source: string, target: string) => ({
  id: `${kind}|${source}|${target}`,
  source,
  target,
  kind,
});

test('given one card leaving at the height another card is entered, when both edges cross the gap, then their horizontal runs do not lie along each other', () => {
  // The demo's all-nodes view: the EKS OIDC provider's IRSA edge leaves its card at y=694, and the
  // GitHub provider's edge enters github-actions-deploy-role, in the next column, at y=694 as well.
  const cards = new Map<string, Rect>([
    ['a', card(0, 0)],
    ['b', card(0, 300)],
    ['c', card(LAYER_PITCH, -200)],
    ['d', card(LAYER_PITCH, 0)],
  ]);
  const routes = routeEdges(cards, [edge('missing-trust', 'a', 'c'), edge('observed', 'b', 'd')], GRID);
  // Both runs sit at y = 27: a's only port, and d's only port.
  assert.equal(routes.get('missing-trust|a|c')![0]!.y, 27);
  assert.equal(routes.get('observed|b|d')!.at(-1)!.y, 27);
  assert.equal(sharedWithOthers(routes, 'missing-trust|a|c'), 0);
});

test('given a gap too narrow for every run, when a run must share a slot, then it shares one with an edge that reports nothing', () => {
  // A 26 px gap holds two channels; three runs overlap in height, so one slot takes two of them.
  const grid = { pitch: NODE_WIDTH + 26, cardWidth: NODE_WIDTH };
  const cards = new Map<string, Rect>([
    ['s1', card(0, 0)],
    ['s2', card(0, 100)],
    ['s3', card(0, 200)],
    ['t1', card(grid.pitch, 300)],
    ['t2', card(grid.pitch, 400)],
    ['t3', card(grid.pitch, 500)],
  ]);
  const routes = routeEdges(
    cards,
    [edge('missing-trust', 's1', 't1'), edge('can-assume', 's2', 't2'), edge('observed', 's3', 't3')],
    grid,
  );
  assert.equal(sharedWithOthers(routes, 'missing-trust|s1|t1'), 0);
  // The shared slot is the other two's: the observed run lies along the can-assume one.
  assert.ok(sharedWithOthers(routes, 'observed|s3|t3') > 0);
});

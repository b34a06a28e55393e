/**
 * Path questions on small hand-made graphs (ranking, bounds, cycles) and on the embedded demo, whose
 * chains demo/README.md describes: Doris holds under its ExternalId, Spark lacks trust, Flink lacks
 * permission.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { loadDemo } from '../sources/demo';
import { buildGraph } from './build';
import type { GraphIndex } from './query';
import { indexGraph } from './query';
import { pathsBetween, reach } from './paths';
import type { GraphEdge, GraphNode, RoleGraph } from './types';
import { edgeId } from './types';

const role = (n: string): GraphNode => ({ id: `r:${n}`, kind: 'role', label: n, account: '111111111111' });
const edge = (kind: GraphEdge['kind'], s: string, t: string, extra: Partial<GraphEdge> = {}): GraphEdge => ({
  id: edgeId(kind, `r:${s}`, `r:${t}`),
  kind,
  source: `r:${s}`,
  target: `r:${t}`,
  ...extra,
});

/** a reaches d three ways: through b (works), through c (conditional), and directly (missing trust). */
function diamond(): GraphIndex {
  const g: RoleGraph = {
    nodes: ['a', 'b', 'c', 'd'].map(role),
    edges: [
      edge('can-assume', 'a', 'b', { decision: 'Allow' }),
      edge('can-assume', 'b', 'd', { decision: 'Allow' }),
      edge('can-assume', 'a', 'c', {
        decision: 'Conditional',
        openConditions: [
          {
            policy: { kind: 'trust' },
            statement: { index: 0 },
            operator: 'StringEquals',
            key: 'sts:ExternalId',
            values: ['x'],
            text: 'allowed if sts:ExternalId equals x',
          },
        ],
      }),
      edge('can-assume', 'c', 'd', { decision: 'Allow' }),
      edge('missing-trust', 'a', 'd', { decision: 'ImplicitDeny' }),
      // A cycle must not loop.
      edge('can-assume', 'b', 'a', { decision: 'Allow' }),
    ],
  };
  return indexGraph(g);
}

describe('paths between two nodes', () => {
  test('given three chains of each verdict, when asked, then working comes first, then conditional, then broken with its failing step', () => {
    const r = pathsBetween(diamond(), 'r:a', 'r:d');
    assert.deepEqual(
      r.paths.map((p) => [p.verdict, p.nodes.map((n) => n.slice(2)).join('')]),
      [
        ['works', 'abd'],
        ['conditional', 'acd'],
        ['broken', 'ad'],
      ],
    );
    assert.deepEqual(
      r.paths[1]?.open.map((o) => o.text),
      ['allowed if sts:ExternalId equals x'],
    );
    assert.equal(r.paths[2]?.failing?.kind, 'missing-trust');
    assert.equal(r.paths[2]?.failing?.index, 0);
    assert.equal(r.truncated, false);
  });

  test('given room for one path, when asked, then the working chain is the one kept and the list says it is cut', () => {
    const r = pathsBetween(diamond(), 'r:a', 'r:d', { maxPaths: 1 });
    assert.deepEqual(
      r.paths.map((p) => p.verdict),
      ['works'],
    );
    assert.equal(r.truncated, true);
  });

  test('given a depth of one, when asked, then only the direct (broken) edge is found and the walk says longer ones were not followed', () => {
    const r = pathsBetween(diamond(), 'r:a', 'r:d', { maxDepth: 1 });
    assert.deepEqual(
      r.paths.map((p) => p.verdict),
      ['broken'],
    );
    assert.equal(r.depthLimited, true);
  });

  test('given the best chain to each node, when reach is asked, then each node has the verdict of its best chain and broken ones stop one step beyond', () => {
    const r = reach(diamond(), 'r:a', 'from');
    const v = Object.fromEntries(r.entries.map((e) => [e.node.label, e.verdict]));
    assert.deepEqual(v, { b: 'works', d: 'works', c: 'conditional' });
    const back = reach(diamond(), 'r:d', 'to');
    assert.deepEqual(Object.fromEntries(back.entries.map((e) => [e.node.label, e.verdict])), {
      a: 'works',
      b: 'works',
      c: 'works',
    });
    assert.deepEqual(back.entries.find((e) => e.node.label === 'a')?.path.nodes, ['r:a', 'r:b', 'r:d']);
  });

  test('given a node outside the graph, when asked, then nothing is found and nothing claims to be cut', () => {
    const r = pathsBetween(diamond(), 'r:a', 'r:nope');
    assert.deepEqual([r.paths.length, r.truncated], [0, false]);
  });
});

describe('paths on the demo organisation', () => {
  let index: GraphIndex;
  const P = (n: string) => `arn:aws:iam::111111111111:role/${n}`;
  const L = (n: string) => `arn:aws:iam::222222222222:role/${n}`;
  const profile = (n: string) => `arn:aws:iam::111111111111:instance-profile/${n}`;
  const LAKE = 's3://rolechain-demo-lakehouse';
  before(async () => {
    const demo = await loadDemo(join(process.cwd(), 'demo'));
    index = indexGraph(buildGraph(demo.snapshot));
  });

  test('given the Doris BE profile, when asked how it reaches doris/, then one conditional chain names the ExternalId', () => {
    const r = pathsBetween(index, profile('doris-be-instance-profile'), `${LAKE}/doris/`);
    assert.equal(r.paths.length, 1);
    const p = r.paths[0]!;
    assert.equal(p.verdict, 'conditional');
    assert.deepEqual(p.nodes, [
      profile('doris-be-instance-profile'),
      P('doris-be-instance-role'),
      L('doris-s3-role'),
      `${LAKE}/doris/`,
    ]);
    assert.ok(p.open.some((o) => o.text.includes('sts:ExternalId') && o.text.includes('doris-external-id')));
  });

  test('given the Spark profile, when asked how it reaches spark/, then the one chain is broken at the trust step', () => {
    const r = pathsBetween(index, profile('spark-etl-instance-profile'), `${LAKE}/spark/`);
    assert.deepEqual(
      r.paths.map((p) => [p.verdict, p.failing?.kind, p.failing?.index]),
      [['broken', 'missing-trust', 1]],
    );
  });

  test('given the Flink profile, when asked how it reaches its checkpoints, then the chain is broken by the missing permission', () => {
    const r = pathsBetween(index, profile('flink-instance-profile'), `${LAKE}/flink/checkpoints/`);
    assert.deepEqual(
      r.paths.map((p) => [p.verdict, p.failing?.kind]),
      [['broken', 'missing-permission']],
    );
  });

  test('given who can reach spark-etl-s3-role, when asked, then the Spark instance role is listed broken with the missing trust', () => {
    const r = reach(index, L('spark-etl-s3-role'), 'to');
    const spark = r.entries.find((e) => e.node.id === P('spark-etl-instance-role'));
    assert.equal(spark?.verdict, 'broken');
    assert.equal(spark?.failing?.kind, 'missing-trust');
  });

  test('given what the Doris BE role can reach, when asked, then doris-s3-role and doris/ come conditional on the ExternalId', () => {
    const r = reach(index, P('doris-be-instance-role'), 'from');
    const v = new Map(r.entries.map((e) => [e.node.id, e.verdict]));
    assert.equal(v.get(L('doris-s3-role')), 'conditional');
    assert.equal(v.get(`${LAKE}/doris/`), 'conditional');
    assert.equal(v.has(`${LAKE}/spark/`), false);
  });
});

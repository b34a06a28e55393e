import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Severity } from '@/lib/findings/types';
import type { GraphEdge, RoleGraph } from '@/lib/graph/types';
import { edgeId } from '@/lib/graph/types';
import { graphEdge, graphNode } from '@/lib/graph/testkit';
import {
  collapseAccounts,
  collapsedId,
  filterSeverity,
  filterUsage,
  mergeFindings,
  mergeViews,
} from './view-transform';

const SRC = 'arn:aws:iam::111111111111:role/doris-be-instance-role';
const SPARK = 'arn:aws:iam::111111111111:role/spark-etl-instance-role';
const DORIS = 'arn:aws:iam::222222222222:role/doris-s3-role';
const ETL = 'arn:aws:iam::222222222222:role/spark-etl-s3-role';
const LAKE = 's3://rolechain-demo-lakehouse';

const node = graphNode;
const edge = (kind: GraphEdge['kind'], source: string, target: string, count?: number): GraphEdge =>
  graphEdge(
    kind,
    source,
    target,
    count !== undefined
      ? {
          observation: {
            count,
            firstSeen: `2026-01-0${count}T00:00:00Z`,
            lastSeen: `2026-02-0${count}T00:00:00Z`,
          },
        }
      : {},
  );

const demo: RoleGraph = {
  nodes: [
    node(SRC, 'role', '111111111111'),
    node(SPARK, 'role', '111111111111'),
    node(DORIS, 'role', '222222222222'),
    node(ETL, 'role', '222222222222'),
    node(LAKE, 'bucket', '222222222222'),
  ],
  edges: [
    edge('can-assume', SRC, DORIS),
    edge('observed', SRC, DORIS, 3),
    edge('missing-trust', SPARK, ETL),
    edge('denied-attempt', SPARK, ETL, 2),
    edge('can-assume', SPARK, DORIS),
    edge('can-access', DORIS, LAKE),
    edge('can-access', ETL, LAKE),
  ],
};

test('given two overlapping neighbourhoods, when merged, then every node and edge appears once', () => {
  const a: RoleGraph = { nodes: demo.nodes.slice(0, 3), edges: demo.edges.slice(0, 2) };
  const b: RoleGraph = { nodes: demo.nodes.slice(2), edges: demo.edges.slice(1) };
  const m = mergeViews([a, b]);
  assert.deepEqual(
    m.nodes.map((n) => n.id),
    demo.nodes.map((n) => n.id),
  );
  assert.equal(m.edges.length, demo.edges.length);
});

test('given the data account collapsed, when transformed, then its roles and bucket become one node and edges into it merge', () => {
  const c = collapseAccounts(demo, new Set(['222222222222']), { '222222222222': 'lake' });
  const ids = c.nodes.map((n) => n.id).sort();
  assert.deepEqual(ids, [SRC, SPARK, collapsedId('222222222222')].sort());
  const acct = c.nodes.find((n) => n.id === collapsedId('222222222222'));
  assert.equal(acct?.label, 'lake (222222222222)');
  assert.equal(acct?.meta?.members, 3);
  // can-access edges are inside the account: gone. Two can-assume edges into it from two sources stay apart.
  assert.equal(c.edges.filter((e) => e.kind === 'can-access').length, 0);
  const kinds = c.edges.map((e) => `${e.kind}|${e.source}`).sort();
  assert.deepEqual(kinds, [
    `can-assume|${SRC}`,
    `can-assume|${SPARK}`,
    `denied-attempt|${SPARK}`,
    `missing-trust|${SPARK}`,
    `observed|${SRC}`,
  ]);
  for (const e of c.edges) assert.equal(e.id, `${e.kind}|${e.source}|${e.target}`);
});

test('given two observed edges into one collapsed account, when collapsed, then their counts add up and the window widens', () => {
  const g: RoleGraph = {
    nodes: [
      node(SRC, 'role', '111111111111'),
      node(DORIS, 'role', '222222222222'),
      node(ETL, 'role', '222222222222'),
    ],
    edges: [edge('observed', SRC, DORIS, 3), edge('observed', SRC, ETL, 2)],
  };
  const c = collapseAccounts(g, new Set(['222222222222']));
  assert.equal(c.edges.length, 1);
  assert.deepEqual(c.edges[0]?.observation, {
    count: 5,
    firstSeen: '2026-01-02T00:00:00Z',
    lastSeen: '2026-02-03T00:00:00Z',
  });
});

test('given "only observed", when filtered, then only pairs CloudTrail saw remain, with their assume edges', () => {
  const f = filterUsage(demo, 'observed');
  assert.deepEqual(f.edges.map((e) => e.id).sort(), [
    edgeId('can-assume', SRC, DORIS),
    edgeId('denied-attempt', SPARK, ETL),
    edgeId('missing-trust', SPARK, ETL),
    edgeId('observed', SRC, DORIS),
  ]);
  assert.equal(
    f.nodes.some((n) => n.id === LAKE),
    false,
  );
});

test('given "only possible but never used", when filtered, then the can-assume edge nobody used is all that is left', () => {
  const f = filterUsage(demo, 'unused', LAKE);
  assert.deepEqual(
    f.edges.map((e) => e.id),
    [edgeId('can-assume', SPARK, DORIS)],
  );
  assert.deepEqual(f.nodes.map((n) => n.id).sort(), [SPARK, DORIS, LAKE].sort());
});

test('given findings, when filtered at high severity, then only edges touching a high-or-worse node remain', () => {
  const worst = new Map<string, Severity>([
    [SRC, 'medium'],
    [ETL, 'high'],
  ]);
  const f = filterSeverity(demo, worst, 'high');
  assert.deepEqual(f.edges.map((e) => e.id).sort(), [
    edgeId('can-access', ETL, LAKE),
    edgeId('denied-attempt', SPARK, ETL),
    edgeId('missing-trust', SPARK, ETL),
  ]);
  assert.equal(
    filterSeverity(demo, worst, 'medium').edges.some((e) => e.source === SRC),
    true,
  );
  assert.equal(filterSeverity(demo, worst, undefined), demo);
});

test('given the focused view and an expansion, when their findings summaries merge, then every node of either has its summary', () => {
  const merged = mergeFindings([
    { findings: { [SRC]: { count: 2, worst: 'medium' }, [ETL]: { count: 1, worst: 'high' } } },
    undefined,
    { findings: { [ETL]: { count: 1, worst: 'high' }, [LAKE]: { count: 3, worst: 'low' } } },
  ]);
  assert.deepEqual(Object.fromEntries(merged), {
    [SRC]: { count: 2, worst: 'medium' },
    [ETL]: { count: 1, worst: 'high' },
    [LAKE]: { count: 3, worst: 'low' },
  });
  assert.equal(mergeFindings([undefined, {}]).size, 0);
});

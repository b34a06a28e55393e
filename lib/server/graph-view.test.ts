import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { computeFindings } from '../findings';
import { summariseByNode } from '../findings/node-summary';
import { observationsFromEvents } from '../findings/observations';
import { buildGraph, indexGraph } from '../graph';
import type { GraphEdge } from '../graph/types';
import { loadDemo } from '../sources/demo';
import { gapsOf } from '../model';
import type { Analysis } from './analysis';
import { GraphQuery, graphView, withoutReasons } from './graph-view';

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

describe('graphView overview: nodes with findings are always drawn', () => {
  const analysisOf = async (): Promise<Analysis> => {
    const { snapshot, events } = await loadDemo(join(import.meta.dirname, '../../demo'));
    const graph = buildGraph(snapshot, { observations: observationsFromEvents(events) });
    const findings = computeFindings({ snapshot, graph, events });
    return {
      meta: {
        id: 1,
        createdAt: snapshot.createdAt,
        importedAt: snapshot.createdAt,
        source: snapshot.source,
        counts: {},
        warnings: 0,
      },
      snapshot,
      graph,
      index: indexGraph(graph),
      findings,
      findingsByNode: new Map(),
      nodeFindings: summariseByNode(findings),
      gaps: gapsOf(snapshot),
      bodies: new Map(),
    };
  };
  const PROFILE = 'arn:aws:iam::111111111111:instance-profile/presto-instance-profile';

  test('given an instance without a profile and a profile without a role (no edges, but findings), when the overview is asked, then both are in it and each opens on its own', async () => {
    const a = await analysisOf();
    const instance = a.graph.nodes.find((n) => n.kind === 'instance' && n.label === 'doris-be-04');
    assert.ok(instance, 'the demo has doris-be-04');
    const touched = new Set(a.graph.edges.flatMap((e) => [e.source, e.target]));
    assert.equal(touched.has(instance.id) || touched.has(PROFILE), false, 'both have no edge');
    const view = graphView(a, GraphQuery.parse({}));
    assert.ok(view.ok);
    const ids = new Set(view.value.nodes.map((n) => n.id));
    assert.ok(ids.has(instance.id) && ids.has(PROFILE));
    assert.equal(view.value.nodes.find((n) => n.id === PROFILE)?.account, '111111111111');
    for (const id of [instance.id, PROFILE]) {
      const focused = graphView(a, GraphQuery.parse({ focus: id }));
      assert.ok(focused.ok && focused.value.nodes.some((n) => n.id === id));
      assert.ok(focused.ok && (focused.value.findings[id]?.count ?? 0) > 0);
    }
    // Nodes without findings and without edges still stay out of the overview.
    const quiet = a.graph.nodes.filter((n) => !touched.has(n.id) && !a.nodeFindings.has(n.id));
    for (const n of quiet) assert.equal(ids.has(n.id), false, n.id);
  });

  test('given the demo, when doris-be-instance-role is focused at depth 2, then other instance roles come in only with hubs=through', async () => {
    const a = await analysisOf();
    const focus = 'arn:aws:iam::111111111111:role/doris-be-instance-role';
    const ec2 = 'service:ec2.amazonaws.com';
    // Neighbours other than through the service node, worked out here from the edge list.
    const around = (id: string) =>
      new Set(
        a.graph.edges
          .flatMap((e) => (e.source === id ? [e.target] : e.target === id ? [e.source] : []))
          .filter((x) => x !== ec2),
      );
    const mine = around(focus);
    // Roles that trust EC2 and share nothing else with the focus within two hops: reached only through the service.
    const viaEc2 = a.graph.edges
      .filter((e) => e.source === ec2 && e.target !== focus && a.index.nodes.get(e.target)?.kind === 'role')
      .map((e) => e.target)
      .filter((id) => !mine.has(id) && ![...around(id)].some((x) => mine.has(x)));
    assert.ok(viaEc2.length >= 2, 'the demo has several instance roles');
    const stop = graphView(a, GraphQuery.parse({ focus }));
    const through = graphView(a, GraphQuery.parse({ focus, hubs: 'through' }));
    assert.ok(stop.ok && through.ok);
    const stopIds = new Set(stop.value.nodes.map((n) => n.id));
    const throughIds = new Set(through.value.nodes.map((n) => n.id));
    assert.ok(stopIds.has(ec2));
    for (const id of viaEc2) {
      assert.equal(stopIds.has(id), false, id);
      assert.equal(throughIds.has(id), true, id);
    }
  });
});

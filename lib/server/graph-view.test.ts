import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { computeFindings } from '../findings';
import { summariseByNode } from '../findings/node-summary';
import { observationsFromEvents } from '../findings/observations';
import { buildGraph, indexGraph } from '../graph';
import type { GraphEdge } from '../graph/types';
import { loadDemo } from '../sources/demo';
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
});

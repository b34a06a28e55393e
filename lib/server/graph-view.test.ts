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
import { BENCH_NOW, generateOrg } from '../../bench/generate-org';
import { GraphQuery, graphView, MAX_ACCOUNT_NODES, MAX_DRAWN_NODES, withoutReasons } from './graph-view';

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

describe('graphView of one account: drawn, whole or in part, never the table', () => {
  const analysisOf = (rolesPerAccount: number): Analysis => {
    const snapshot = generateOrg({ accounts: 2, rolesPerAccount, seed: 7 });
    const graph = buildGraph(snapshot);
    const findings = computeFindings({ snapshot, graph, events: [], now: BENCH_NOW });
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
  const accountNodes = (a: Analysis, account: string) => a.graph.nodes.filter((n) => n.account === account);

  test('given an account of 200 generated roles (about 427 nodes, as in the 1,000 × 200 estate), when its view is asked, then every node of it is sent, above the old 300', () => {
    const a = analysisOf(200);
    const account = a.snapshot.accounts[0]?.id ?? '';
    const mine = accountNodes(a, account);
    assert.ok(mine.length > MAX_DRAWN_NODES && mine.length <= MAX_ACCOUNT_NODES, String(mine.length));
    const view = graphView(a, GraphQuery.parse({ account }));
    assert.ok(view.ok);
    assert.equal(view.value.truncated, false);
    assert.equal(view.value.selection, undefined);
    assert.deepEqual(
      view.value.nodes.map((n) => n.id),
      mine.map((n) => n.id),
    );
  });

  test('given an account above the account bound, when its view is asked, then it sends that many nodes, every one with findings among them, and says what it left out', () => {
    const a = analysisOf(300);
    const account = a.snapshot.accounts[0]?.id ?? '';
    const mine = accountNodes(a, account);
    assert.ok(mine.length > MAX_ACCOUNT_NODES, String(mine.length));
    const flagged = mine.filter((n) => a.nodeFindings.has(n.id));
    assert.ok(flagged.length > 0 && flagged.length < MAX_ACCOUNT_NODES, String(flagged.length));
    const view = graphView(a, GraphQuery.parse({ account }));
    assert.ok(view.ok);
    const v = view.value;
    assert.equal(v.truncated, true);
    assert.equal(v.nodes.length, MAX_ACCOUNT_NODES);
    const sent = new Set(v.nodes.map((n) => n.id));
    for (const n of flagged) assert.ok(sent.has(n.id), `${n.id} has findings and is not sent`);
    for (const n of v.nodes) assert.equal(n.account, account);
    for (const e of v.edges) assert.ok(sent.has(e.source) && sent.has(e.target), e.id);
    // Every edge of the account between two sent nodes is sent.
    const inside = a.graph.edges.filter((e) => sent.has(e.source) && sent.has(e.target));
    assert.equal(v.edges.length, inside.length);
    assert.deepEqual(v.selection?.findings, { of: flagged.length, drawn: flagged.length });
    assert.equal(v.selection?.of, mine.length);
    // What is left out, per kind, counted here from the account's nodes.
    const left = new Map<string, number>();
    for (const n of mine) if (!sent.has(n.id)) left.set(n.kind, (left.get(n.kind) ?? 0) + 1);
    assert.deepEqual(new Map((v.selection?.omitted ?? []).map((o) => [o.kind, o.count])), left);
    // The per-kind table of the whole account is still sent, for a client that knows no selection.
    assert.equal(
      (v.summary ?? []).reduce((s, r) => s + r.count, 0),
      mine.length,
    );
    for (const id of sent) assert.equal(v.findings[id] !== undefined, a.nodeFindings.has(id), id);
  });

  test('given the whole estate above the bound with no account, when its view is asked, then it is the per-kind table as before', () => {
    const a = analysisOf(200);
    const view = graphView(a, GraphQuery.parse({}));
    assert.ok(view.ok);
    assert.equal(view.value.truncated, true);
    assert.equal(view.value.nodes.length, 0);
    assert.equal(view.value.selection, undefined);
    assert.ok((view.value.summary ?? []).length > 0);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildGraph } from './build';
import { lookupsOf } from './builder';
import { A, B, allow, doc, role, roleArn, snapshotOf, trustAws, trustService } from './testkit';
import type { RoleGraph } from './types';

const graphOf = (): RoleGraph =>
  buildGraph(
    snapshotOf({
      roles: [
        role(A, 'app', doc(trustService('ec2.amazonaws.com')), [doc(allow('sts:AssumeRole', '*'))]),
        role(B, 'target', doc(trustAws(roleArn(A, 'app')))),
      ],
    }),
  );

describe('lookupsOf', () => {
  it('given a graph as built, when asked, then its maps hold exactly the graph’s nodes and edges by id, in order', () => {
    const g = graphOf();
    const maps = lookupsOf(g);
    assert.ok(maps);
    assert.deepEqual(
      [...maps.nodes.keys()],
      g.nodes.map((n) => n.id),
    );
    assert.deepEqual(
      [...maps.edges.keys()],
      g.edges.map((e) => e.id),
    );
    for (const n of g.nodes) assert.equal(maps.nodes.get(n.id), n);
    assert.ok(g.edges.length > 0);
  });

  it('given a graph edited after the build (grown or its lists replaced), when asked, then there are none', () => {
    const grown = graphOf();
    grown.edges.push({ id: 'observed|x|y', kind: 'observed', source: 'x', target: 'y' });
    assert.equal(lookupsOf(grown), undefined);
    const replaced = graphOf();
    replaced.nodes = [...replaced.nodes];
    assert.equal(lookupsOf(replaced), undefined);
    assert.equal(lookupsOf({ nodes: [], edges: [] }), undefined);
  });
});

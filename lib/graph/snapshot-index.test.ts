import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildContext } from '../findings/context';
import { buildGraph } from './build';
import { indexFor, keepIndex, indexSnapshot } from './snapshot-index';
import { A, allow, doc, role, roleArn, snapshotOf, trustAws } from './testkit';

const caller = role(A, 'caller', doc(), [doc(allow('sts:AssumeRole', roleArn(A, 'target')))]);
const target = role(A, 'target', doc(trustAws(roleArn(A, 'caller'))));

describe('indexFor: the findings share the index their graph was built with', () => {
  test('given a graph built from a snapshot, when its findings context is built, then it reads the same index', () => {
    const snapshot = snapshotOf({ roles: [caller, target] });
    const graph = buildGraph(snapshot);
    const first = buildContext({ snapshot, graph });
    const second = buildContext({ snapshot, graph });
    assert.equal(first.index, second.index);
    assert.equal(indexFor(snapshot, graph), first.index);
  });

  test('given another snapshot object with the same content, when asked, then a new index is built for it', () => {
    const snapshot = snapshotOf({ roles: [caller, target] });
    const graph = buildGraph(snapshot);
    const copy = { ...snapshot };
    const index = indexFor(copy, graph);
    assert.notEqual(index, indexFor(snapshot, graph));
    assert.equal(index.snapshot, copy);
  });

  test('given a role added to the snapshot after its graph was built, when asked, then the index is built again and sees it', () => {
    const snapshot = snapshotOf({ roles: [caller] });
    const graph = buildGraph(snapshot);
    snapshot.roles.push(target);
    const index = indexFor(snapshot, graph);
    assert.equal(index.rolesByArn.get(target.arn), target);
  });

  test('given a list replaced or an organisation set after the index was kept, when asked, then it is built again', () => {
    const snapshot = snapshotOf({ roles: [caller] });
    const owner = {};
    keepIndex(owner, indexSnapshot(snapshot));
    const kept = indexFor(snapshot, owner);
    assert.equal(indexFor(snapshot, owner), kept);
    snapshot.roles = [caller, target];
    assert.notEqual(indexFor(snapshot, owner), kept);
    assert.equal(indexFor(snapshot, owner).rolesByArn.size, 2);

    const other = snapshotOf({ roles: [caller] });
    keepIndex(owner, indexSnapshot(other));
    const before = indexFor(other, owner);
    other.organization = { id: 'o-test', rootId: 'r-root', units: [], accountParents: { [A]: 'r-root' } };
    const after = indexFor(other, owner);
    assert.notEqual(after, before);
    assert.equal(after.orgIdOf(A), 'o-test');
  });

  test('given nothing kept for an owner, when asked, then a fresh index of the snapshot is built', () => {
    const snapshot = snapshotOf({ roles: [caller, target] });
    const index = indexFor(snapshot, {});
    assert.equal(index.snapshot, snapshot);
    assert.equal(index.rolesByArn.size, 2);
  });
});

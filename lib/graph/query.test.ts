import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildGraph } from './build';
import { blastRadius, chains, indexGraph, neighbourhood, reachable } from './query';
import {
  A,
  allow,
  B,
  bucket,
  doc,
  instance,
  profile,
  role,
  roleArn,
  snapshotOf,
  trustAws,
  trustService,
} from './testkit';

const LAKE = 'acme-lake';
const lakeArn = `arn:aws:s3:::${LAKE}`;
const prefix = `s3://${LAKE}/doris/`;

// instance → profile → app-role → (B) data-role → s3://acme-lake/doris/ ; admin-role → whole bucket
const appRole = role(A, 'app-role', doc(trustService('ec2.amazonaws.com')), [
  doc(allow('sts:AssumeRole', roleArn(B, 'data-role'))),
]);
const dataRole = role(B, 'data-role', doc(trustAws(appRole.arn)), [
  doc(allow(['s3:GetObject', 's3:PutObject'], `${lakeArn}/doris/*`)),
]);
const adminRole = role(B, 'admin-role', doc(trustAws(`arn:aws:iam::${B}:root`)), [
  doc(allow('s3:*', [lakeArn, `${lakeArn}/*`])),
]);
// Cycle: loop-a can assume itself and loop-b; loop-b can assume loop-a.
const loopA = role(A, 'loop-a', doc(trustAws([roleArn(A, 'loop-a'), roleArn(A, 'loop-b')])), [
  doc(
    allow('sts:AssumeRole', [roleArn(A, 'loop-a'), roleArn(A, 'loop-b')]),
    allow('s3:GetObject', `${lakeArn}/doris/*`),
  ),
]);
const loopB = role(A, 'loop-b', doc(trustAws(roleArn(A, 'loop-a'))), [
  doc(allow('sts:AssumeRole', roleArn(A, 'loop-a'))),
]);
const p = profile(A, 'app-profile', [appRole.arn]);
const inst = instance(A, 'i-0123456789abcdef0', p.arn);
const instId = `arn:aws:ec2:us-west-2:${A}:instance/i-0123456789abcdef0`;
const graph = buildGraph(
  snapshotOf({
    roles: [appRole, dataRole, adminRole, loopA, loopB],
    instanceProfiles: [p],
    instances: [inst],
    buckets: [
      bucket(
        B,
        LAKE,
        doc({
          Effect: 'Allow',
          Principal: { AWS: loopA.arn },
          Action: 's3:GetObject',
          Resource: `${lakeArn}/doris/*`,
        }),
      ),
    ],
  }),
);
const index = indexGraph(graph);

describe('neighbourhood', () => {
  test('given depth 1 outwards from the profile, when asked, then it holds the profile and its role only', () => {
    const n = neighbourhood(index, p.arn, 1, { direction: 'out' });
    assert.deepEqual(n.nodes.map((x) => x.id).sort(), [appRole.arn, p.arn].sort());
    assert.deepEqual(
      n.edges.map((e) => e.kind),
      ['runs-as'],
    );
    assert.equal(n.truncated, false);
  });

  test('given depth 3 both ways from the role, when asked, then the instance and the prefix are in it', () => {
    const ids = neighbourhood(index, appRole.arn, 3).nodes.map((x) => x.id);
    assert.ok(ids.includes(instId));
    assert.ok(ids.includes(prefix));
  });

  test('given a node limit, when the neighbourhood is larger, then it is truncated at the limit', () => {
    const n = neighbourhood(index, appRole.arn, 5, { maxNodes: 3 });
    assert.equal(n.nodes.length, 3);
    assert.equal(n.truncated, true);
  });

  test('given an edge-kind filter, when asked, then only those edges are followed', () => {
    const n = neighbourhood(index, appRole.arn, 3, { edgeKinds: ['can-assume'] });
    assert.ok(n.edges.every((e) => e.kind === 'can-assume'));
    assert.ok(!n.nodes.some((x) => x.id === prefix));
  });

  test('given an unknown node, when asked, then the answer is empty', () => {
    assert.deepEqual(neighbourhood(index, 'nope', 2), { nodes: [], edges: [], truncated: false });
  });

  test('given a service trusted by 1,000 roles, when its neighbourhood is asked with a limit, then it is capped at the limit and names the hub and its degree', () => {
    const service = 'service:ec2.amazonaws.com';
    const roles = Array.from({ length: 1000 }, (_, i) => roleArn(A, `r${i}`));
    const hub = indexGraph({
      nodes: [
        { id: service, kind: 'service', label: 'ec2.amazonaws.com' },
        ...roles.map((id) => ({ id, kind: 'role' as const, label: id })),
      ],
      edges: roles.map((r) => ({
        id: `runs-as|${service}|${r}`,
        kind: 'runs-as' as const,
        source: service,
        target: r,
      })),
    });
    const n = neighbourhood(hub, service, 2, { maxNodes: 300 });
    assert.equal(n.nodes.length, 300);
    assert.equal(n.edges.length, 299);
    assert.ok(n.edges.every((e) => e.source === service));
    assert.equal(n.truncated, true);
    assert.deepEqual(n.cappedHubs, [{ id: service, degree: 1000 }]);
    // From a role asked to walk through hubs, depth 2 reaches the hub and then other roles, capped the same way.
    const fromRole = neighbourhood(hub, roles[0]!, 2, { maxNodes: 50, throughHubs: true });
    assert.equal(fromRole.nodes.length, 50);
    assert.equal(fromRole.cappedHubs?.[0]?.id, service);
    assert.equal(neighbourhood(hub, roles[0]!, 1).cappedHubs, undefined);
  });

  // Two unrelated instance roles both trust ec2.amazonaws.com: the service node links them at depth 2.
  const otherEc2Role = role(A, 'other-instance-role', doc(trustService('ec2.amazonaws.com')), []);
  const hubIndex = indexGraph(buildGraph(snapshotOf({ roles: [appRole, dataRole, otherEc2Role] })));
  const ec2 = 'service:ec2.amazonaws.com';

  test('given two instance roles sharing the EC2 service node, when focused at depth 2, then the service is shown but not walked through', () => {
    const n = neighbourhood(hubIndex, appRole.arn, 2);
    const ids = n.nodes.map((x) => x.id);
    assert.ok(hubIndex.nodes.get(ec2), 'the fixture has the EC2 service node');
    assert.ok(ids.includes(ec2));
    assert.ok(ids.includes(dataRole.arn));
    assert.ok(!ids.includes(otherEc2Role.arn));
    assert.ok(n.edges.some((e) => e.source === ec2 && e.target === appRole.arn));
  });

  test('given the same view with throughHubs, when focused at depth 2, then the other instance role comes in through the service', () => {
    const ids = neighbourhood(hubIndex, appRole.arn, 2, { throughHubs: true }).nodes.map((x) => x.id);
    assert.ok(ids.includes(otherEc2Role.arn));
  });

  test('given the focus is itself a hub, when asked, then it is walked from', () => {
    const ids = neighbourhood(hubIndex, ec2, 1).nodes.map((x) => x.id);
    assert.ok(ids.includes(appRole.arn) && ids.includes(otherEc2Role.arn));
  });
});

describe('chains', () => {
  test('given the instance, when chains are asked to any resource, then the four-hop path to the prefix is found', () => {
    const paths = chains(index, instId, undefined, { maxDepth: 6 });
    assert.deepEqual(
      paths.map((x) => x.nodes),
      [[instId, p.arn, appRole.arn, dataRole.arn, prefix]],
    );
    assert.equal(paths[0]?.edges.length, 4);
  });

  test('given a depth bound shorter than the chain, when asked, then nothing is found', () => {
    assert.deepEqual(chains(index, instId, undefined, { maxDepth: 3 }), []);
  });

  test('given a role that can assume itself and a two-role cycle, when chains are walked, then every path is simple and the walk ends', () => {
    const paths = chains(index, loopB.arn, undefined, { maxDepth: 10 });
    assert.ok(paths.length >= 1);
    for (const path of paths) assert.equal(new Set(path.nodes).size, path.nodes.length);
    assert.ok(paths.some((x) => x.nodes.join(' ') === [loopB.arn, loopA.arn, prefix].join(' ')));
  });

  test('given a target prefix, when the walk reaches the whole bucket, then that path counts too', () => {
    const viaAdmin = chains(index, `account:${B}`, prefix, { maxDepth: 4 });
    assert.ok(viaAdmin.some((x) => x.nodes.at(-1) === lakeArn));
  });
});

describe('blastRadius', () => {
  test('given the prefix, when asked, then the instance chain, the bucket-wide admin and the cycle roles are in it', () => {
    const r = blastRadius(index, prefix);
    const ids = new Set(r.principals.map((n) => n.id));
    for (const id of [dataRole.arn, appRole.arn, p.arn, instId, adminRole.arn, loopA.arn, loopB.arn])
      assert.ok(ids.has(id), id);
    assert.ok(r.paths.some((x) => x.nodes[0] === instId && x.nodes.at(-1) === prefix));
    for (const path of r.paths) assert.equal(new Set(path.nodes).size, path.nodes.length);
  });
});

describe('reachable', () => {
  test('given the instance role, when asked, then it reaches the data role and the prefix with read and write', () => {
    const r = reachable(index, appRole.arn);
    assert.ok(r.definite.includes(dataRole.arn));
    const res = r.resources.find((x) => x.node.id === prefix);
    assert.deepEqual(res?.access, ['read', 'write']);
  });

  test('given a cycle, when reachability is asked, then each role appears once', () => {
    const r = reachable(index, loopB.arn);
    const ids = r.nodes.map((n) => n.id);
    assert.equal(new Set(ids).size, ids.length);
    assert.ok(ids.includes(loopA.arn));
  });
});

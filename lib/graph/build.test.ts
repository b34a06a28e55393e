import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { buildGraph } from './build';
import {
  A,
  allow,
  B,
  bucket,
  doc,
  EXT,
  externalId,
  instance,
  profile,
  role,
  roleArn,
  snapshotOf,
  trustAws,
  trustService,
  user,
  userArn,
} from './testkit';
import type { GraphEdge, RoleGraph } from './types';
import { edgeId } from './types';

const edge = (g: RoleGraph, kind: GraphEdge['kind'], source: string, target: string): GraphEdge | undefined =>
  g.edges.find((e) => e.id === edgeId(kind, source, target));

describe('buildGraph: instance → profile → role', () => {
  const appRole = role(A, 'app-instance-role', doc(trustService('ec2.amazonaws.com')));
  const ecsRole = role(A, 'copied-task-role', doc(trustService('ecs-tasks.amazonaws.com')));
  const appProfile = profile(A, 'app-instance-profile', [appRole.arn]);
  const ecsProfile = profile(A, 'copied-task-profile', [ecsRole.arn]);
  const orphan = profile(A, 'orphan-profile', [roleArn(A, 'deleted-role')]);
  const g = buildGraph(
    snapshotOf({
      roles: [appRole, ecsRole],
      instanceProfiles: [appProfile, ecsProfile, orphan],
      instances: [instance(A, 'i-0123456789abcdef0', appProfile.arn), instance(A, 'i-0fedcba9876543210')],
    }),
  );
  const instanceId = `arn:aws:ec2:us-west-2:${A}:instance/i-0123456789abcdef0`;

  test('given an instance with a profile, when built, then has-profile links them and runs-as is allowed by the ec2 trust', () => {
    assert.ok(edge(g, 'has-profile', instanceId, appProfile.arn));
    const runs = edge(g, 'runs-as', appProfile.arn, appRole.arn);
    assert.equal(runs?.decision, 'Allow');
    assert.ok(runs?.reasons?.some((r) => r.policy.kind === 'trust' && r.outcome === 'applies'));
  });

  test('given a profile whose role trusts only ecs-tasks, when built, then runs-as is an implicit deny naming the trust', () => {
    const runs = edge(g, 'runs-as', ecsProfile.arn, ecsRole.arn);
    assert.equal(runs?.decision, 'ImplicitDeny');
    assert.ok(runs?.reasons?.some((r) => r.policy.kind === 'trust' && r.outcome === 'missing'));
  });

  test('given roles whose MaxSessionDuration is known or unknown, when built, then only a known limit is on the card', () => {
    const known = {
      ...role(A, 'long-role', doc(trustService('ec2.amazonaws.com'))),
      maxSessionDuration: 43200,
    };
    const unknown = {
      ...role(A, 'unlisted-role', doc(trustService('ec2.amazonaws.com'))),
      maxSessionDurationKnown: false as const,
    };
    const built = buildGraph(snapshotOf({ roles: [known, unknown] }));
    const meta = (arn: string) => built.nodes.find((n) => n.id === arn)?.meta;
    assert.equal(meta(known.arn)?.maxSessionDuration, 43200);
    assert.ok(meta(unknown.arn), 'the role has a card');
    assert.equal('maxSessionDuration' in meta(unknown.arn)!, false, 'no invented 3600 on the card');
  });

  test('given a profile that holds a deleted role, when built, then runs-as points at an absent principal', () => {
    const runs = edge(g, 'runs-as', orphan.arn, roleArn(A, 'deleted-role'));
    assert.equal(runs?.decision, 'ImplicitDeny');
    const node = g.nodes.find((n) => n.id === roleArn(A, 'deleted-role'));
    assert.equal(node?.meta?.absentFromSnapshot, true);
  });

  test('given an instance without a profile, when built, then its node says so and it has no edge', () => {
    const id = `arn:aws:ec2:us-west-2:${A}:instance/i-0fedcba9876543210`;
    assert.equal(g.nodes.find((n) => n.id === id)?.meta?.noProfile, true);
    assert.equal(g.edges.filter((e) => e.source === id).length, 0);
  });
});

describe('buildGraph: assume edges', () => {
  const source = role(A, 'etl-role', doc(trustService('ec2.amazonaws.com')), [
    doc(allow('sts:AssumeRole', [roleArn(B, 'lake-s3-role'), roleArn(B, 'lake-root-trust-role')])),
  ]);
  const target = role(B, 'lake-s3-role', doc(trustAws(source.arn, externalId('etl-external-id'))));
  const rootTrust = role(B, 'lake-root-trust-role', doc(trustAws(`arn:aws:iam::${B}:root`)));
  const noGrant = role(A, 'metrics-role', doc(trustService('ec2.amazonaws.com')));
  const trustsNoGrant = role(B, 'checkpoint-role', doc(trustAws(noGrant.arn)));
  const alice = user(A, 'alice');
  const sameAccount = role(A, 'alice-role', doc(trustAws(alice.arn)));
  const vendor = role(B, 'vendor-role', doc(trustAws(`arn:aws:iam::${EXT}:root`)));
  const wide = role(
    B,
    'dropbox-role',
    doc(trustAws('*', { Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } })),
  );
  const admin = role(A, 'admin-role', doc(trustService('ec2.amazonaws.com')), [doc(allow('*', '*'))]);
  const oidc = role(
    B,
    'deploy-role',
    doc({
      Effect: 'Allow',
      Principal: { Federated: `arn:aws:iam::${B}:oidc-provider/token.actions.githubusercontent.com` },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/*' } },
    }),
  );
  const g = buildGraph(
    snapshotOf({
      roles: [source, target, rootTrust, noGrant, trustsNoGrant, sameAccount, vendor, wide, admin, oidc],
      users: [alice],
    }),
  );

  test('given a cross-account trust with an ExternalId and a matching grant, when built, then can-assume is Conditional on sts:ExternalId', () => {
    const e = edge(g, 'can-assume', source.arn, target.arn);
    assert.equal(e?.decision, 'Conditional');
    assert.equal(e?.trustMatch, 'role');
    assert.deepEqual(
      e?.openConditions?.map((c) => [c.key.toLowerCase(), c.values]),
      [['sts:externalid', ['etl-external-id']]],
    );
  });

  test('given a grant naming a role whose trust names only its own account, when built, then the edge is missing-trust', () => {
    const e = edge(g, 'missing-trust', source.arn, rootTrust.arn);
    assert.ok(e, 'missing-trust edge expected');
    assert.notEqual(e.decision, 'Allow');
    assert.ok(e.reasons?.some((r) => r.policy.kind === 'trust'));
    assert.equal(edge(g, 'can-assume', source.arn, rootTrust.arn), undefined);
  });

  test('given a cross-account trust naming a role that has no sts:AssumeRole grant, when built, then the edge is missing-permission', () => {
    const e = edge(g, 'missing-permission', noGrant.arn, trustsNoGrant.arn);
    assert.ok(e, 'missing-permission edge expected');
    assert.equal(e.decision, 'ImplicitDeny');
    assert.ok(e.reasons?.some((r) => r.policy.kind === 'identity' && r.outcome === 'missing'));
  });

  test('given a same-account trust naming a user directly, when built, then the user can assume without a grant of its own', () => {
    assert.equal(edge(g, 'can-assume', alice.arn, sameAccount.arn)?.decision, 'Allow');
  });

  test('given a trust naming an outside account, when built, then an external-account node can assume', () => {
    const e = edge(g, 'can-assume', `account:${EXT}`, vendor.arn);
    assert.equal(e?.decision, 'Allow');
    assert.equal(g.nodes.find((n) => n.id === `account:${EXT}`)?.kind, 'external-account');
  });

  test('given a trust to * narrowed by source IP, when built, then anonymous and wildcard-granted roles can assume conditionally', () => {
    assert.equal(edge(g, 'can-assume', 'anonymous', wide.arn)?.decision, 'Conditional');
    const viaAdmin = edge(g, 'can-assume', admin.arn, wide.arn);
    assert.equal(viaAdmin?.decision, 'Conditional');
    assert.equal(viaAdmin?.openConditions?.[0]?.key.toLowerCase(), 'aws:sourceip');
  });

  test('given a wildcard grant, when built, then it yields no missing-trust edges to roles that do not trust the holder', () => {
    assert.equal(g.edges.filter((e) => e.kind === 'missing-trust' && e.source === admin.arn).length, 0);
  });

  test('given an OIDC trust, when built, then the provider can assume via web identity, conditional on sub', () => {
    const e = edge(
      g,
      'can-assume',
      `arn:aws:iam::${B}:oidc-provider/token.actions.githubusercontent.com`,
      oidc.arn,
    );
    assert.equal(e?.decision, 'Conditional');
    assert.equal(e?.action, 'sts:AssumeRoleWithWebIdentity');
  });

  test('given a service trust, when built, then the service node can assume', () => {
    assert.equal(edge(g, 'can-assume', 'service:ec2.amazonaws.com', source.arn)?.decision, 'Allow');
  });
});

describe('buildGraph: can-access', () => {
  const lake = 'acme-lakehouse';
  const finance = 'acme-finance';
  const reader = role(A, 'reader-role', doc(trustService('ec2.amazonaws.com')), [
    doc(
      allow(['s3:GetObject', 's3:PutObject'], `arn:aws:s3:::${lake}/doris/*`),
      allow('s3:ListBucket', `arn:aws:s3:::${lake}`, {
        Condition: { StringLike: { 's3:prefix': ['doris/*', 'doris'] } },
      }),
    ),
  ]);
  const denied = role(A, 'denied-role', doc(trustService('ec2.amazonaws.com')), [
    doc(allow('s3:GetObject', `arn:aws:s3:::${finance}/*`)),
  ]);
  const financePolicy = doc({
    Effect: 'Deny',
    Principal: { AWS: denied.arn },
    Action: 's3:*',
    Resource: [`arn:aws:s3:::${finance}`, `arn:aws:s3:::${finance}/*`],
  });
  const g = buildGraph(
    snapshotOf({ roles: [reader, denied], buckets: [bucket(A, lake), bucket(A, finance, financePolicy)] }),
  );

  test('given read/write on a prefix and a list conditioned on it, when built, then can-access to the prefix node is list+read+write', () => {
    const e = edge(g, 'can-access', reader.arn, `s3://${lake}/doris/`);
    assert.equal(e?.decision, 'Allow');
    assert.deepEqual(e?.access, ['list', 'read', 'write']);
    assert.equal(g.nodes.find((n) => n.id === `s3://${lake}/doris/`)?.kind, 'bucket-prefix');
  });

  test('given a bucket policy that denies the role by name, when built, then can-access is an explicit deny with no access', () => {
    const e = edge(g, 'can-access', denied.arn, `arn:aws:s3:::${finance}`);
    assert.equal(e?.decision, 'ExplicitDeny');
    assert.deepEqual(e?.access, []);
    assert.ok(e?.reasons?.some((r) => r.policy.kind === 'resource' && r.effect === 'Deny'));
  });

  test('given edges whose reasons are built on first read, when serialised, cloned or spread, then each copy carries the same reasons in the same key order', () => {
    const fresh = buildGraph(
      snapshotOf({ roles: [reader, denied], buckets: [bucket(A, lake), bucket(A, finance, financePolicy)] }),
    );
    const e = edge(fresh, 'can-access', denied.arn, `arn:aws:s3:::${finance}`);
    assert.ok(e);
    const json = JSON.parse(JSON.stringify(e)) as GraphEdge;
    const clone = structuredClone(e);
    const spread = { ...e };
    assert.deepEqual(Object.keys(json), ['id', 'kind', 'source', 'target', 'decision', 'reasons', 'access']);
    assert.ok(json.reasons?.some((r) => r.policy.kind === 'resource' && r.effect === 'Deny'));
    assert.deepEqual(clone.reasons, json.reasons);
    assert.deepEqual(spread.reasons, json.reasons);
    assert.equal(e.reasons, e.reasons, 'built once, then the same array');
    assert.deepEqual(Object.getOwnPropertySymbols(spread), [], 'the lazy source stays hidden');
    assert.deepStrictEqual(spread, { ...json, reasons: e.reasons });
    e.reasons = [];
    assert.deepEqual(e.reasons, [], 'a set value is read back as set');
  });
});

describe('buildGraph: can-access to Glue', () => {
  const glueBase = `arn:aws:glue:us-west-2:${A}`;
  const analyst = role(A, 'sales-analyst-role', doc(trustService('ec2.amazonaws.com')), [
    doc(
      allow(
        ['glue:GetDatabases', 'glue:GetTable', 'glue:GetTables'],
        [`${glueBase}:catalog`, `${glueBase}:database/sales`, `${glueBase}:table/sales/*`],
      ),
    ),
  ]);
  const g = buildGraph(snapshotOf({ roles: [analyst], glueCatalogs: [{ account: A, region: 'us-west-2' }] }));

  test('given table reads granted in one database, when built, then the database node is readable and the catalog only listable', () => {
    const db = edge(g, 'can-access', analyst.arn, `${glueBase}:database/sales`);
    assert.deepEqual(db?.access, ['list', 'read']);
    assert.equal(g.nodes.find((n) => n.id === `${glueBase}:database/sales`)?.kind, 'glue-database');
    assert.deepEqual(edge(g, 'can-access', analyst.arn, `${glueBase}:catalog`)?.access, ['list']);
  });
});

describe('buildGraph: CloudTrail overlay', () => {
  const r = role(A, 'app-role', doc(trustService('ec2.amazonaws.com')));
  const t = role(B, 'target-role', doc(trustAws(r.arn)));
  const p = profile(A, 'app-profile', [r.arn]);
  const snap = snapshotOf({
    roles: [r, t],
    instanceProfiles: [p],
    instances: [instance(A, 'i-0aaaabbbbccccdddd', p.arn)],
  });

  test('given two OIDC subjects on main of different repositories and no provider recorded, then their nodes are labelled apart', () => {
    const seen = (sub: string) => ({
      caller: `oidc:${sub}`,
      role: t.arn,
      outcome: 'success' as const,
      count: 1,
      firstSeen: '2026-11-01T00:00:00Z',
      lastSeen: '2026-11-01T00:00:00Z',
    });
    const g = buildGraph(snap, {
      observations: [
        seen('repo:acme-data/dbt-models:ref:refs/heads/main'),
        seen('repo:acme-data/lakehouse-dags:ref:refs/heads/main'),
      ],
    });
    const labels = g.nodes.filter((n) => n.id.startsWith('oidc:')).map((n) => n.label);
    assert.deepEqual(labels.sort(), [
      'acme-data/dbt-models · ref main',
      'acme-data/lakehouse-dags · ref main',
    ]);
  });

  test('given observations from an instance session, a role session and a user, when built, then observed and denied-attempt edges are merged per caller', () => {
    const g = buildGraph(snap, {
      observations: [
        {
          caller: `arn:aws:sts::${A}:assumed-role/app-role/i-0aaaabbbbccccdddd`,
          role: t.arn,
          outcome: 'success',
          count: 3,
          firstSeen: '2026-11-01T00:00:00Z',
          lastSeen: '2026-11-02T00:00:00Z',
        },
        {
          caller: `arn:aws:sts::${A}:assumed-role/app-role/i-0aaaabbbbccccdddd`,
          role: t.arn,
          outcome: 'success',
          count: 2,
          firstSeen: '2026-10-30T00:00:00Z',
          lastSeen: '2026-11-01T00:00:00Z',
        },
        {
          caller: `arn:aws:sts::${A}:assumed-role/app-role/batch-job`,
          role: t.arn,
          outcome: 'denied',
          count: 1,
          firstSeen: '2026-11-03T00:00:00Z',
          lastSeen: '2026-11-03T00:00:00Z',
        },
        {
          caller: userArn(EXT, 'mallory'),
          role: t.arn,
          outcome: 'error',
          count: 4,
          firstSeen: '2026-11-04T00:00:00Z',
          lastSeen: '2026-11-05T00:00:00Z',
        },
      ],
    });
    const inst = `arn:aws:ec2:us-west-2:${A}:instance/i-0aaaabbbbccccdddd`;
    assert.deepEqual(edge(g, 'observed', inst, t.arn)?.observation, {
      count: 5,
      firstSeen: '2026-10-30T00:00:00Z',
      lastSeen: '2026-11-02T00:00:00Z',
    });
    assert.equal(edge(g, 'denied-attempt', r.arn, t.arn)?.outcome, 'denied');
    const outside = edge(g, 'denied-attempt', userArn(EXT, 'mallory'), t.arn);
    assert.equal(outside?.outcome, 'error');
    assert.equal(g.nodes.find((n) => n.id === userArn(EXT, 'mallory'))?.kind, 'external-principal');
  });
});

describe('buildGraph: invariants on arbitrary snapshots', () => {
  const trusts = [
    doc(trustService('ec2.amazonaws.com')),
    doc(trustAws(`arn:aws:iam::${A}:root`)),
    doc(trustAws(roleArn(A, 'r0'), externalId('x'))),
    doc(trustAws(roleArn(B, 'r1'))),
    doc(trustAws('*', { Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-x' } } })),
    doc(trustAws('AROAABCDEFGHIJKLMNOP')),
    doc({ Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole' }, trustAws(roleArn(A, 'r2'))),
    'not a policy',
    null,
    { Statement: 'nonsense' },
  ];
  const grants = [
    doc(allow('sts:AssumeRole', '*')),
    doc(allow('sts:AssumeRole', roleArn(B, 'r3'))),
    doc(allow('sts:AssumeRole', `arn:aws:iam::${B}:role/r*`)),
    doc(allow(['s3:GetObject', 's3:PutObject'], 'arn:aws:s3:::b0/p/*')),
    doc(allow('s3:*', '*')),
    doc(allow('glue:*', `arn:aws:glue:us-west-2:${B}:database/d`)),
    '%7B%22broken',
  ];

  test('given random roles over valid and broken policies, when built, then it never throws, ids are unique and every edge joins two nodes', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.boolean(),
            fc.nat(trusts.length - 1),
            fc.array(fc.nat(grants.length - 1), { maxLength: 3 }),
          ),
          { minLength: 1, maxLength: 8 },
        ),
        (specs) => {
          const roles = specs.map(([inB, t, gs], i) =>
            role(
              inB ? B : A,
              `r${i}`,
              trusts[t],
              gs.map((x) => grants[x]),
            ),
          );
          const g = buildGraph(snapshotOf({ roles, buckets: [bucket(B, 'b0')] }));
          const ids = new Set(g.nodes.map((n) => n.id));
          assert.equal(ids.size, g.nodes.length);
          assert.equal(new Set(g.edges.map((e) => e.id)).size, g.edges.length);
          for (const e of g.edges) {
            assert.ok(ids.has(e.source) && ids.has(e.target), e.id);
            if (e.kind === 'can-assume')
              assert.ok(e.decision === 'Allow' || e.decision === 'Conditional', e.id);
            if (e.kind === 'missing-trust' || e.kind === 'missing-permission')
              assert.ok(e.decision === 'ImplicitDeny' || e.decision === 'ExplicitDeny', e.id);
          }
        },
      ),
      { numRuns: 150, seed: 20261122 },
    );
  });
});

/**
 * The graph and the chain check on the embedded demo organisation (demo/README.md), read through the
 * same readers as users' files, with its CloudTrail overlaid.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import type { Snapshot } from '../model';
import { observationsFromEvents } from '../findings/observations';
import { loadDemo } from '../sources/demo';
import { buildGraph } from './build';
import { checkChain, checkPlan } from './check';
import type { GraphIndex } from './query';
import { blastRadius, chains, indexGraph } from './query';
import type { GraphEdge, RoleGraph } from './types';
import { edgeId } from './types';

const P = (n: string): string => `arn:aws:iam::111111111111:role/${n}`;
const L = (n: string): string => `arn:aws:iam::222222222222:role/${n}`;
const profile = (n: string): string => `arn:aws:iam::111111111111:instance-profile/${n}`;
const LAKE = 'rolechain-demo-lakehouse';
const GLUE = 'arn:aws:glue:us-west-2:222222222222:catalog';

let snapshot: Snapshot;
let graph: RoleGraph;
let index: GraphIndex;
const edge = (kind: GraphEdge['kind'], s: string, t: string): GraphEdge | undefined =>
  index.edges.get(edgeId(kind, s, t));
const instancesOf = (p: string): string[] =>
  (index.in.get(p) ?? []).filter((e) => e.kind === 'has-profile').map((e) => e.source);

before(async () => {
  const demo = await loadDemo(join(process.cwd(), 'demo'));
  snapshot = demo.snapshot;
  graph = buildGraph(snapshot, { observations: observationsFromEvents(demo.events) });
  index = indexGraph(graph);
});

describe('demo graph: working chains', () => {
  test('given the Doris cluster, when built, then instance → profile → instance role → doris-s3-role (ExternalId) → doris/ prefix read+write', () => {
    for (const side of ['fe', 'be']) {
      const prof = profile(`doris-${side}-instance-profile`);
      assert.equal(instancesOf(prof).length, 3);
      assert.equal(edge('runs-as', prof, P(`doris-${side}-instance-role`))?.decision, 'Allow');
      const assume = edge('can-assume', P(`doris-${side}-instance-role`), L('doris-s3-role'));
      assert.equal(assume?.decision, 'Conditional');
      assert.deepEqual(
        assume?.openConditions?.map((c) => [c.key, c.values]),
        [['sts:ExternalId', ['doris-external-id']]],
      );
    }
    const access = edge('can-access', L('doris-s3-role'), `s3://${LAKE}/doris/`);
    assert.ok(access?.access?.includes('read') && access.access.includes('write'));
    const paths = chains(
      index,
      instancesOf(profile('doris-fe-instance-profile'))[0] ?? '',
      `s3://${LAKE}/doris/`,
      { maxDepth: 6 },
    );
    assert.equal(paths.length, 1);
    assert.equal(paths[0]?.nodes.length, 5);
  });

  test('given StarRocks, when built, then its instance role reaches both the S3 and the Glue roles, and those the prefix and the catalog', () => {
    for (const r of ['s3_assumed_role', 'glue_assumed_role'])
      assert.equal(edge('can-assume', P('starrocks-instance-role'), L(r))?.decision, 'Conditional');
    assert.ok(edge('can-access', L('s3_assumed_role'), `s3://${LAKE}/starrocks/`)?.access?.includes('write'));
    assert.ok(edge('can-access', L('glue_assumed_role'), GLUE)?.access?.includes('read'));
  });

  test('given CloudTrail, when overlaid, then the Doris instances are observed assuming doris-s3-role', () => {
    const observed = graph.edges.filter((e) => e.kind === 'observed' && e.target === L('doris-s3-role'));
    assert.ok(observed.length > 0);
    assert.ok(observed.every((e) => (e.observation?.count ?? 0) > 0));
  });
});

describe('demo graph: broken and risky cases', () => {
  test('given the broken cases, when built, then each has its edge kind', () => {
    assert.ok(edge('missing-trust', P('spark-etl-instance-role'), L('spark-etl-s3-role')));
    assert.ok(edge('missing-permission', P('flink-instance-role'), L('flink-checkpoint-role')));
    assert.equal(
      edge('runs-as', profile('kafka-connect-instance-profile'), P('kafka-connect-instance-role'))?.decision,
      'ImplicitDeny',
    );
    assert.equal(
      edge('can-access', L('airflow-s3-role'), 'arn:aws:s3:::rolechain-demo-finance-reports')?.decision,
      'ExplicitDeny',
    );
    assert.equal(index.nodes.get(L('presto-legacy-s3-role'))?.meta?.trustNamesDeletedPrincipal, true);
    const noProfile = graph.nodes.find(
      (n) => n.kind === 'instance' && n.meta?.instanceId === 'i-0ba8ea4118138c74a',
    );
    assert.equal(noProfile?.meta?.noProfile, true);
  });

  test('given the Trino ExternalId mismatch, when built with CloudTrail, then the trust is Conditional on trino-prod-7d2c and the attempts are denied', () => {
    const e = edge('can-assume', P('trino-instance-role'), L('trino-s3-role'));
    assert.deepEqual(e?.openConditions?.[0]?.values, ['trino-prod-7d2c']);
    assert.ok(graph.edges.some((x) => x.kind === 'denied-attempt' && x.target === L('trino-s3-role')));
  });

  test('given the risky trusts, when built, then the vendor account, * and the GitHub provider can assume with what holds them', () => {
    const vendor = edge('can-assume', 'account:444444444444', L('vendor-analytics-role'));
    assert.equal(vendor?.decision, 'Allow');
    assert.equal(index.nodes.get('account:444444444444')?.kind, 'external-account');
    assert.equal(
      edge('can-assume', 'anonymous', L('shared-dropbox-role'))?.openConditions?.[0]?.key,
      'aws:SourceIp',
    );
    const gh = edge(
      'can-assume',
      'arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com',
      L('github-actions-deploy-role'),
    );
    assert.equal(gh?.action, 'sts:AssumeRoleWithWebIdentity');
    assert.ok(gh?.openConditions?.some((c) => c.key.endsWith(':sub')));
  });

  test('given the lakehouse bucket, when its blast radius is asked, then it includes the vendor account and the Doris instances', () => {
    const r = blastRadius(index, `arn:aws:s3:::${LAKE}`);
    const ids = new Set(r.principals.map((n) => n.id));
    assert.ok(ids.has('account:444444444444'));
    assert.ok(ids.has(L('doris-s3-role')));
    assert.ok(r.paths.some((p) => p.nodes[0]?.includes(':instance/')));
  });
});

describe('demo chain check', () => {
  const base = { resource: `s3://${LAKE}/doris/backup/`, action: 's3:PutObject' };
  test('given each demo case, when checked, then the failing step is the one the case breaks', () => {
    const doris = checkChain(snapshot, {
      ...base,
      source: profile('doris-fe-instance-profile'),
      targetRole: L('doris-s3-role'),
      externalId: 'doris-external-id',
    });
    assert.equal(doris.ok, true);
    const cases: [string, Parameters<typeof checkChain>[1], number][] = [
      [
        'trino',
        {
          source: P('trino-instance-role'),
          targetRole: L('trino-s3-role'),
          resource: `s3://${LAKE}/trino/t.parquet`,
          action: 's3:GetObject',
          externalId: 'trino-external-id',
        },
        2,
      ],
      [
        'spark',
        {
          source: P('spark-etl-instance-role'),
          targetRole: L('spark-etl-s3-role'),
          resource: `s3://${LAKE}/spark/x`,
          action: 's3:GetObject',
        },
        2,
      ],
      [
        'flink',
        {
          source: P('flink-instance-role'),
          targetRole: L('flink-checkpoint-role'),
          resource: `s3://${LAKE}/flink/checkpoints/`,
          action: 's3:PutObject',
          externalId: 'flink-external-id',
        },
        1,
      ],
      [
        'airflow',
        {
          source: P('airflow-instance-role'),
          targetRole: L('airflow-s3-role'),
          resource: 's3://rolechain-demo-finance-reports/daily.csv',
          action: 's3:GetObject',
          externalId: 'airflow-external-id',
        },
        5,
      ],
      [
        'export',
        {
          source: P('batch-export-instance-role'),
          targetRole: L('export-s3-role'),
          resource: `s3://${LAKE}/exports/`,
          action: 's3:PutObject',
          externalId: 'export-external-id',
          durationSeconds: 7200,
        },
        3,
      ],
      [
        'kafka',
        {
          source: 'i-079dd8f0612d645fd',
          targetRole: L('doris-s3-role'),
          resource: `s3://${LAKE}/kafka/x`,
          action: 's3:PutObject',
        },
        1,
      ],
      [
        'doris-be-04',
        {
          source: 'i-0ba8ea4118138c74a',
          targetRole: L('doris-s3-role'),
          ...base,
          externalId: 'doris-external-id',
        },
        1,
      ],
    ];
    for (const [name, req, failing] of cases) {
      const c = checkChain(snapshot, req);
      assert.equal(c.steps.find((s) => s.status === 'fail')?.step, failing, name);
    }
  });

  test('given the SSE-KMS lakehouse, when the Doris role reads and legacy-report-user reads, then the key policy passes the role and stops the IAM user', () => {
    const key = 'arn:aws:kms:us-west-2:222222222222:key/6f1c2a9e-3b7d-4e25-9a0c-5d8e1f2b4c70';
    const doris = checkChain(snapshot, {
      source: profile('doris-fe-instance-profile'),
      targetRole: L('doris-s3-role'),
      externalId: 'doris-external-id',
      resource: `s3://${LAKE}/doris/part-0.parquet`,
      action: 's3:GetObject',
    });
    assert.equal(doris.ok, true);
    assert.equal(doris.resolved.kmsKey, key);
    const legacy = checkPlan(snapshot, {
      source: 'arn:aws:iam::222222222222:user/legacy-report-user',
      resource: `s3://${LAKE}/reports/2026-11.csv`,
      actions: ['s3:GetObject'],
    });
    const five = legacy.steps.find((s) => s.step === 5);
    assert.equal(legacy.steps.find((s) => s.step === 4)?.status, 'pass');
    assert.equal(five?.status, 'fail');
    assert.ok(
      five?.reasons.some((r) => r.statement?.sid === 'OnlyRolesDecryptLakehouseData'),
      JSON.stringify(five),
    );
  });

  test('given the demo list-roles files, when export-s3-role is asked for 7200 s, then its real limit (43200) is known and only role chaining fails step 3', () => {
    const exportRole = snapshot.roles.find((r) => r.arn === L('export-s3-role'));
    assert.equal(exportRole?.maxSessionDuration, 43200);
    assert.equal(exportRole?.maxSessionDurationKnown, undefined);
    assert.deepEqual(
      snapshot.roles.filter((r) => r.maxSessionDurationKnown === false).map((r) => r.arn),
      [],
      'every collected account has its list-roles file',
    );
    const req = {
      source: P('batch-export-instance-role'),
      targetRole: L('export-s3-role'),
      resource: `s3://${LAKE}/exports/`,
      action: 's3:PutObject',
      externalId: 'export-external-id',
      durationSeconds: 7200,
    };
    const chained = checkChain(snapshot, req).steps[2]!;
    assert.equal(chained.status, 'fail');
    assert.equal(chained.reasons.length, 1);
    assert.match(chained.reasons[0]!.message, /role chaining/);
    // Without chaining (credentials straight from a user, say) 7200 s fit the role's own limit.
    const direct = checkChain(snapshot, { ...req, roleChaining: false }).steps[2]!;
    assert.equal(direct.status, 'pass');
    assert.match(direct.reasons[0]!.message, /7200 s fits MaxSessionDuration 43200 s/);
  });
});

/**
 * The demo organisation (demo/README.md, "Demo cases"): every broken and risky case produces its
 * finding, the working chains produce none, and nothing else is reported.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { buildGraph } from '../graph';
import { loadDemo } from '../sources/demo';
import { computeFindings } from './index';
import { observationsFromEvents } from './observations';
import type { Finding } from './types';

const P = 'arn:aws:iam::111111111111:role/';
const L = 'arn:aws:iam::222222222222:role/';
const pair = (a: string, b: string): string => `${P}${a}->${L}${b}`;

/** Demo case → the ids of the findings it must produce (`rule:subject`). */
const EXPECTED: Record<string, string[]> = {
  'broken-missing-trust': [
    `missing-trust:${pair('spark-etl-instance-role', 'spark-etl-s3-role')}`,
    `denied-attempt:${pair('spark-etl-instance-role', 'spark-etl-s3-role')}#trust`,
  ],
  'broken-missing-permission': [
    `missing-permission:${pair('flink-instance-role', 'flink-checkpoint-role')}`,
    `denied-attempt:${pair('flink-instance-role', 'flink-checkpoint-role')}#permission`,
  ],
  'broken-external-id-mismatch': [
    `external-id-mismatch:${pair('trino-instance-role', 'trino-s3-role')}`,
    `denied-attempt:${pair('trino-instance-role', 'trino-s3-role')}#external-id`,
  ],
  'broken-deleted-principal': [
    `deleted-principal-in-trust:${L}presto-legacy-s3-role#AROAYJQLGOSYNMEL56FX6`,
    'instance-profile-without-role:arn:aws:iam::111111111111:instance-profile/presto-instance-profile',
    `unused-role:${L}presto-legacy-s3-role`,
  ],
  'broken-bucket-policy-deny': [
    `bucket-policy-denies-role:${L}airflow-s3-role->s3://rolechain-demo-finance-reports`,
  ],
  'broken-chained-duration': [
    `role-chaining-duration:${pair('batch-export-instance-role', 'export-s3-role')}`,
    `denied-attempt:${pair('batch-export-instance-role', 'export-s3-role')}#duration`,
  ],
  'broken-instance-trust-no-ec2': [`instance-role-trust-lacks-ec2:${P}kafka-connect-instance-role`],
  'broken-instance-without-profile': ['instance-without-profile:i-0ba8ea4118138c74a'],
  'risky-vendor-no-external-id': [
    `cross-account-no-external-id:${L}vendor-analytics-role#arn:aws:iam::444444444444:root`,
  ],
  'risky-wildcard-trust': [`broad-trust:${L}shared-dropbox-role#0:*`],
  'risky-github-oidc-wide-sub': [
    `oidc-weak-subject:${L}github-actions-deploy-role#arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com`,
  ],
  'risky-user-access-keys': ['long-lived-user-keys:arn:aws:iam::222222222222:user/legacy-report-user'],
  'risky-unused-role': [`unused-role:${L}legacy-backup-role`],
  // A same-organisation trust without ExternalId: reported, at low severity.
  'chain-source-identity': [`cross-account-no-external-id:${L}lakehouse-admin-role#${P}data-engineer-role`],
  // IRSA: the FE's service account is in `starrocks`, the trust's sub names `default` (never used since).
  'broken-eks-irsa-sub': [
    `workload-role-denied:k8s:arn:aws:eks:us-west-2:111111111111:cluster/starrocks-eks/starrocks/starrocks-fe#${L}starrocks-eks-glue-role`,
    `unused-role:${L}starrocks-eks-glue-role`,
  ],
  // The operator and the namespace's default service account have no role: their pods run as the node's.
  'eks-starrocks-irsa': ['pods-on-node-role:arn:aws:eks:us-west-2:111111111111:cluster/starrocks-eks'],
  'ecs-spark-history': [],
  'lambda-partition-repair': [],
  'glue-compaction': [],
  'working-doris': [],
  'working-starrocks': [],
  'security-saml-admin': [],
  'security-org-audit': [],
};

describe('findings on the demo organisation', () => {
  let findings: Finding[] = [];
  const byId = (id: string): Finding => {
    const f = findings.find((x) => x.id === id);
    assert.ok(f, `missing finding ${id}`);
    return f;
  };

  before(async () => {
    const demo = await loadDemo();
    const graph = buildGraph(demo.snapshot, { observations: observationsFromEvents(demo.events) });
    findings = computeFindings({ snapshot: demo.snapshot, graph, events: demo.events });
  });

  it('given the demo, when analysed, then every case produces exactly its findings and nothing else is reported', () => {
    const expected = Object.values(EXPECTED).flat().sort();
    assert.deepEqual(findings.map((f) => f.id).sort(), expected);
  });

  it('given the working chains, when analysed, then no finding names their roles', () => {
    const working = [
      'doris-fe-instance-role',
      'doris-be-instance-role',
      'doris-s3-role',
      'starrocks-instance-role',
      's3_assumed_role',
      'glue_assumed_role',
      'starrocks-eks-s3-role',
      'spark-history-task-role',
      'spark-history-s3-role',
      'ecsTaskExecutionRole',
      'partition-repair-lambda-role',
      'glue-compaction-role',
      'AcmeOktaAdmin',
      'org-audit',
    ];
    for (const f of findings)
      for (const w of working) assert.ok(!f.nodes.some((n) => n.endsWith(`/${w}`)), `${f.id} names ${w}`);
  });

  it('given the broken chains, when their fixes are re-checked, then the failing step passes and nothing else opens', () => {
    const after: [string, string][] = [
      [`missing-trust:${pair('spark-etl-instance-role', 'spark-etl-s3-role')}`, 'Allow'],
      [`missing-permission:${pair('flink-instance-role', 'flink-checkpoint-role')}`, 'Conditional'],
      [`external-id-mismatch:${pair('trino-instance-role', 'trino-s3-role')}`, 'Allow'],
      [`bucket-policy-denies-role:${L}airflow-s3-role->s3://rolechain-demo-finance-reports`, 'Conditional'],
      [`instance-role-trust-lacks-ec2:${P}kafka-connect-instance-role`, 'Allow'],
      ['instance-without-profile:i-0ba8ea4118138c74a', 'Allow'],
    ];
    for (const [id, decision] of after) {
      const r = byId(id).fix?.recheck;
      assert.ok(r, id);
      assert.ok(r.before === 'ImplicitDeny' || r.before === 'ExplicitDeny', `${id} before ${r.before}`);
      assert.equal(r.after, decision, id);
      assert.deepEqual(r.openedElsewhere, [], id);
    }
  });

  it('given the risky trusts, when their fixes are re-checked, then the outsider is shut out and the callers CloudTrail shows keep access', () => {
    const wildcard = byId(`broad-trust:${L}shared-dropbox-role#0:*`).fix;
    assert.deepEqual([wildcard?.recheck?.before, wildcard?.recheck?.after], ['Allow', 'ImplicitDeny']);
    // Naming the vendor's account alone would be a confused deputy (cross-account-no-external-id, high):
    // the fix offered binds it with an ExternalId, and re-running every rule shows nothing high comes in.
    const bound = wildcard?.addStatement as { Principal: unknown; Condition: { StringEquals: unknown } };
    assert.deepEqual(bound.Principal, { AWS: 'arn:aws:iam::444444444444:root' });
    assert.deepEqual(bound.Condition.StringEquals, {
      'sts:ExternalId': 'shared-dropbox-role-444444444444',
    });
    const diff = wildcard?.recheck?.findings;
    assert.ok(diff?.removed.some((c) => c.id === `broad-trust:${L}shared-dropbox-role#0:*`));
    assert.deepEqual(
      diff?.added.filter((c) => c.severity === 'high' || c.severity === 'critical'),
      [],
    );
    const vendor = byId(
      `cross-account-no-external-id:${L}vendor-analytics-role#arn:aws:iam::444444444444:root`,
    ).fix;
    assert.deepEqual([vendor?.recheck?.before, vendor?.recheck?.after], ['Allow', 'Conditional']);
    const oidc = byId(
      `oidc-weak-subject:${L}github-actions-deploy-role#arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com`,
    ).fix;
    assert.deepEqual([oidc?.recheck?.before, oidc?.recheck?.after], ['Allow', 'ImplicitDeny']);
    assert.deepEqual(oidc?.recheck?.closedElsewhere, [
      'arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com sub=repo:acme-data/intern-sandbox:ref:refs/heads/try-deploy',
    ]);
    for (const f of findings) assert.deepEqual(f.fix?.recheck?.openedElsewhere ?? [], [], f.id);
  });

  it('given the denied attempts, when explained, then each names the failing step and links the finding behind it', () => {
    const trust = byId(`denied-attempt:${pair('spark-etl-instance-role', 'spark-etl-s3-role')}#trust`);
    assert.match(trust.message, /Step 2/);
    assert.deepEqual(trust.related, [
      `missing-trust:${pair('spark-etl-instance-role', 'spark-etl-s3-role')}`,
    ]);
    assert.ok((trust.evidence[0]?.eventIds?.length ?? 0) > 0);
    assert.match(
      byId(`denied-attempt:${pair('flink-instance-role', 'flink-checkpoint-role')}#permission`).message,
      /Step 1/,
    );
    assert.match(
      byId(`denied-attempt:${pair('trino-instance-role', 'trino-s3-role')}#external-id`).message,
      /trino-prod-7d2c; the call sent trino-external-id/,
    );
    assert.match(
      byId(`denied-attempt:${pair('batch-export-instance-role', 'export-s3-role')}#duration`).message,
      /Step 3: 7200 s/,
    );
  });
});

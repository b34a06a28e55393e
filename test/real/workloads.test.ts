/**
 * Workload entry points on the AWS CLI reference's own example outputs and the EKS User Guide's trust
 * policies (test/fixtures/real/workloads/README.md: sources, licences, and how each expectation was
 * derived by hand from the AWS documentation).
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { buildGraph } from '../../lib/graph';
import { role } from '../../lib/graph/testkit';
import type { Snapshot, Workload } from '../../lib/model';
import { coverageOf } from '../../lib/model';
import { computeFindings } from '../../lib/findings';
import { loadFromPaths } from '../../lib/sources/load';

const FIX = join(import.meta.dirname, '../fixtures/real/workloads');
const ACCT = '111122223333';
const TRUSTS = JSON.parse(readFileSync(join(FIX, 'eks-user-guide-trust-policies.json'), 'utf8')) as Record<
  'irsa' | 'podIdentity' | 'podIdentityScoped',
  { Statement: Record<string, unknown>[] }
>;
const ISSUER_HOST = 'oidc.eks.us-east-2.amazonaws.com/id/JSA79429HJDASKJDJ8223829MNDNASW';
const CLUSTER = `arn:aws:eks:us-east-2:${ACCT}:cluster/my-eks-cluster`;
const sa = (ns: string, name: string, cluster = CLUSTER): string => `k8s:${cluster}/${ns}/${name}`;

/** A service account of the User Guide's cluster whose name the IRSA trust's `sub` does not admit. */
const OTHER_SA: Workload = {
  kind: 'eks-service-account',
  id: sa('default', 'other'),
  name: 'default/other',
  account: ACCT,
  region: 'us-east-2',
  source: 'kubernetes',
  cluster: 'my-eks-cluster',
  namespace: 'default',
  serviceAccount: 'other',
  roles: [{ use: 'irsa', arn: `arn:aws:iam::${ACCT}:role/my-role` }],
};

let dir: string;
let loaded: Snapshot;
const place = (file: string, rel: string): void => {
  const to = join(dir, rel);
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(join(FIX, file), to);
};
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rolechain-workloads-'));
  place('eks-describe-cluster.json', `accounts/${ACCT}/eks/us-east-2/describe-cluster/my-eks-cluster.json`);
  place('kubectl-serviceaccounts.json', `accounts/${ACCT}/eks/us-east-2/serviceaccounts/my-eks-cluster.json`);
  place(
    'eks-list-pod-identity-associations.json',
    `accounts/${ACCT}/eks/us-west-2/list-pod-identity-associations.json`,
  );
  place(
    'eks-describe-pod-identity-association.json',
    `accounts/${ACCT}/eks/us-west-2/a-9njjin9gfghecgocd.json`,
  );
  place('lambda-list-functions.json', 'accounts/123456789012/lambda/us-west-2/list-functions.json');
  place('glue-get-job.json', `accounts/${ACCT}/glue/us-east-1/get-job.json`);
  place('emr-describe-cluster.json', `accounts/${ACCT}/emr/us-east-1/describe-cluster.json`);
  place('ecs-register-task-definition.json', 'accounts/123456789012/ecs/us-west-2/sleep360.json');
  loaded = (await loadFromPaths([dir])).snapshot;
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('describe-cluster gives the cluster and its OIDC issuer, from the ARN', () => {
  assert.deepEqual(loaded.eksClusters, [
    {
      name: 'my-eks-cluster',
      arn: CLUSTER,
      account: ACCT,
      region: 'us-east-2',
      oidcIssuer: `https://${ISSUER_HOST}`,
      roleArn: `arn:aws:iam::${ACCT}:role/eksctl-my-eks-cluster-cluster-ServiceRole-zMF6CBakwwbW`,
    },
  ]);
});

test('kubectl export: the annotated service account runs as its IRSA role, the other has none', () => {
  const byId = new Map((loaded.workloads ?? []).map((w) => [`${w.source}|${w.id}`, w]));
  assert.deepEqual(byId.get(`kubernetes|${sa('default', 'my-service-account')}`)?.roles, [
    { use: 'irsa', arn: `arn:aws:iam::${ACCT}:role/my-role` },
  ]);
  assert.deepEqual(byId.get(`kubernetes|${sa('default', 'default')}`)?.roles, []);
});

test('Pod Identity: the described association names its role; the two listed but not described leave the part partial', () => {
  const podCluster = `arn:aws:eks:us-west-2:${ACCT}:cluster/eks-customer`;
  const w = (loaded.workloads ?? []).find((x) => x.id === sa('default', 'default', podCluster));
  assert.deepEqual(w?.roles, [{ use: 'pod-identity', arn: `arn:aws:iam::${ACCT}:role/my-role` }]);
  const part = coverageOf(loaded).find((p) => p.source === 'eks' && p.region === 'us-west-2');
  assert.equal(part?.state, 'partial');
  // One failure per file (the list), naming the associations not described.
  assert.equal(part?.failures[0]?.code, 'not-described');
  const notDescribed = loaded.warnings.filter((w) => w.code === 'association-not-described');
  assert.deepEqual(notDescribed.map((w) => /association (\S+ \S+)/.exec(w.message)?.[1]).sort(), [
    'eks-customer kube-system/coredns',
    'eks-customer kube-system/eks-customer',
  ]);
});

test('Lambda, Glue (role by name), EMR (profile by name, no service role), ECS (no roles)', () => {
  const ws = loaded.workloads ?? [];
  const lambda = ws.filter((w) => w.kind === 'lambda-function');
  assert.deepEqual(
    lambda.map((w) => [w.name, w.roles[0]?.arn]),
    [
      ['helloworld', 'arn:aws:iam::123456789012:role/service-role/MyTestFunction-role-zgur6bf4'],
      ['my-function', 'arn:aws:iam::123456789012:role/service-role/helloWorldPython-role-uy3l9qyq'],
      ['my-python-function', 'arn:aws:iam::123456789012:role/service-role/my-python-function-role-z5g7dr6n'],
    ],
  );
  const glue = ws.find((w) => w.kind === 'glue-job');
  assert.deepEqual(glue?.roles, [{ use: 'job', arn: `arn:aws:iam::${ACCT}:role/Glue_DefaultRole` }]);
  const emr = ws.find((w) => w.kind === 'emr-cluster');
  assert.deepEqual(emr?.roles, [
    { use: 'instance-profile', arn: `arn:aws:iam::${ACCT}:instance-profile/EMR_EC2_DefaultRole` },
  ]);
  const ecs = ws.find((w) => w.kind === 'ecs-task');
  assert.equal(ecs?.name, 'sleep360:2');
  assert.deepEqual(ecs?.roles, []);
});

/** The loaded workloads with roles whose trusts are the EKS User Guide's. */
function withRoles(trust: { Statement: Record<string, unknown>[] }, extra: Partial<Snapshot> = {}): Snapshot {
  return {
    ...loaded,
    roles: [role(ACCT, 'my-role', trust)],
    identityProviders: [
      { arn: `arn:aws:iam::${ACCT}:oidc-provider/${ISSUER_HOST}`, account: ACCT, kind: 'oidc' },
    ],
    ...extra,
  };
}
const findingsOf = (snapshot: Snapshot) =>
  computeFindings({ snapshot, graph: buildGraph(snapshot), events: [] });
const edge = (s: Snapshot, from: string) =>
  buildGraph(s).edges.find((e) => e.source === from && e.target === `arn:aws:iam::${ACCT}:role/my-role`);

test('IRSA: the User Guide trust admits system:serviceaccount:default:my-service-account, not another name', () => {
  const s = withRoles(TRUSTS.irsa, {
    workloads: [...(loaded.workloads ?? []), OTHER_SA],
  });
  const ok = edge(s, sa('default', 'my-service-account'));
  assert.equal(ok?.kind, 'runs-as');
  assert.equal(ok?.decision, 'Allow');
  assert.equal(ok?.action, 'sts:AssumeRoleWithWebIdentity');
  assert.equal(edge(s, sa('default', 'other'))?.decision, 'ImplicitDeny');
  // The broken sub is a finding whose fix admits exactly that service account and nothing else; so is
  // the Pod Identity association of the reference's example on the same role name, which an
  // IRSA-only trust does not admit (no pods.eks.amazonaws.com).
  const all = findingsOf(s).filter((x) => x.rule === 'workload-role-denied');
  assert.deepEqual(
    all.map((x) => x.nodes[0]).sort(),
    [
      sa('default', 'other'),
      sa('default', 'default', `arn:aws:eks:us-west-2:${ACCT}:cluster/eks-customer`),
    ].sort(),
  );
  const f = all.filter((x) => x.nodes[0] === sa('default', 'other'));
  assert.equal(f[0]?.fix?.recheck?.before, 'ImplicitDeny');
  assert.equal(f[0]?.fix?.recheck?.after, 'Allow');
  assert.deepEqual(f[0]?.fix?.recheck?.openedElsewhere, []);
  const cond = (f[0]?.fix?.addStatement as { Condition: { StringEquals: Record<string, string> } }).Condition;
  assert.equal(cond.StringEquals[`${ISSUER_HOST}:sub`], 'system:serviceaccount:default:other');
  // The cluster leads to the service account, the service account without a role to no node group (none read).
  const g = buildGraph(s);
  assert.ok(
    g.edges.some(
      (e) =>
        e.kind === 'has-profile' && e.source === CLUSTER && e.target === sa('default', 'my-service-account'),
    ),
  );
});

test('IRSA: StringLike sub "*" is a critical oidc-weak-subject finding; the User Guide trust none', () => {
  const wide = structuredClone(TRUSTS.irsa);
  wide.Statement[0]!.Condition = {
    StringEquals: { [`${ISSUER_HOST}:aud`]: 'sts.amazonaws.com' },
    StringLike: { [`${ISSUER_HOST}:sub`]: '*' },
  };
  const weak = findingsOf(withRoles(wide)).filter((f) => f.rule === 'oidc-weak-subject');
  assert.equal(weak.length, 1);
  assert.equal(weak[0]?.severity, 'critical');
  const pinned = findingsOf(withRoles(TRUSTS.irsa)).filter((f) => f.rule === 'oidc-weak-subject');
  assert.equal(pinned.length, 0);
});

test('IRSA: the provider missing from an account whose providers were read fully denies the step', () => {
  const s = withRoles(TRUSTS.irsa, {
    identityProviders: [],
    coverage: [
      ...coverageOf(loaded),
      {
        source: 'identity-providers',
        account: ACCT,
        state: 'complete',
        readAt: loaded.createdAt,
        failures: [],
      },
      { source: 'iam', account: ACCT, state: 'complete', readAt: loaded.createdAt, failures: [] },
    ],
  });
  assert.equal(edge(s, sa('default', 'my-service-account'))?.decision, 'ImplicitDeny');
  // Not read: the step is conditional, never Allow.
  const unknown = withRoles(TRUSTS.irsa, { identityProviders: [] });
  assert.equal(edge(unknown, sa('default', 'my-service-account'))?.decision, 'Conditional');
});

test('Pod Identity: the plain trust admits AssumeRole + TagSession; the scoped one only its service account', () => {
  const podSa = sa('default', 'default', `arn:aws:eks:us-west-2:${ACCT}:cluster/eks-customer`);
  assert.equal(edge(withRoles(TRUSTS.podIdentity), podSa)?.decision, 'Allow');
  // The documented scoped trust names the placeholders "Namespace" / "ServiceAccount": default/default is refused.
  assert.equal(edge(withRoles(TRUSTS.podIdentityScoped), podSa)?.decision, 'ImplicitDeny');
  const scoped = structuredClone(TRUSTS.podIdentityScoped);
  scoped.Statement[0]!.Condition = {
    StringEquals: {
      'aws:RequestTag/kubernetes-namespace': ['default'],
      'aws:RequestTag/kubernetes-service-account': ['default'],
    },
  };
  assert.equal(edge(withRoles(scoped), podSa)?.decision, 'Allow');
  // Without sts:TagSession EKS Auth's call fails.
  const noTag = structuredClone(TRUSTS.podIdentity);
  noTag.Statement[0]!.Action = 'sts:AssumeRole';
  const e = edge(withRoles(noTag), podSa);
  assert.equal(e?.decision, 'ImplicitDeny');
  assert.equal(e?.action, 'sts:TagSession');
});

test('the checker takes a pod as its source: the IRSA step first, then the five steps of the role', async () => {
  const { runCheck } = await import('../../lib/app/check');
  const s = withRoles(TRUSTS.irsa, {
    roles: [
      role(ACCT, 'my-role', TRUSTS.irsa, [
        {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::lake/*' }],
        },
      ]),
    ],
    buckets: [{ name: 'lake', account: ACCT }],
  });
  const ask = (source: string) =>
    runCheck(s, { source, resource: 's3://lake/data/part-0.parquet', action: 's3:GetObject' });
  const ok = ask(sa('default', 'my-service-account'));
  assert.ok(ok.ok, JSON.stringify(ok));
  const first = ok.value.chains[0]?.result?.steps[0];
  assert.equal(first?.status, 'pass');
  // default/default has no role of its own and no node group was read: no credentials, step 1 fails.
  const none = ask(sa('default', 'default'));
  assert.ok(none.ok);
  assert.equal(none.value.chains[0]?.result?.steps[0]?.status, 'fail');
  // A service account the trust's sub does not name: step 1 fails on the trust.
  const other = withRoles(TRUSTS.irsa);
  other.workloads = [...(other.workloads ?? []), OTHER_SA];
  const denied = runCheck(other, {
    source: sa('default', 'other'),
    resource: 's3://lake/x',
    action: 's3:GetObject',
  });
  assert.ok(denied.ok);
  assert.equal(denied.value.chains[0]?.result?.steps[0]?.status, 'fail');
  assert.equal(denied.value.verdict, 'broken');
});

test('a service account without IRSA or Pod Identity runs as its node group role: drawn to the node group, and reported', () => {
  const ng = `arn:aws:eks:us-east-2:${ACCT}:nodegroup/my-eks-cluster/ng-1/0a1b2c3d`;
  const s = withRoles(TRUSTS.irsa, {
    workloads: [
      ...(loaded.workloads ?? []),
      {
        kind: 'eks-node-group',
        id: ng,
        name: 'ng-1',
        account: ACCT,
        region: 'us-east-2',
        source: 'eks',
        cluster: 'my-eks-cluster',
        roles: [{ use: 'node', arn: `arn:aws:iam::${ACCT}:role/node` }],
      },
    ],
  });
  const g = buildGraph(s);
  assert.ok(
    g.edges.some((e) => e.kind === 'has-profile' && e.source === sa('default', 'default') && e.target === ng),
  );
  assert.ok(!g.edges.some((e) => e.source === sa('default', 'my-service-account') && e.target === ng));
  const f = findingsOf(s).filter((x) => x.rule === 'pods-on-node-role');
  assert.equal(f.length, 1);
  assert.match(f[0]?.message ?? '', /default\/default have no role of their own/);
  assert.doesNotMatch(f[0]?.message ?? '', /my-service-account/);
});

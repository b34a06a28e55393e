/**
 * Live collection of workloads through mocked SDK clients answering with the AWS CLI reference's
 * example outputs (fixtures/mock-workloads.ts): what lands in the snapshot, and what a missing
 * permission leaves (a part *not read*, never an empty estate).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildGraph } from '../../graph';
import { fakeCollection, partOf } from './fixtures/fake-collection';
import { MANAGEMENT } from './fixtures/mock-aws';

const fake = fakeCollection();
const collect = fake.collect;

const A = MANAGEMENT;
describe('collectWorkloads', () => {
  test('given each workload service answers, when collected, then clusters, pods, tasks, functions, jobs and EMR land with their roles', async () => {
    const s = await collect();
    assert.deepEqual(
      (s.eksClusters ?? []).map((c) => [c.arn, c.oidcIssuer]),
      [
        [
          `arn:aws:eks:us-east-1:${A}:cluster/my-eks-cluster`,
          'https://oidc.eks.us-east-1.amazonaws.com/id/JSA79429HJDASKJDJ8223829MNDNASW',
        ],
      ],
    );
    const roles = Object.fromEntries(
      (s.workloads ?? []).map((w) => [`${w.kind} ${w.name}`, w.roles.map((r) => `${r.use}=${r.arn}`)]),
    );
    assert.deepEqual(roles, {
      'eks-node-group ng-1': [`node=arn:aws:iam::${A}:role/app`],
      'eks-service-account default/default': [`pod-identity=arn:aws:iam::${A}:role/my-role`],
      // The revision a service runs (describe-services), older than its family's latest and inactive: read by its ARN.
      'ecs-task amazon-ecs-sample:1': [`task=arn:aws:iam::${A}:role/sample-task-role`],
      'ecs-task sleep360:2': [
        `task=arn:aws:iam::${A}:role/app`,
        `execution=arn:aws:iam::${A}:role/ecsTaskExecutionRole`,
      ],
      // Both pages of ListFunctions.
      'lambda-function helloworld': [
        `function=arn:aws:iam::${A}:role/service-role/MyTestFunction-role-zgur6bf4`,
      ],
      'lambda-function my-function': [
        `function=arn:aws:iam::${A}:role/service-role/helloWorldPython-role-uy3l9qyq`,
      ],
      'lambda-function my-python-function': [
        `function=arn:aws:iam::${A}:role/service-role/my-python-function-role-z5g7dr6n`,
      ],
      'glue-job my-testing-job': [`job=arn:aws:iam::${A}:role/Glue_DefaultRole`],
      'glue-crawler raw-crawler': [`crawler=arn:aws:iam::${A}:role/app`],
      'emr-cluster My Cluster': [
        `instance-profile=arn:aws:iam::${A}:instance-profile/EMR_EC2_DefaultRole`,
        `service=arn:aws:iam::${A}:role/EMR_DefaultRole`,
      ],
    });
    // Every workload part of both regions was read completely (eu-west-1: nothing there, and that is known).
    for (const source of ['eks', 'ecs', 'lambda', 'glue-jobs', 'emr'] as const)
      for (const region of ['us-east-1', 'eu-west-1'])
        assert.equal(partOf(s, source, { account: A, region })?.state, 'complete', `${source} ${region}`);
    // The ECS execution role is drawn apart from the task role: never a runs-as edge.
    const g = buildGraph(s);
    const task = `arn:aws:ecs:us-east-1:${A}:task-definition/sleep360:2`;
    assert.deepEqual(
      g.edges
        .filter((e) => e.source === task)
        .map((e) => [e.kind, e.target])
        .sort(),
      [
        ['runs-as', `arn:aws:iam::${A}:role/app`],
        ['service-role', `arn:aws:iam::${A}:role/ecsTaskExecutionRole`],
      ],
    );
  });

  test('given lambda:ListFunctions and eks:DescribePodIdentityAssociation are denied, when collected, then Lambda is not read and EKS partly, not empty', async () => {
    fake.aws().denyActions.add('lambda:ListFunctions');
    fake.aws().denyActions.add('eks:DescribePodIdentityAssociation');
    const s = await collect();
    assert.equal((s.workloads ?? []).filter((w) => w.kind === 'lambda-function').length, 0);
    const lambda = partOf(s, 'lambda', { region: 'us-east-1' });
    assert.equal(lambda?.state, 'not-read');
    assert.equal(lambda?.failures[0]?.call, 'lambda:ListFunctions');
    assert.match(lambda?.failures[0]?.code ?? '', /AccessDenied/);
    const eks = partOf(s, 'eks', { region: 'us-east-1' });
    assert.equal(eks?.state, 'partial');
    assert.ok(s.warnings.some((w) => /lambda:ListFunctions/.test(w.message)));
  });
});

describe('ECS revisions in use', () => {
  test('given ecs:ListClusters is denied, when collected, then the latest revisions are still read and ECS is partial, naming the call, not complete', async () => {
    fake.aws().denyActions.add('ecs:ListClusters');
    const s = await collect();
    const names = (s.workloads ?? []).filter((w) => w.kind === 'ecs-task').map((w) => w.name);
    assert.deepEqual(names, ['sleep360:2']);
    const ecs = partOf(s, 'ecs', { region: 'us-east-1' });
    assert.equal(ecs?.state, 'partial');
    assert.equal(ecs?.failures[0]?.call, 'ecs:ListClusters');
  });
});

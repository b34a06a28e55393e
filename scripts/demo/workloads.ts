/**
 * Workloads of the demo that run as a role without an instance profile of their own: StarRocks on
 * EKS (IRSA into the data-lake account, one service account's `sub` broken, the operator falling
 * back to the node role), an ECS task, a Lambda function and a Glue job — their roles, and their
 * files in the shapes the AWS CLI (and kubectl) print.
 */
import { LAKE, PLATFORM, REGION, roleArn } from './catalog';
import { allow, doc, trustService } from './policy';
import type { PolicyDoc, Statement } from './policy';
import { LAKE_BUCKET, glueCatalogRead, lake, prefixAccess } from './grants';
import type { RoleSpec } from './iam-types';

export const EKS_CLUSTER = 'starrocks-eks';
export const EKS_OIDC_ID = '5C2A8E1F0B7D4E9A8C3F6B1D2E4A7C90';
export const EKS_ISSUER_HOST = `oidc.eks.${REGION}.amazonaws.com/id/${EKS_OIDC_ID}`;
/** IRSA across accounts: the cluster's issuer is registered as a provider in the data-lake account. */
export const EKS_OIDC_ARN_LAKE = `arn:aws:iam::${LAKE}:oidc-provider/${EKS_ISSUER_HOST}`;
const NAMESPACE = 'starrocks';

const irsaTrust = (subject: string): PolicyDoc =>
  doc({
    Effect: 'Allow',
    Principal: { Federated: EKS_OIDC_ARN_LAKE },
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: {
      StringEquals: { [`${EKS_ISSUER_HOST}:aud`]: 'sts.amazonaws.com', [`${EKS_ISSUER_HOST}:sub`]: subject },
    },
  } satisfies Statement);

const base = { created: '2026-03-02T10:14:09+00:00', attached: [] as string[] };
export const WORKLOAD_ROLES: readonly RoleSpec[] = [
  {
    ...base,
    account: LAKE,
    name: 'starrocks-eks-s3-role',
    trust: irsaTrust(`system:serviceaccount:${NAMESPACE}:starrocks-cn`),
    inline: [{ name: 'starrocks-lakehouse-access', doc: prefixAccess('starrocks', true) }],
    tags: { 'managed-by': 'terraform', 'demo-case': 'eks-starrocks-irsa', Consumer: 'starrocks' },
    lastUsedDaysAgo: 0,
    lastUsedRegion: REGION,
    demoCase: 'eks-starrocks-irsa',
  },
  {
    ...base,
    account: LAKE,
    name: 'starrocks-eks-glue-role',
    // Written for the namespace the chart's default values use; the FE runs in `starrocks`.
    trust: irsaTrust('system:serviceaccount:default:starrocks-fe'),
    inline: [
      {
        name: 'starrocks-glue-catalog-read',
        doc: glueCatalogRead(['glue:GetPartition']),
      },
    ],
    tags: { 'managed-by': 'terraform', 'demo-case': 'broken-eks-irsa-sub', Consumer: 'starrocks' },
    demoCase: 'broken-eks-irsa-sub',
  },
  {
    ...base,
    account: PLATFORM,
    name: 'eks-node-group-starrocks-role',
    trust: doc(trustService('ec2.amazonaws.com')),
    inline: [],
    attached: [],
    tags: { 'managed-by': 'terraform', 'demo-case': 'eks-starrocks-irsa', Cluster: EKS_CLUSTER },
    lastUsedDaysAgo: 0,
    lastUsedRegion: REGION,
    demoCase: 'eks-starrocks-irsa',
  },
  {
    ...base,
    account: PLATFORM,
    name: 'spark-history-task-role',
    trust: doc({
      Effect: 'Allow',
      Principal: { Service: 'ecs-tasks.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'aws:SourceAccount': PLATFORM } },
    }),
    inline: [
      {
        name: 'assume-lake-reader',
        doc: doc(
          allow('sts:AssumeRole', roleArn(LAKE, 'spark-history-s3-role'), { Sid: 'AssumeLakeReader' }),
        ),
      },
    ],
    tags: { 'managed-by': 'terraform', 'demo-case': 'ecs-spark-history' },
    lastUsedDaysAgo: 1,
    lastUsedRegion: REGION,
    demoCase: 'ecs-spark-history',
  },
  {
    ...base,
    account: LAKE,
    name: 'spark-history-s3-role',
    trust: doc({
      Effect: 'Allow',
      Principal: { AWS: roleArn(PLATFORM, 'spark-history-task-role') },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'sts:ExternalId': 'spark-history-external-id' } },
    }),
    inline: [{ name: 'spark-event-logs-read', doc: prefixAccess('spark-events', false) }],
    tags: { 'managed-by': 'terraform', 'demo-case': 'ecs-spark-history' },
    lastUsedDaysAgo: 1,
    lastUsedRegion: REGION,
    demoCase: 'ecs-spark-history',
  },
  {
    ...base,
    account: PLATFORM,
    name: 'ecsTaskExecutionRole',
    trust: doc(trustService('ecs-tasks.amazonaws.com')),
    inline: [
      {
        name: 'pull-and-log',
        doc: doc(
          allow(
            [
              'ecr:GetAuthorizationToken',
              'ecr:BatchGetImage',
              'ecr:GetDownloadUrlForLayer',
              'logs:CreateLogStream',
              'logs:PutLogEvents',
            ],
            '*',
            { Sid: 'PullImagesWriteLogs' },
          ),
        ),
      },
    ],
    tags: { 'managed-by': 'terraform', 'demo-case': 'ecs-spark-history' },
    lastUsedDaysAgo: 1,
    lastUsedRegion: REGION,
    demoCase: 'ecs-spark-history',
  },
  {
    ...base,
    account: PLATFORM,
    name: 'partition-repair-lambda-role',
    trust: doc(trustService('lambda.amazonaws.com')),
    inline: [
      {
        name: 'glue-partitions',
        doc: doc(
          allow(
            ['glue:GetTable', 'glue:GetPartitions', 'glue:BatchCreatePartition'],
            [
              `arn:aws:glue:${REGION}:${PLATFORM}:catalog`,
              `arn:aws:glue:${REGION}:${PLATFORM}:database/*`,
              `arn:aws:glue:${REGION}:${PLATFORM}:table/*/*`,
            ],
            { Sid: 'RepairPartitions' },
          ),
        ),
      },
    ],
    tags: { 'managed-by': 'terraform', 'demo-case': 'lambda-partition-repair' },
    lastUsedDaysAgo: 0,
    lastUsedRegion: REGION,
    demoCase: 'lambda-partition-repair',
  },
  {
    ...base,
    account: LAKE,
    name: 'glue-compaction-role',
    trust: doc(trustService('glue.amazonaws.com')),
    inline: [
      {
        name: 'compaction-access',
        doc: doc(
          allow(['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], lake('warehouse/*'), { Sid: 'Objects' }),
          allow('s3:ListBucket', LAKE_BUCKET, { Sid: 'List' }),
        ),
      },
    ],
    tags: { 'managed-by': 'terraform', 'demo-case': 'glue-compaction' },
    lastUsedDaysAgo: 0,
    lastUsedRegion: REGION,
    demoCase: 'glue-compaction',
  },
];

/** `get-open-id-connect-provider` of the cluster's issuer, registered in the data-lake account. */
export const eksOidcProvider = {
  Url: EKS_ISSUER_HOST,
  ClientIDList: ['sts.amazonaws.com'],
  ThumbprintList: ['9e99a48a9960b14926bb7f3b02e22da2b0ab7280'],
  CreateDate: '2026-03-02T10:11:52.204000+00:00',
  Tags: [],
};

/** The workload files, by path under `accounts/`. */
export function workloadFiles(): Record<string, unknown> {
  const p = `accounts/${PLATFORM}`;
  const clusterArn = `arn:aws:eks:${REGION}:${PLATFORM}:cluster/${EKS_CLUSTER}`;
  const sa = (name: string, role?: string) => ({
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: {
      ...(role ? { annotations: { 'eks.amazonaws.com/role-arn': role } } : {}),
      creationTimestamp: '2026-03-02T10:20:11Z',
      name,
      namespace: NAMESPACE,
      resourceVersion: '1183',
      uid: `6f1c2e7a-0b3d-4c5e-9f8a-${name.length.toString().padStart(12, '0')}`,
    },
  });
  return {
    [`${p}/eks/${REGION}/describe-cluster/${EKS_CLUSTER}.json`]: {
      cluster: {
        name: EKS_CLUSTER,
        arn: clusterArn,
        createdAt: '2026-03-02T10:02:31.118000+00:00',
        version: '1.33',
        endpoint: `https://${EKS_OIDC_ID}.gr7.${REGION}.eks.amazonaws.com`,
        roleArn: roleArn(PLATFORM, 'starrocks-eks-cluster-role'),
        identity: { oidc: { issuer: `https://${EKS_ISSUER_HOST}` } },
        status: 'ACTIVE',
        platformVersion: 'eks.9',
        tags: { 'demo-case': 'eks-starrocks-irsa' },
        accessConfig: { authenticationMode: 'API' },
      },
    },
    [`${p}/eks/${REGION}/describe-nodegroup/starrocks-ng.json`]: {
      nodegroup: {
        nodegroupName: 'starrocks-ng',
        nodegroupArn: `arn:aws:eks:${REGION}:${PLATFORM}:nodegroup/${EKS_CLUSTER}/starrocks-ng/4ac9e2b1-7d35-58f0-1e6b-3c8d0f9a2e47`,
        clusterName: EKS_CLUSTER,
        version: '1.33',
        status: 'ACTIVE',
        capacityType: 'ON_DEMAND',
        scalingConfig: { minSize: 3, maxSize: 6, desiredSize: 3 },
        instanceTypes: ['r6i.2xlarge'],
        nodeRole: roleArn(PLATFORM, 'eks-node-group-starrocks-role'),
        amiType: 'AL2023_x86_64_STANDARD',
        createdAt: '2026-03-02T10:09:44.602000+00:00',
        tags: { 'demo-case': 'eks-starrocks-irsa' },
      },
    },
    // kubectl get serviceaccounts -n starrocks -o json (the kubectl export; Rolechain does not call the cluster)
    [`${p}/eks/${REGION}/serviceaccounts/${EKS_CLUSTER}.json`]: {
      apiVersion: 'v1',
      items: [
        sa('default'),
        sa('starrocks-cn', roleArn(LAKE, 'starrocks-eks-s3-role')),
        sa('starrocks-fe', roleArn(LAKE, 'starrocks-eks-glue-role')),
        sa('starrocks-operator'),
      ],
      kind: 'List',
      metadata: { resourceVersion: '' },
    },
    [`${p}/ecs/${REGION}/describe-task-definition/spark-history.json`]: {
      taskDefinition: {
        taskDefinitionArn: `arn:aws:ecs:${REGION}:${PLATFORM}:task-definition/spark-history:3`,
        containerDefinitions: [
          { name: 'spark-history', image: 'apache/spark:3.5.3', cpu: 512, memory: 2048, essential: true },
        ],
        family: 'spark-history',
        taskRoleArn: roleArn(PLATFORM, 'spark-history-task-role'),
        executionRoleArn: roleArn(PLATFORM, 'ecsTaskExecutionRole'),
        networkMode: 'awsvpc',
        revision: 3,
        status: 'ACTIVE',
        requiresCompatibilities: ['FARGATE'],
        cpu: '512',
        memory: '2048',
        registeredAt: '2026-09-14T08:41:02.117000+00:00',
      },
    },
    [`${p}/lambda/${REGION}/list-functions.json`]: {
      Functions: [
        {
          FunctionName: 'glue-partition-repair',
          FunctionArn: `arn:aws:lambda:${REGION}:${PLATFORM}:function:glue-partition-repair`,
          Runtime: 'python3.12',
          Role: roleArn(PLATFORM, 'partition-repair-lambda-role'),
          Handler: 'app.handler',
          CodeSize: 4121,
          Timeout: 300,
          MemorySize: 256,
          LastModified: '2026-10-02T07:12:40.004+0000',
          Version: '$LATEST',
          TracingConfig: { Mode: 'PassThrough' },
        },
      ],
    },
    [`accounts/${LAKE}/glue/${REGION}/get-jobs.json`]: {
      Jobs: [
        {
          Name: 'nightly-iceberg-compaction',
          Role: 'glue-compaction-role',
          CreatedOn: '2026-04-11T09:00:12.512000+00:00',
          LastModifiedOn: '2026-10-30T16:44:03.118000+00:00',
          Command: {
            Name: 'glueetl',
            ScriptLocation: `s3://rolechain-demo-lakehouse/scripts/compaction.py`,
            PythonVersion: '3',
          },
          MaxRetries: 0,
          Timeout: 120,
          GlueVersion: '5.0',
          WorkerType: 'G.1X',
          NumberOfWorkers: 4,
        },
      ],
    },
  };
}

/**
 * Roles of the data-platform account (111111111111): EC2 instance roles and a data engineer's role.
 */
import { LAKE, PLATFORM, REGION, awsPolicyArn, roleArn, userArn } from './catalog';
import type { DemoCase } from './catalog';
import { allow, doc, trustAws, trustService } from './policy';
import { SSM, lake, kmsUse, assumeOnly } from './grants';
import { INSTANCE_BASE } from './managed-policies';
import type { InlinePolicy, RoleSpec } from './iam-types';

/** An EC2 instance role of the data-platform account. */
const instanceRole = (
  name: string,
  demoCase: DemoCase,
  tags: Record<string, string>,
  inline: InlinePolicy[],
  opts: { trustService?: string; created?: string; lastUsedDaysAgo?: number; profile?: string } = {},
): RoleSpec => ({
  account: PLATFORM,
  name,
  created: opts.created ?? '2025-06-12T08:31:17+00:00',
  trust: doc(trustService(opts.trustService ?? 'ec2.amazonaws.com')),
  inline,
  attached: [SSM, INSTANCE_BASE],
  tags: { ...tags, 'managed-by': 'terraform', 'demo-case': demoCase },
  ...(opts.lastUsedDaysAgo === undefined
    ? {}
    : { lastUsedDaysAgo: opts.lastUsedDaysAgo, lastUsedRegion: REGION }),
  profile: {
    name: opts.profile ?? name.replace(/-role$/, '-profile'),
    created: opts.created ?? '2025-06-12T08:31:18+00:00',
  },
  demoCase,
});

export const PLATFORM_ROLES: readonly RoleSpec[] = [
  // ── data-platform 111111111111: EC2 instance roles ──
  instanceRole(
    'doris-fe-instance-role',
    'working-doris',
    { Cluster: 'doris', Component: 'fe' },
    [{ name: 'assume-doris-s3-role', doc: assumeOnly('AssumeDorisS3Role', roleArn(LAKE, 'doris-s3-role')) }],
    { lastUsedDaysAgo: 0 },
  ),
  instanceRole(
    'doris-be-instance-role',
    'working-doris',
    { Cluster: 'doris', Component: 'be' },
    [{ name: 'assume-doris-s3-role', doc: assumeOnly('AssumeDorisS3Role', roleArn(LAKE, 'doris-s3-role')) }],
    { lastUsedDaysAgo: 0 },
  ),
  instanceRole(
    'starrocks-instance-role',
    'working-starrocks',
    { Cluster: 'starrocks' },
    [
      {
        name: 'assume-starrocks-roles',
        doc: assumeOnly(
          'AssumeStarRocksRoles',
          roleArn(LAKE, 's3_assumed_role'),
          roleArn(LAKE, 'glue_assumed_role'),
        ),
      },
    ],
    { lastUsedDaysAgo: 0, created: '2025-08-21T13:40:02+00:00' },
  ),
  instanceRole(
    'spark-etl-instance-role',
    'broken-missing-trust',
    { Cluster: 'spark' },
    [
      {
        name: 'assume-spark-etl-s3-role',
        doc: assumeOnly('AssumeSparkEtlS3Role', roleArn(LAKE, 'spark-etl-s3-role')),
      },
    ],
    { lastUsedDaysAgo: 0, created: '2026-09-18T10:11:52+00:00' },
  ),
  // Trusted by flink-checkpoint-role, but nothing here allows sts:AssumeRole on it.
  instanceRole(
    'flink-instance-role',
    'broken-missing-permission',
    { Cluster: 'flink' },
    [
      {
        name: 'flink-metrics',
        doc: doc(
          allow(['cloudwatch:PutMetricData'], '*', {
            Sid: 'Metrics',
            Condition: { StringEquals: { 'cloudwatch:namespace': 'Flink' } },
          }),
        ),
      },
    ],
    { lastUsedDaysAgo: 0, created: '2026-10-05T15:27:09+00:00' },
  ),
  instanceRole(
    'trino-instance-role',
    'broken-external-id-mismatch',
    { Cluster: 'trino' },
    [{ name: 'assume-trino-s3-role', doc: assumeOnly('AssumeTrinoS3Role', roleArn(LAKE, 'trino-s3-role')) }],
    { lastUsedDaysAgo: 0, created: '2026-10-10T09:45:33+00:00' },
  ),
  instanceRole(
    'airflow-instance-role',
    'broken-bucket-policy-deny',
    { Cluster: 'airflow' },
    [
      {
        name: 'assume-airflow-s3-role',
        doc: assumeOnly('AssumeAirflowS3Role', roleArn(LAKE, 'airflow-s3-role')),
      },
    ],
    { lastUsedDaysAgo: 0, created: '2026-04-30T07:58:40+00:00' },
  ),
  instanceRole(
    'batch-export-instance-role',
    'broken-chained-duration',
    { Cluster: 'batch' },
    [
      {
        name: 'assume-export-s3-role',
        doc: assumeOnly('AssumeExportS3Role', roleArn(LAKE, 'export-s3-role')),
      },
    ],
    { lastUsedDaysAgo: 0, created: '2026-09-06T11:03:26+00:00' },
  ),
  // Copied from an ECS task role: the trust names ecs-tasks.amazonaws.com, so EC2 cannot use the profile.
  instanceRole(
    'kafka-connect-instance-role',
    'broken-instance-trust-no-ec2',
    { Cluster: 'kafka' },
    [
      {
        name: 'kafka-connect-s3-sink',
        doc: doc(allow(['s3:PutObject', 's3:GetObject'], lake('kafka/*'), { Sid: 'SinkObjects' }), kmsUse),
      },
    ],
    { trustService: 'ecs-tasks.amazonaws.com', created: '2026-10-31T16:20:05+00:00' },
  ),

  // ── data-platform: a human's role, first hop of the SourceIdentity chain ──
  {
    account: PLATFORM,
    name: 'data-engineer-role',
    created: '2024-11-04T14:22:10+00:00',
    trust: doc(
      trustAws(userArn(PLATFORM, 'alice.chen'), {
        actions: ['sts:AssumeRole', 'sts:SetSourceIdentity'],
        condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
      }),
    ),
    inline: [
      {
        name: 'assume-lakehouse-admin',
        doc: doc(
          allow(['sts:AssumeRole', 'sts:SetSourceIdentity'], roleArn(LAKE, 'lakehouse-admin-role'), {
            Sid: 'ChainToLakehouseAdmin',
          }),
        ),
      },
    ],
    attached: [awsPolicyArn('ReadOnlyAccess')],
    tags: { team: 'data-engineering', 'demo-case': 'chain-source-identity' },
    lastUsedDaysAgo: 1,
    lastUsedRegion: REGION,
    demoCase: 'chain-source-identity',
  },
];

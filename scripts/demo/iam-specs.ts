/**
 * What IAM holds in each collected account of the demo organisation, as plain specs.
 * `authz.ts` renders them in the exact shapes of the IAM API.
 */
import {
  BUCKET_FINANCE,
  BUCKET_LAKEHOUSE,
  EXTERNAL_IDS,
  GITHUB_OIDC_ARN,
  GITHUB_OIDC_HOST,
  KMS_KEY_ARN,
  LAKE,
  MGMT,
  PLATFORM,
  REGION,
  SAML_PROVIDER_ARN,
  SECURITY,
  VENDOR,
  awsPolicyArn,
  policyArn,
  roleArn,
  userArn,
} from './catalog';
import type { DemoCase } from './catalog';
import { allow, doc, trustAws, trustService } from './policy';
import type { PolicyDoc } from './policy';

export interface InlinePolicy {
  name: string;
  doc: PolicyDoc;
}

export interface RoleSpec {
  account: string;
  name: string;
  path?: string;
  created: string;
  trust: PolicyDoc;
  inline: InlinePolicy[];
  attached: string[];
  boundary?: string;
  tags: Record<string, string>;
  /** Days before the snapshot the role was last used; undefined: never (RoleLastUsed is `{}`). */
  lastUsedDaysAgo?: number;
  lastUsedRegion?: string;
  profile?: { name: string; created: string };
  demoCase?: DemoCase;
}

export interface AccessKeySpec {
  createdDaysAgo: number;
  active: boolean;
  lastUsedDaysAgo?: number;
  lastUsedService?: string;
  lastUsedRegion?: string;
}

export interface UserSpec {
  account: string;
  name: string;
  path?: string;
  created: string;
  groups: string[];
  inline: InlinePolicy[];
  attached: string[];
  tags: Record<string, string>;
  passwordLastUsedDaysAgo?: number;
  passwordChangedDaysAgo?: number;
  mfa: boolean;
  keys: AccessKeySpec[];
  demoCase?: DemoCase;
}

export interface GroupSpec {
  account: string;
  name: string;
  created: string;
  inline: InlinePolicy[];
  attached: string[];
}

export interface ManagedPolicySpec {
  arn: string;
  name: string;
  path: string;
  created: string;
  updated: string;
  /** Versions, oldest first; the last is the default. */
  versions: { id: string; doc: PolicyDoc; created: string }[];
  awsManaged: boolean;
  /** Customer-managed policies belong to one account; AWS-managed ones to all. */
  account?: string;
}

/** Stands for the deleted role's unique id in specs; `authz.ts` puts the generated AROA id there. */
export const DELETED_ROLE_TOKEN = '<unique id of the deleted presto-instance-role>';

const AWS_DATE = '2015-02-06T18:39:46+00:00';

/** AWS-managed policies used here. The long ones (ReadOnlyAccess, SecurityAudit, SSM) are abridged. */
export const AWS_MANAGED: readonly ManagedPolicySpec[] = [
  {
    arn: awsPolicyArn('AdministratorAccess'),
    name: 'AdministratorAccess',
    path: '/',
    created: AWS_DATE,
    updated: AWS_DATE,
    versions: [{ id: 'v1', created: AWS_DATE, doc: doc(allow('*', '*')) }],
    awsManaged: true,
  },
  {
    arn: awsPolicyArn('AmazonS3ReadOnlyAccess'),
    name: 'AmazonS3ReadOnlyAccess',
    path: '/',
    created: AWS_DATE,
    updated: '2023-08-10T21:31:39+00:00',
    versions: [
      {
        id: 'v3',
        created: '2023-08-10T21:31:39+00:00',
        doc: doc(
          allow(
            ['s3:Get*', 's3:List*', 's3:Describe*', 's3-object-lambda:Get*', 's3-object-lambda:List*'],
            '*',
          ),
        ),
      },
    ],
    awsManaged: true,
  },
  {
    arn: awsPolicyArn('ReadOnlyAccess'),
    name: 'ReadOnlyAccess',
    path: '/',
    created: AWS_DATE,
    updated: '2026-10-29T17:05:12+00:00',
    versions: [
      {
        id: 'v131',
        created: '2026-10-29T17:05:12+00:00',
        doc: doc(
          allow(
            [
              'cloudtrail:Describe*',
              'cloudtrail:Get*',
              'cloudtrail:List*',
              'cloudtrail:LookupEvents',
              'ec2:Describe*',
              'glue:Get*',
              'glue:List*',
              'iam:Generate*',
              'iam:Get*',
              'iam:List*',
              'iam:Simulate*',
              'kms:Describe*',
              'kms:Get*',
              'kms:List*',
              'organizations:Describe*',
              'organizations:List*',
              's3:Describe*',
              's3:Get*',
              's3:List*',
              'sts:GetCallerIdentity',
            ],
            '*',
            { Sid: 'ReadOnlyActions' },
          ),
        ),
      },
    ],
    awsManaged: true,
  },
  {
    arn: awsPolicyArn('SecurityAudit'),
    name: 'SecurityAudit',
    path: '/',
    created: AWS_DATE,
    updated: '2026-09-17T19:22:48+00:00',
    versions: [
      {
        id: 'v52',
        created: '2026-09-17T19:22:48+00:00',
        doc: doc(
          allow(
            [
              'access-analyzer:List*',
              'cloudtrail:DescribeTrails',
              'cloudtrail:GetEventSelectors',
              'cloudtrail:GetTrailStatus',
              'ec2:DescribeIamInstanceProfileAssociations',
              'ec2:DescribeInstances',
              'glue:GetResourcePolicy',
              'iam:GenerateCredentialReport',
              'iam:GetAccountAuthorizationDetails',
              'iam:GetCredentialReport',
              'iam:List*',
              'kms:GetKeyPolicy',
              'organizations:Describe*',
              'organizations:List*',
              's3:GetBucketLocation',
              's3:GetBucketPolicy',
              's3:GetBucketPublicAccessBlock',
              's3:ListAllMyBuckets',
            ],
            '*',
            { Sid: 'BaseSecurityAuditStatement' },
          ),
        ),
      },
    ],
    awsManaged: true,
  },
  {
    arn: awsPolicyArn('AmazonSSMManagedInstanceCore'),
    name: 'AmazonSSMManagedInstanceCore',
    path: '/',
    created: '2019-03-15T17:22:12+00:00',
    updated: '2023-06-14T17:55:02+00:00',
    versions: [
      {
        id: 'v2',
        created: '2023-06-14T17:55:02+00:00',
        doc: doc(
          allow(
            [
              'ssm:DescribeAssociation',
              'ssm:GetDocument',
              'ssm:DescribeDocument',
              'ssm:GetParameter',
              'ssm:GetParameters',
              'ssm:ListAssociations',
              'ssm:ListInstanceAssociations',
              'ssm:PutInventory',
              'ssm:UpdateInstanceInformation',
            ],
            '*',
          ),
          allow(
            [
              'ssmmessages:CreateControlChannel',
              'ssmmessages:CreateDataChannel',
              'ssmmessages:OpenControlChannel',
              'ssmmessages:OpenDataChannel',
            ],
            '*',
          ),
          allow(
            [
              'ec2messages:AcknowledgeMessage',
              'ec2messages:GetEndpoint',
              'ec2messages:GetMessages',
              'ec2messages:SendReply',
            ],
            '*',
          ),
        ),
      },
    ],
    awsManaged: true,
  },
];

const INSTANCE_BASE = policyArn(PLATFORM, 'data-platform-instance-base');
const WORKLOAD_BOUNDARY = policyArn(LAKE, 'data-lake-workload-boundary');
const SSM = awsPolicyArn('AmazonSSMManagedInstanceCore');
const lake = (prefix: string) => `arn:aws:s3:::${BUCKET_LAKEHOUSE}/${prefix}`;
const LAKE_BUCKET = `arn:aws:s3:::${BUCKET_LAKEHOUSE}`;
const kmsUse = allow(['kms:Decrypt', 'kms:GenerateDataKey'], KMS_KEY_ARN, { Sid: 'LakehouseKey' });

/** s3 access to one prefix of the lakehouse bucket, the way the Doris and StarRocks docs suggest it. */
const prefixAccess = (prefix: string, write: boolean): PolicyDoc =>
  doc(
    allow(
      write
        ? ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload']
        : ['s3:GetObject'],
      lake(`${prefix}/*`),
      { Sid: 'Objects' },
    ),
    allow(['s3:ListBucket', 's3:GetBucketLocation'], LAKE_BUCKET, {
      Sid: 'ListPrefix',
      Condition: { StringLike: { 's3:prefix': [`${prefix}/*`, prefix] } },
    }),
    kmsUse,
  );

const assumeOnly = (sid: string, ...targets: string[]): PolicyDoc =>
  doc(allow('sts:AssumeRole', targets.length === 1 ? targets[0]! : targets, { Sid: sid }));

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

const lakeRole = (
  name: string,
  demoCase: DemoCase,
  trust: PolicyDoc,
  inline: InlinePolicy[],
  opts: {
    boundary?: boolean;
    created?: string;
    lastUsedDaysAgo?: number;
    tags?: Record<string, string>;
    attached?: string[];
  } = {},
): RoleSpec => ({
  account: LAKE,
  name,
  created: opts.created ?? '2025-06-12T09:02:44+00:00',
  trust,
  inline,
  attached: opts.attached ?? [],
  ...(opts.boundary === false ? {} : { boundary: WORKLOAD_BOUNDARY }),
  tags: { ...opts.tags, 'managed-by': 'terraform', 'demo-case': demoCase },
  ...(opts.lastUsedDaysAgo === undefined
    ? {}
    : { lastUsedDaysAgo: opts.lastUsedDaysAgo, lastUsedRegion: REGION }),
  demoCase,
});

const P = (name: string) => roleArn(PLATFORM, name);

export const ROLES: readonly RoleSpec[] = [
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

  // ── data-lake 222222222222: target roles ──
  lakeRole(
    'doris-s3-role',
    'working-doris',
    doc(
      trustAws([P('doris-fe-instance-role'), P('doris-be-instance-role')], {
        externalId: EXTERNAL_IDS.doris,
        sid: 'DorisClusterNodes',
      }),
    ),
    [{ name: 'doris-lakehouse-access', doc: prefixAccess('doris', true) }],
    { lastUsedDaysAgo: 0, tags: { Consumer: 'doris' } },
  ),
  lakeRole(
    's3_assumed_role',
    'working-starrocks',
    doc(trustAws(P('starrocks-instance-role'), { externalId: EXTERNAL_IDS.starrocks })),
    [{ name: 'starrocks-lakehouse-access', doc: prefixAccess('starrocks', true) }],
    { lastUsedDaysAgo: 0, created: '2025-08-21T13:52:19+00:00', tags: { Consumer: 'starrocks' } },
  ),
  lakeRole(
    'glue_assumed_role',
    'working-starrocks',
    doc(trustAws(P('starrocks-instance-role'), { externalId: EXTERNAL_IDS.starrocks })),
    [
      {
        name: 'starrocks-glue-catalog-read',
        doc: doc(
          allow(
            [
              'glue:GetDatabase',
              'glue:GetDatabases',
              'glue:GetTable',
              'glue:GetTables',
              'glue:GetPartition',
              'glue:GetPartitions',
            ],
            [
              `arn:aws:glue:${REGION}:${LAKE}:catalog`,
              `arn:aws:glue:${REGION}:${LAKE}:database/*`,
              `arn:aws:glue:${REGION}:${LAKE}:table/*/*`,
            ],
            { Sid: 'GlueCatalogRead' },
          ),
        ),
      },
    ],
    { lastUsedDaysAgo: 0, created: '2025-08-21T13:52:20+00:00', tags: { Consumer: 'starrocks' } },
  ),
  // The trust names the data-lake account itself (a copy-paste of the default "this account" trust), not Spark's role.
  lakeRole(
    'spark-etl-s3-role',
    'broken-missing-trust',
    doc(trustAws(`arn:aws:iam::${LAKE}:root`)),
    [{ name: 'spark-etl-lakehouse-access', doc: prefixAccess('spark', true) }],
    { created: '2026-09-18T10:14:37+00:00', tags: { Consumer: 'spark' } },
  ),
  lakeRole(
    'flink-checkpoint-role',
    'broken-missing-permission',
    doc(trustAws(P('flink-instance-role'), { externalId: EXTERNAL_IDS.flink })),
    [{ name: 'flink-checkpoints', doc: prefixAccess('flink/checkpoints', true) }],
    { created: '2026-10-05T15:31:48+00:00', tags: { Consumer: 'flink' } },
  ),
  lakeRole(
    'trino-s3-role',
    'broken-external-id-mismatch',
    doc(trustAws(P('trino-instance-role'), { externalId: EXTERNAL_IDS.trinoExpected })),
    [{ name: 'trino-lakehouse-read', doc: prefixAccess('trino', false) }],
    { created: '2026-10-10T09:49:02+00:00', tags: { Consumer: 'trino' } },
  ),
  // The trust names presto-instance-role, deleted since: IAM now shows the role's unique id.
  lakeRole(
    'presto-legacy-s3-role',
    'broken-deleted-principal',
    doc({ Effect: 'Allow', Principal: { AWS: DELETED_ROLE_TOKEN }, Action: 'sts:AssumeRole' }),
    [{ name: 'presto-lakehouse-read', doc: prefixAccess('presto', false) }],
    { created: '2023-03-02T12:00:41+00:00', lastUsedDaysAgo: 143, tags: { Consumer: 'presto' } },
  ),
  lakeRole(
    'airflow-s3-role',
    'broken-bucket-policy-deny',
    doc(trustAws(P('airflow-instance-role'), { externalId: EXTERNAL_IDS.airflow })),
    [
      {
        name: 'airflow-finance-reports-read',
        doc: doc(
          allow(['s3:GetObject'], `arn:aws:s3:::${BUCKET_FINANCE}/*`, { Sid: 'ReadReports' }),
          allow(['s3:ListBucket'], `arn:aws:s3:::${BUCKET_FINANCE}`, { Sid: 'ListReports' }),
        ),
      },
    ],
    { created: '2026-04-30T08:02:15+00:00', lastUsedDaysAgo: 0, tags: { Consumer: 'airflow' } },
  ),
  // MaxSessionDuration is 43200 (not part of the authz-details shape): the caller asks for 7200 through a chain.
  lakeRole(
    'export-s3-role',
    'broken-chained-duration',
    doc(trustAws(P('batch-export-instance-role'), { externalId: EXTERNAL_IDS.export })),
    [{ name: 'export-writer', doc: prefixAccess('exports', true) }],
    { created: '2026-09-06T11:07:51+00:00', tags: { Consumer: 'batch-export', MaxSessionDuration: '43200' } },
  ),
  {
    account: LAKE,
    name: 'lakehouse-admin-role',
    created: '2024-11-04T14:25:38+00:00',
    trust: doc(trustAws(P('data-engineer-role'), { actions: ['sts:AssumeRole', 'sts:SetSourceIdentity'] })),
    inline: [
      {
        name: 'lakehouse-admin',
        doc: doc(
          allow('s3:*', [LAKE_BUCKET, lake('*')], { Sid: 'LakehouseBucket' }),
          allow('glue:*', '*', { Sid: 'GlueCatalog' }),
          kmsUse,
        ),
      },
    ],
    attached: [awsPolicyArn('ReadOnlyAccess')],
    tags: { team: 'data-engineering', 'demo-case': 'chain-source-identity' },
    lastUsedDaysAgo: 1,
    lastUsedRegion: REGION,
    demoCase: 'chain-source-identity',
  },
  lakeRole(
    'vendor-analytics-role',
    'risky-vendor-no-external-id',
    doc(trustAws(`arn:aws:iam::${VENDOR}:root`, { sid: 'InsightfulAnalyticsVendor' })),
    [{ name: 'vendor-exchange-read', doc: prefixAccess('vendor-exchange', false) }],
    { created: '2025-12-01T16:45:12+00:00', lastUsedDaysAgo: 0, tags: { Vendor: 'insightful-analytics' } },
  ),
  lakeRole(
    'shared-dropbox-role',
    'risky-wildcard-trust',
    doc({
      Sid: 'PartnersFromOfficeNetwork',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: 'sts:AssumeRole',
      Condition: { IpAddress: { 'aws:SourceIp': ['198.51.100.0/24', '203.0.113.0/24'] } },
    }),
    [
      {
        name: 'dropbox-upload',
        doc: doc(allow(['s3:PutObject', 's3:GetObject'], lake('dropbox/*'), { Sid: 'Dropbox' }), kmsUse),
      },
    ],
    { created: '2026-02-17T10:30:00+00:00', lastUsedDaysAgo: 3 },
  ),
  lakeRole(
    'github-actions-deploy-role',
    'risky-github-oidc-wide-sub',
    doc({
      Effect: 'Allow',
      Principal: { Federated: GITHUB_OIDC_ARN },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: {
        StringEquals: { [`${GITHUB_OIDC_HOST}:aud`]: 'sts.amazonaws.com' },
        StringLike: { [`${GITHUB_OIDC_HOST}:sub`]: 'repo:acme-data/*' },
      },
    }),
    [
      {
        name: 'deploy-dags-and-models',
        doc: doc(
          allow(['s3:PutObject', 's3:GetObject', 's3:DeleteObject'], [lake('dags/*'), lake('dbt/*')], {
            Sid: 'Artifacts',
          }),
          allow(['s3:ListBucket'], LAKE_BUCKET, { Sid: 'List' }),
          allow(['glue:UpdateTable', 'glue:CreateTable', 'glue:GetTable', 'glue:GetDatabase'], '*', {
            Sid: 'Catalog',
          }),
          kmsUse,
        ),
      },
    ],
    { created: '2025-03-19T08:12:55+00:00', lastUsedDaysAgo: 0 },
  ),
  lakeRole(
    'legacy-backup-role',
    'risky-unused-role',
    doc(trustAws(`arn:aws:iam::${LAKE}:root`)),
    [
      {
        name: 'legacy-backup-read',
        doc: doc(
          allow(['s3:GetObject', 's3:ListBucket'], [LAKE_BUCKET, lake('*')], { Sid: 'ReadAll' }),
          kmsUse,
        ),
      },
    ],
    { created: '2022-07-08T11:41:29+00:00', boundary: false, tags: { Owner: 'former-dba-team' } },
  ),

  // ── security 333333333333 ──
  {
    account: SECURITY,
    name: 'AcmeOktaAdmin',
    created: '2021-02-05T10:00:12+00:00',
    trust: doc({
      Effect: 'Allow',
      Principal: { Federated: SAML_PROVIDER_ARN },
      Action: ['sts:AssumeRoleWithSAML', 'sts:TagSession'],
      Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } },
    }),
    inline: [],
    attached: [awsPolicyArn('AdministratorAccess')],
    tags: { 'demo-case': 'security-saml-admin' },
    lastUsedDaysAgo: 0,
    lastUsedRegion: 'us-east-1',
    demoCase: 'security-saml-admin',
  },
  {
    account: SECURITY,
    name: 'security-auditor',
    created: '2021-02-05T10:04:51+00:00',
    trust: doc({
      Effect: 'Allow',
      Principal: { Federated: SAML_PROVIDER_ARN },
      Action: 'sts:AssumeRoleWithSAML',
      Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } },
    }),
    inline: [
      {
        name: 'assume-org-audit',
        doc: doc(
          allow('sts:AssumeRole', 'arn:aws:iam::*:role/org-audit', { Sid: 'AssumeOrgAuditEverywhere' }),
        ),
      },
    ],
    attached: [awsPolicyArn('SecurityAudit')],
    tags: { 'demo-case': 'security-org-audit' },
    lastUsedDaysAgo: 0,
    lastUsedRegion: 'us-east-1',
    demoCase: 'security-org-audit',
  },

  // ── org-audit in every member account and the management account ──
  ...[MGMT, PLATFORM, LAKE].map((account): RoleSpec => ({
    account,
    name: 'org-audit',
    created: '2021-02-05T11:30:00+00:00',
    trust: doc(trustAws(roleArn(SECURITY, 'security-auditor'), { externalId: EXTERNAL_IDS.orgAudit })),
    inline: [],
    attached: [awsPolicyArn('SecurityAudit'), awsPolicyArn('ReadOnlyAccess')],
    tags: { 'demo-case': 'security-org-audit' },
    lastUsedDaysAgo: 0,
    lastUsedRegion: 'us-east-1',
    demoCase: 'security-org-audit',
  })),
];

/** The role deleted before the window, whose unique id remains in presto-legacy-s3-role's trust. */
export const DELETED_ROLE_ARN = roleArn(PLATFORM, 'presto-instance-role');

export const GROUPS: readonly GroupSpec[] = [
  {
    account: PLATFORM,
    name: 'data-engineers',
    created: '2024-11-04T14:20:03+00:00',
    inline: [],
    attached: [policyArn(PLATFORM, 'data-engineers-assume')],
  },
];

export const USERS: readonly UserSpec[] = [
  {
    account: PLATFORM,
    name: 'alice.chen',
    created: '2024-11-04T14:21:30+00:00',
    groups: ['data-engineers'],
    inline: [],
    attached: [],
    tags: { team: 'data-engineering', 'demo-case': 'chain-source-identity' },
    passwordLastUsedDaysAgo: 1,
    passwordChangedDaysAgo: 64,
    mfa: true,
    keys: [
      {
        createdDaysAgo: 41,
        active: true,
        lastUsedDaysAgo: 1,
        lastUsedService: 'sts',
        lastUsedRegion: REGION,
      },
    ],
    demoCase: 'chain-source-identity',
  },
  {
    account: LAKE,
    name: 'legacy-report-user',
    created: '2022-03-14T08:20:44+00:00',
    groups: [],
    inline: [
      {
        name: 'reports-read',
        doc: doc(
          allow(['s3:GetObject'], lake('reports/*'), { Sid: 'ReadReports' }),
          allow(['s3:ListBucket'], LAKE_BUCKET, {
            Sid: 'ListReports',
            Condition: { StringLike: { 's3:prefix': 'reports/*' } },
          }),
          kmsUse,
        ),
      },
    ],
    attached: [],
    tags: { Owner: 'finance-bi', 'demo-case': 'risky-user-access-keys' },
    mfa: false,
    keys: [
      {
        createdDaysAgo: 981,
        active: true,
        lastUsedDaysAgo: 0,
        lastUsedService: 's3',
        lastUsedRegion: REGION,
      },
      {
        createdDaysAgo: 700,
        active: false,
        lastUsedDaysAgo: 690,
        lastUsedService: 's3',
        lastUsedRegion: REGION,
      },
    ],
    demoCase: 'risky-user-access-keys',
  },
];

/** Customer-managed policies. */
export const CUSTOMER_MANAGED: readonly ManagedPolicySpec[] = [
  {
    account: PLATFORM,
    arn: INSTANCE_BASE,
    name: 'data-platform-instance-base',
    path: '/',
    created: '2025-06-12T08:30:02+00:00',
    updated: '2025-06-12T08:30:02+00:00',
    versions: [
      {
        id: 'v1',
        created: '2025-06-12T08:30:02+00:00',
        doc: doc(
          allow(
            ['logs:CreateLogStream', 'logs:PutLogEvents'],
            `arn:aws:logs:${REGION}:${PLATFORM}:log-group:/data-platform/*`,
            { Sid: 'Logs' },
          ),
          allow(['ec2:DescribeTags', 'ec2:DescribeInstances'], '*', { Sid: 'Discovery' }),
        ),
      },
    ],
    awsManaged: false,
  },
  {
    account: PLATFORM,
    arn: policyArn(PLATFORM, 'data-engineers-assume'),
    name: 'data-engineers-assume',
    path: '/',
    created: '2024-11-04T14:19:47+00:00',
    updated: '2024-11-04T14:19:47+00:00',
    versions: [
      {
        id: 'v1',
        created: '2024-11-04T14:19:47+00:00',
        doc: doc(
          allow(['sts:AssumeRole', 'sts:SetSourceIdentity'], P('data-engineer-role'), {
            Sid: 'AssumeDataEngineerWithMfa',
            Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
          }),
          allow(
            ['iam:GetUser', 'iam:ListMFADevices', 'iam:ChangePassword'],
            'arn:aws:iam::*:user/${aws:username}',
            { Sid: 'Self' },
          ),
        ),
      },
    ],
    awsManaged: false,
  },
  {
    account: LAKE,
    arn: WORKLOAD_BOUNDARY,
    name: 'data-lake-workload-boundary',
    path: '/',
    created: '2025-06-12T08:58:10+00:00',
    updated: '2026-03-02T15:12:40+00:00',
    versions: [
      {
        id: 'v1',
        created: '2025-06-12T08:58:10+00:00',
        doc: doc(allow(['s3:*', 'kms:Decrypt', 'kms:GenerateDataKey'], '*', { Sid: 'DataOnly' })),
      },
      {
        id: 'v2',
        created: '2026-03-02T15:12:40+00:00',
        doc: doc(
          allow(['s3:*', 'glue:*', 'kms:Decrypt', 'kms:GenerateDataKey', 'sts:GetCallerIdentity'], '*', {
            Sid: 'DataOnly',
          }),
          { Sid: 'NoIamChanges', Effect: 'Deny', Action: ['iam:*', 'organizations:*'], Resource: '*' },
        ),
      },
    ],
    awsManaged: false,
  },
];

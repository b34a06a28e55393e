/**
 * Roles of the data-lake account (222222222222): the targets of the chains, and the risky set-ups.
 */
import {
  BUCKET_FINANCE,
  EXTERNAL_IDS,
  GITHUB_OIDC_ARN,
  GITHUB_OIDC_HOST,
  LAKE,
  PLATFORM,
  REGION,
  VENDOR,
  awsPolicyArn,
  roleArn,
} from './catalog';
import type { DemoCase } from './catalog';
import { allow, doc, trustAws } from './policy';
import type { PolicyDoc } from './policy';
import { glueCatalogRead, lake, LAKE_BUCKET, kmsUse, prefixAccess } from './grants';
import { WORKLOAD_BOUNDARY } from './managed-policies';
import { DELETED_ROLE_TOKEN } from './iam-types';
import type { InlinePolicy, RoleSpec } from './iam-types';

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
export const LAKE_ROLES: readonly RoleSpec[] = [
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
        doc: glueCatalogRead(),
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
  // MaxSessionDuration 43200 (in list-roles.json; authorization details lack it): the caller still asks
  // for 7200 through a chain, which role chaining caps at 3600 whatever the role allows.
  {
    ...lakeRole(
      'export-s3-role',
      'broken-chained-duration',
      doc(trustAws(P('batch-export-instance-role'), { externalId: EXTERNAL_IDS.export })),
      [{ name: 'export-writer', doc: prefixAccess('exports', true) }],
      { created: '2026-09-06T11:07:51+00:00', tags: { Consumer: 'batch-export' } },
    ),
    maxSessionDuration: 43200,
  },
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
];

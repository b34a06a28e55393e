/** The demo organisation's fixed facts: accounts, regions, names and secrets-that-are-not-secrets. */

export const ORG_ID = 'o-rolechain1';
export const ROOT_ID = 'r-rc01';
export const OU_WORKLOADS = 'ou-rc01-wkld7q2m';
export const OU_SECURITY = 'ou-rc01-secu4h8n';

export const MGMT = '100000000001';
export const PLATFORM = '111111111111';
export const LAKE = '222222222222';
export const SECURITY = '333333333333';
/** Not in the organisation and not collected: seen only in trust policies and CloudTrail. */
export const VENDOR = '444444444444';

export const REGION = 'us-west-2';
/** IAM and the global STS endpoint log here. */
export const GLOBAL_REGION = 'us-east-1';

export interface AccountInfo {
  id: string;
  name: string;
  email: string;
  parent: string;
  joined: string;
}

export const ACCOUNTS: readonly AccountInfo[] = [
  {
    id: MGMT,
    name: 'acme-management',
    email: 'aws-management@acme-data.example',
    parent: ROOT_ID,
    joined: '2021-02-01T09:00:00.000000+00:00',
  },
  {
    id: PLATFORM,
    name: 'acme-data-platform',
    email: 'aws-data-platform@acme-data.example',
    parent: OU_WORKLOADS,
    joined: '2021-02-03T10:12:41.325000+00:00',
  },
  {
    id: LAKE,
    name: 'acme-data-lake',
    email: 'aws-data-lake@acme-data.example',
    parent: OU_WORKLOADS,
    joined: '2021-02-03T10:15:07.918000+00:00',
  },
  {
    id: SECURITY,
    name: 'acme-security',
    email: 'aws-security@acme-data.example',
    parent: OU_SECURITY,
    joined: '2021-02-02T08:47:55.104000+00:00',
  },
];

/** Accounts whose files the demo holds (the vendor is not one of them). */
export const COLLECTED = [MGMT, PLATFORM, LAKE, SECURITY] as const;
/** This account's authz details keep the raw API's URL-encoded policy documents. */
export const URL_ENCODED_ACCOUNT = SECURITY;

export const roleArn = (account: string, name: string, path = '/'): string =>
  `arn:aws:iam::${account}:role${path}${name}`;
export const userArn = (account: string, name: string, path = '/'): string =>
  `arn:aws:iam::${account}:user${path}${name}`;
export const policyArn = (account: string, name: string, path = '/'): string =>
  `arn:aws:iam::${account}:policy${path}${name}`;
export const awsPolicyArn = (name: string, path = '/'): string => `arn:aws:iam::aws:policy${path}${name}`;
export const profileArn = (account: string, name: string): string =>
  `arn:aws:iam::${account}:instance-profile/${name}`;

export const BUCKET_LAKEHOUSE = 'rolechain-demo-lakehouse';
export const BUCKET_FINANCE = 'rolechain-demo-finance-reports';
export const BUCKET_TRAIL = 'rolechain-demo-cloudtrail-logs';
export const KMS_KEY_ID = '6f1c2a9e-3b7d-4e25-9a0c-5d8e1f2b4c70';
export const KMS_KEY_ARN = `arn:aws:kms:${REGION}:${LAKE}:key/${KMS_KEY_ID}`;

export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';
export const GITHUB_OIDC_ARN = `arn:aws:iam::${LAKE}:oidc-provider/${GITHUB_OIDC_HOST}`;
export const SAML_PROVIDER_ARN = `arn:aws:iam::${SECURITY}:saml-provider/AcmeOkta`;

/** ExternalIds: identifiers agreed between the parties, not secrets. */
export const EXTERNAL_IDS = {
  doris: 'doris-external-id',
  starrocks: 'starrocks-external-id',
  flink: 'flink-external-id',
  trinoExpected: 'trino-prod-7d2c',
  trinoConfigured: 'trino-external-id',
  airflow: 'airflow-external-id',
  export: 'export-external-id',
  orgAudit: 'acme-org-audit-2021',
} as const;

/** The `demo-case` tag value of each case, also used in the README table. */
export const CASES = [
  'working-doris',
  'working-starrocks',
  'broken-missing-trust',
  'broken-missing-permission',
  'broken-external-id-mismatch',
  'broken-deleted-principal',
  'broken-bucket-policy-deny',
  'broken-chained-duration',
  'broken-instance-trust-no-ec2',
  'broken-instance-without-profile',
  'risky-vendor-no-external-id',
  'risky-wildcard-trust',
  'risky-github-oidc-wide-sub',
  'risky-user-access-keys',
  'risky-unused-role',
  'security-saml-admin',
  'security-org-audit',
  'chain-source-identity',
  'eks-starrocks-irsa',
  'broken-eks-irsa-sub',
  'ecs-spark-history',
  'lambda-partition-repair',
  'glue-compaction',
  'identity-center-data-engineer',
] as const;
export type DemoCase = (typeof CASES)[number];

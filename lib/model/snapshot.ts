/**
 * The domain model of one point-in-time view of an AWS estate.
 *
 * Policy documents are kept as the decoded JSON AWS holds (`unknown`): exactly what the user
 * would see in the console. `lib/policy` parses and compiles them; nothing else interprets them.
 */
import type { SourceRead } from './coverage';
import type { IdentityCenter } from './identity-center';
import type { EksCluster, Workload } from './workload';

/** A policy document with its name, as attached to a principal or resource. */
export interface Policy {
  name: string;
  /** Set for managed policies. */
  arn?: string;
  /** Decoded JSON of the policy document (never URL-encoded, never a string). */
  document: unknown;
}

export interface Account {
  id: string;
  name?: string;
  email?: string;
  status?: string;
  /** Known only as a principal somewhere (not collected). */
  external?: boolean;
  /** The root user, from the credential report's `<root_account>` row. */
  root?: { passwordEnabled?: boolean; mfaActive?: boolean; accessKeys: AccessKey[] };
}

export interface Role {
  arn: string;
  name: string;
  path: string;
  /** Unique id, `AROA…`. */
  id: string;
  account: string;
  createDate?: string;
  /**
   * Seconds, 3600–43200. `get-account-authorization-details` does not carry it (`list-roles` and
   * `get-role` do): when no source gave it, `maxSessionDurationKnown` is `false` and the number is
   * 3600, IAM's minimum — a floor every role allows, not the role's limit. A flag beside the number
   * rather than an optional number: checks against the floor stay right without a branch, snapshots
   * stored before the flag (numbers only) read unchanged, and graph node facts keep their type.
   * Read it through `knownMaxSessionDuration()`.
   */
  maxSessionDuration: number;
  /** `false` when no source gave `maxSessionDuration`; absent when it is the role's real limit. */
  maxSessionDurationKnown?: false;
  trustPolicy: unknown;
  inlinePolicies: Policy[];
  attachedPolicyArns: string[];
  permissionsBoundaryArn?: string;
  tags: Record<string, string>;
  lastUsed?: { date?: string; region?: string };
  instanceProfileArns: string[];
}

export interface AccessKey {
  /** The access key id (`AKIA…`): an identifier, never the secret. */
  id?: string;
  status: 'Active' | 'Inactive';
  createdAt?: string;
  lastUsedAt?: string;
}

export interface User {
  arn: string;
  name: string;
  path: string;
  /** Unique id, `AIDA…`. */
  id: string;
  account: string;
  createDate?: string;
  groupNames: string[];
  inlinePolicies: Policy[];
  attachedPolicyArns: string[];
  permissionsBoundaryArn?: string;
  tags: Record<string, string>;
  accessKeys: AccessKey[];
  passwordEnabled?: boolean;
  /** From the credential report. */
  mfaActive?: boolean;
}

export interface Group {
  arn: string;
  name: string;
  path: string;
  id: string;
  account: string;
  inlinePolicies: Policy[];
  attachedPolicyArns: string[];
}

export interface ManagedPolicy {
  arn: string;
  name: string;
  path: string;
  id?: string;
  /** Undefined for AWS-managed policies (`arn:aws:iam::aws:policy/…`). */
  account?: string;
  defaultVersionId?: string;
  /** The default version's document. */
  document: unknown;
}

export interface InstanceProfile {
  arn: string;
  name: string;
  path: string;
  id: string;
  account: string;
  /** Usually one; empty when the role was removed from the profile. */
  roleArns: string[];
}

export interface Ec2Instance {
  id: string;
  account: string;
  region: string;
  state?: string;
  name?: string;
  instanceProfileArn?: string;
  tags: Record<string, string>;
  privateIp?: string;
}

export interface PublicAccessBlock {
  blockPublicAcls: boolean;
  ignorePublicAcls: boolean;
  blockPublicPolicy: boolean;
  restrictPublicBuckets: boolean;
}

/**
 * A bucket's default encryption (`GetBucketEncryption`). `none`: the bucket has no default (buckets made
 * before January 2023 could; S3 answers `ServerSideEncryptionConfigurationNotFoundError`). The key is as
 * S3 holds it: a key ARN, a key id, an alias name or an alias ARN; absent for SSE-KMS with the AWS managed
 * key `aws/s3`.
 */
export interface BucketEncryption {
  algorithm: 'AES256' | 'aws:kms' | 'aws:kms:dsse' | 'none' | (string & {});
  kmsKeyId?: string;
  bucketKeyEnabled?: boolean;
}

export interface Bucket {
  name: string;
  account?: string;
  region?: string;
  policy?: unknown;
  publicAccessBlock?: PublicAccessBlock;
  /** Absent when it was not read (not the same as no default encryption). */
  encryption?: BucketEncryption;
}

/** A catalog read without a policy has none (Glue answered `EntityNotFoundException`). */
export interface GlueCatalog {
  account: string;
  region: string;
  policy?: unknown;
}

/** A key listed (`ListKeys`) whose policy was not read has no `policy`: unknown, not empty. */
export interface KmsKey {
  arn: string;
  account: string;
  region: string;
  policy?: unknown;
  /** Alias names (`alias/…`) pointing at this key (`ListAliases`). */
  aliases?: string[];
}

export interface IdentityProvider {
  arn: string;
  account: string;
  kind: 'oidc' | 'saml';
  /** OIDC: the issuer host and path, e.g. `token.actions.githubusercontent.com`. */
  url?: string;
  clientIds?: string[];
}

export const ORG_POLICY_KINDS = ['SCP', 'RCP'] as const;
export type OrgPolicyKind = (typeof ORG_POLICY_KINDS)[number];

export interface OrgPolicy {
  id: string;
  arn?: string;
  name: string;
  kind: OrgPolicyKind;
  document: unknown;
  /** Root, OU or account ids the policy is attached to. */
  targets: string[];
}

export interface OrganizationalUnit {
  id: string;
  name: string;
  parentId: string;
}

export interface Organization {
  id?: string;
  managementAccountId?: string;
  rootId: string;
  units: OrganizationalUnit[];
  /** Account id → the id of its parent (root or OU). */
  accountParents: Record<string, string>;
}

export interface SnapshotWarning {
  /** A file path or an API name. */
  source: string;
  code: string;
  message: string;
}

export const SOURCE_KINDS = ['demo', 'files', 'aws'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export interface Snapshot {
  createdAt: string;
  source: { kind: SourceKind; detail: string };
  accounts: Account[];
  organization?: Organization;
  orgPolicies: OrgPolicy[];
  roles: Role[];
  users: User[];
  groups: Group[];
  managedPolicies: ManagedPolicy[];
  instanceProfiles: InstanceProfile[];
  instances: Ec2Instance[];
  identityProviders: IdentityProvider[];
  buckets: Bucket[];
  glueCatalogs: GlueCatalog[];
  kmsKeys: KmsKey[];
  /** IAM Identity Center's permission sets, assignments and users/groups, where they were read. */
  identityCenter?: IdentityCenter;
  /** EKS clusters (their OIDC issuers). Absent in snapshots stored before workloads were read. */
  eksClusters?: EksCluster[];
  /** Pods' service accounts, node groups, ECS tasks, Lambda functions, Glue jobs, EMR clusters. */
  workloads?: Workload[];
  warnings: SnapshotWarning[];
  /**
   * Per account and source, whether it was read fully, partly or not at all (`coverage.ts`).
   * Absent in snapshots stored before it existed: read it through `coverageOf()`.
   */
  coverage?: SourceRead[];
}

/** A snapshot with nothing in it, to build on. */
export function emptySnapshot(source: Snapshot['source'], createdAt: string): Snapshot {
  return {
    createdAt,
    source,
    accounts: [],
    orgPolicies: [],
    roles: [],
    users: [],
    groups: [],
    managedPolicies: [],
    instanceProfiles: [],
    instances: [],
    identityProviders: [],
    buckets: [],
    glueCatalogs: [],
    kmsKeys: [],
    warnings: [],
  };
}

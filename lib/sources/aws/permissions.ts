/**
 * Exactly what live collection may call, all read-only. A test drives a whole organisation
 * collection through mocks and checks every command sent against this list; the README's policy
 * and the audit role's CloudFormation are generated from it, so they cannot drift apart.
 */
import type { Service } from './clients';

/** AWS's access level of each action (Service Authorization Reference). */
export const READ_ONLY_ACTIONS = {
  'sts:GetCallerIdentity': { level: 'Read', scope: 'all', why: 'who the credentials are (needs no grant)' },
  'iam:GetAccountAuthorizationDetails': {
    level: 'Read',
    scope: 'all',
    why: 'roles, users, groups, policies, trust',
  },
  'iam:ListRoles': {
    level: 'List',
    scope: 'all',
    why: "roles' MaxSessionDuration (authorization details lack it)",
  },
  'iam:ListInstanceProfiles': { level: 'List', scope: 'all', why: 'instance profiles, also without a role' },
  'iam:ListOpenIDConnectProviders': { level: 'List', scope: 'all', why: 'OIDC providers' },
  'iam:GetOpenIDConnectProvider': { level: 'Read', scope: 'all', why: "OIDC providers' client ids" },
  'iam:ListSAMLProviders': { level: 'List', scope: 'all', why: 'SAML providers' },
  'iam:GenerateCredentialReport': {
    level: 'Read',
    scope: 'all',
    why: 'asks IAM to (re)build the credential report',
  },
  'iam:GetCredentialReport': { level: 'Read', scope: 'all', why: "users' keys, passwords, MFA" },
  's3:ListAllMyBuckets': { level: 'List', scope: 'all', why: 'the buckets (ListBuckets)' },
  's3:GetBucketLocation': { level: 'Read', scope: 'all', why: "a bucket's region" },
  's3:GetBucketPolicy': { level: 'Read', scope: 'all', why: 'bucket policies' },
  's3:GetBucketPublicAccessBlock': {
    level: 'Read',
    scope: 'all',
    why: 'Block Public Access (GetPublicAccessBlock)',
  },
  's3:GetEncryptionConfiguration': {
    level: 'Read',
    scope: 'all',
    why: "a bucket's default encryption and KMS key (GetBucketEncryption)",
  },
  'ec2:DescribeRegions': { level: 'List', scope: 'all', why: 'enabled regions' },
  'ec2:DescribeInstances': { level: 'List', scope: 'all', why: 'instances and their instance profiles' },
  'glue:GetResourcePolicy': {
    level: 'Read',
    scope: 'all',
    why: "the Data Catalog's resource policy per region",
  },
  'kms:ListKeys': { level: 'List', scope: 'all', why: 'KMS keys per region' },
  'kms:GetKeyPolicy': { level: 'Read', scope: 'all', why: 'key policies (the default policy of each key)' },
  'kms:ListAliases': {
    level: 'List',
    scope: 'all',
    why: "keys' alias names, as bucket encryption may name them",
  },
  'eks:ListClusters': { level: 'List', scope: 'all', why: 'EKS clusters' },
  'eks:DescribeCluster': { level: 'Read', scope: 'all', why: "a cluster's OIDC issuer (IRSA)" },
  'eks:ListNodegroups': { level: 'List', scope: 'all', why: 'node groups' },
  'eks:DescribeNodegroup': { level: 'Read', scope: 'all', why: "a node group's instance role" },
  'eks:ListPodIdentityAssociations': { level: 'List', scope: 'all', why: 'Pod Identity associations' },
  'eks:DescribePodIdentityAssociation': { level: 'Read', scope: 'all', why: "an association's role" },
  'ecs:ListTaskDefinitionFamilies': { level: 'List', scope: 'all', why: 'active task definition families' },
  'ecs:DescribeTaskDefinition': { level: 'Read', scope: 'all', why: 'task and execution roles' },
  'ecs:ListClusters': { level: 'List', scope: 'all', why: 'ECS clusters, for their services' },
  'ecs:ListServices': { level: 'List', scope: 'all', why: "a cluster's services" },
  'ecs:DescribeServices': {
    level: 'Read',
    scope: 'all',
    why: 'the task definition revisions services run (older than the latest, too)',
  },
  'lambda:ListFunctions': { level: 'List', scope: 'all', why: 'functions and their execution roles' },
  'glue:GetJobs': { level: 'Read', scope: 'all', why: "Glue jobs' roles" },
  'glue:GetCrawlers': { level: 'Read', scope: 'all', why: "Glue crawlers' roles" },
  'elasticmapreduce:ListClusters': { level: 'List', scope: 'all', why: 'running EMR clusters' },
  'elasticmapreduce:DescribeCluster': {
    level: 'Read',
    scope: 'all',
    why: "a cluster's instance profile and service role",
  },
  // The Service Authorization Reference files Identity Center's and the identity store's list calls under Read.
  'sso:ListInstances': {
    level: 'Read',
    scope: 'all',
    why: 'the Identity Center instance this account can see (management or delegated admin)',
  },
  'sso:ListPermissionSets': { level: 'Read', scope: 'all', why: "the instance's permission sets" },
  'sso:DescribePermissionSet': {
    level: 'Read',
    scope: 'all',
    why: "a permission set's name (its AWSReservedSSO_ roles carry it)",
  },
  'sso:ListAccountsForProvisionedPermissionSet': {
    level: 'Read',
    scope: 'all',
    why: 'the accounts a permission set is provisioned to',
  },
  'sso:ListAccountAssignments': {
    level: 'Read',
    scope: 'all',
    why: 'the users and groups assigned to a permission set in an account',
  },
  'identitystore:DescribeUser': { level: 'Read', scope: 'all', why: "an assigned user's name and e-mail" },
  'identitystore:DescribeGroup': { level: 'Read', scope: 'all', why: "an assigned group's name" },
  'cloudtrail:LookupEvents': { level: 'Read', scope: 'all', why: 'AssumeRole* events' },
  'organizations:DescribeOrganization': { level: 'Read', scope: 'organization', why: 'the organisation' },
  'organizations:ListRoots': { level: 'List', scope: 'organization', why: 'its root' },
  'organizations:ListAccounts': { level: 'List', scope: 'organization', why: 'member accounts' },
  'organizations:ListOrganizationalUnitsForParent': { level: 'List', scope: 'organization', why: 'OUs' },
  'organizations:ListParents': { level: 'List', scope: 'organization', why: "each account's OU" },
  'organizations:ListPolicies': { level: 'List', scope: 'organization', why: 'SCPs and RCPs' },
  'organizations:DescribePolicy': { level: 'Read', scope: 'organization', why: 'their documents' },
  'organizations:ListTargetsForPolicy': {
    level: 'List',
    scope: 'organization',
    why: 'where they are attached',
  },
  // AWS files AssumeRole under "Write" because it issues credentials; it changes nothing in the account.
  'sts:AssumeRole': {
    level: 'Write',
    scope: 'organization',
    why: "the members' audit role (with sts:ExternalId)",
  },
} as const satisfies Record<
  string,
  { level: 'Read' | 'List' | 'Write'; scope: 'all' | 'organization'; why: string }
>;
export type CollectAction = keyof typeof READ_ONLY_ACTIONS;

/** Verbs that change state; no collected action may start with one. */
export const MUTATING_VERBS = [
  'Create',
  'Delete',
  'Put',
  'Update',
  'Attach',
  'Detach',
  'Set',
  'Tag',
  'Untag',
  'Add',
  'Remove',
  'Upload',
  'Modify',
  'Enable',
  'Disable',
  'Associate',
  'Disassociate',
  'Start',
  'Stop',
  'Terminate',
  'Run',
  'Reboot',
  'Change',
  'Reset',
  'Restore',
  'Replace',
  'Register',
  'Deregister',
  'Invite',
  'Accept',
  'Decline',
  'Move',
] as const;

/** Where an SDK command's name differs from the IAM action it needs. */
const COMMAND_ACTIONS: Record<string, string> = {
  's3:ListBuckets': 's3:ListAllMyBuckets',
  's3:GetPublicAccessBlock': 's3:GetBucketPublicAccessBlock',
  's3:GetBucketEncryption': 's3:GetEncryptionConfiguration',
};

/** The IAM action an SDK command needs: `('s3', 'ListBucketsCommand')` → `s3:ListAllMyBuckets`. */
export function actionOfCommand(service: Service, commandName: string): string {
  // EMR's IAM service prefix is `elasticmapreduce`, not the SDK's `emr`.
  const prefix = service === 'emr' ? 'elasticmapreduce' : service;
  const op = `${prefix}:${commandName.replace(/Command$/, '')}`;
  return COMMAND_ACTIONS[op] ?? op;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: { Sid: string; Effect: 'Allow'; Action: string[]; Resource: string | string[] }[];
}

/**
 * The IAM policy collection needs. `member`: what the audit role of each member account needs
 * (and what a single account needs). `collector` with `organization`: the identity running the
 * collection in the management account also reads the organisation and assumes the audit roles.
 */
export function requiredPolicy(
  opts: { organization?: boolean; auditRoleName?: string; partition?: string; member?: boolean } = {},
): PolicyDocument {
  const reads = (Object.keys(READ_ONLY_ACTIONS) as CollectAction[]).filter(
    (a) => READ_ONLY_ACTIONS[a].scope === 'all' && a !== 'sts:GetCallerIdentity',
  );
  const statements: PolicyDocument['Statement'] = [
    { Sid: 'RolechainReadAccount', Effect: 'Allow', Action: reads, Resource: '*' },
  ];
  if (opts.organization && !opts.member) {
    const org = (Object.keys(READ_ONLY_ACTIONS) as CollectAction[]).filter((a) =>
      a.startsWith('organizations:'),
    );
    statements.push({ Sid: 'RolechainReadOrganization', Effect: 'Allow', Action: org, Resource: '*' });
    statements.push({
      Sid: 'RolechainAssumeAuditRoles',
      Effect: 'Allow',
      Action: ['sts:AssumeRole'],
      Resource: `arn:${opts.partition ?? 'aws'}:iam::*:role/${opts.auditRoleName ?? 'RolechainAudit'}`,
    });
  }
  return { Version: '2012-10-17', Statement: statements };
}

/**
 * CloudFormation for the audit role in each member account (deploy with a StackSet): trusts the
 * collector's account only with the ExternalId, and allows the member reads above, nothing else.
 */
export function auditRoleCloudFormation(roleName = 'RolechainAudit'): string {
  const policy = JSON.stringify(requiredPolicy({ member: true }));
  return `AWSTemplateFormatVersion: '2010-09-09'
Description: Read-only role that Rolechain assumes to collect this account (IAM, S3 policies and encryption, EC2, workloads, Glue and KMS policies, CloudTrail).
Parameters:
  CollectorAccountId:
    Type: String
    AllowedPattern: '^\\d{12}$'
    Description: The account where Rolechain runs (usually the management or a security account).
  ExternalId:
    Type: String
    MinLength: 2
    NoEcho: true
    Description: The value passed to rolechain collect --external-id.
Resources:
  RolechainAuditRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: ${roleName}
      MaxSessionDuration: 3600
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal:
              AWS: !Sub 'arn:\${AWS::Partition}:iam::\${CollectorAccountId}:root'
            Action: sts:AssumeRole
            Condition:
              StringEquals:
                sts:ExternalId: !Ref ExternalId
      Policies:
        - PolicyName: RolechainReadOnly
          PolicyDocument: ${policy}
Outputs:
  RoleArn:
    Value: !GetAtt RolechainAuditRole.Arn
`;
}

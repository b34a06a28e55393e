/**
 * Managed policies: the AWS-managed ones attached somewhere in the demo, and the customer-managed ones.
 */
import { LAKE, PLATFORM, REGION, awsPolicyArn, policyArn, roleArn } from './catalog';
import { allow, doc } from './policy';
import type { ManagedPolicySpec } from './iam-types';

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

export const INSTANCE_BASE = policyArn(PLATFORM, 'data-platform-instance-base');
export const WORKLOAD_BOUNDARY = policyArn(LAKE, 'data-lake-workload-boundary');

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
          allow(['sts:AssumeRole', 'sts:SetSourceIdentity'], roleArn(PLATFORM, 'data-engineer-role'), {
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

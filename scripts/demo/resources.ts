/** Resource-side files: S3 buckets and their policies, the Glue catalog policy, EC2 instances, a KMS key. */
import {
  BUCKET_FINANCE,
  BUCKET_LAKEHOUSE,
  BUCKET_TRAIL,
  KMS_KEY_ID,
  LAKE,
  ORG_ID,
  PLATFORM,
  REGION,
  SECURITY,
  profileArn,
  roleArn,
} from './catalog';
import { INSTANCES } from './fleet';
import type { InstanceSpec } from './fleet';
import { doc } from './policy';
import { GLUE_CATALOG_READ } from './grants';
import type { PolicyDoc } from './policy';
import { profileId } from './authz';
import type { Ids } from './rng';
import { cliTime, daysAgo } from './time';

interface BucketSpec {
  account: string;
  name: string;
  region: string;
  created: string;
  policy?: PolicyDoc;
}

const denyInsecure = (bucket: string) => ({
  Sid: 'DenyInsecureTransport',
  Effect: 'Deny' as const,
  Principal: '*',
  Action: 's3:*',
  Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
});

export const BUCKETS: readonly BucketSpec[] = [
  {
    account: LAKE,
    name: BUCKET_LAKEHOUSE,
    region: REGION,
    created: '2021-03-09T17:42:18+00:00',
    policy: doc(denyInsecure(BUCKET_LAKEHOUSE)),
  },
  {
    account: LAKE,
    name: BUCKET_FINANCE,
    region: REGION,
    created: '2022-01-20T09:12:51+00:00',
    // Finance locked the bucket down to its own role; airflow-s3-role was added to the deny list by name.
    policy: doc(denyInsecure(BUCKET_FINANCE), {
      Sid: 'DenyAirflowRole',
      Effect: 'Deny',
      Principal: { AWS: roleArn(LAKE, 'airflow-s3-role') },
      Action: 's3:*',
      Resource: [`arn:aws:s3:::${BUCKET_FINANCE}`, `arn:aws:s3:::${BUCKET_FINANCE}/*`],
    }),
  },
  {
    account: SECURITY,
    name: BUCKET_TRAIL,
    region: REGION,
    created: '2021-02-05T12:01:09+00:00',
    policy: doc(
      {
        Sid: 'AWSCloudTrailAclCheck',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:GetBucketAcl',
        Resource: `arn:aws:s3:::${BUCKET_TRAIL}`,
      },
      {
        Sid: 'AWSCloudTrailWrite',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `arn:aws:s3:::${BUCKET_TRAIL}/AWSLogs/*`,
        Condition: {
          StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceOrgID': ORG_ID },
        },
      },
      denyInsecure(BUCKET_TRAIL),
    ),
  },
];

/** S3 files of one account, path (relative to `s3/`) → JSON value. */
export function s3Files(ids: Ids, account: string): Record<string, unknown> {
  const files: Record<string, unknown> = {};
  const mine = BUCKETS.filter((b) => b.account === account);
  files['list-buckets.json'] = {
    Buckets: mine.map((b) => ({ Name: b.name, CreationDate: b.created, BucketRegion: b.region })),
    Owner: { DisplayName: `aws-${account}`, ID: ids.hex('canonical-user', account, 64) },
    Prefix: null,
  };
  for (const b of mine) {
    if (b.policy) files[`${b.name}/get-bucket-policy.json`] = { Policy: JSON.stringify(b.policy) };
    files[`${b.name}/get-public-access-block.json`] = {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: true,
        RestrictPublicBuckets: true,
      },
    };
    files[`${b.name}/get-bucket-location.json`] = {
      LocationConstraint: b.region === 'us-east-1' ? null : b.region,
    };
    // The lakehouse is SSE-KMS with its customer managed key (named by alias, as people set it); the rest SSE-S3.
    const kms = b.name === BUCKET_LAKEHOUSE;
    files[`${b.name}/get-bucket-encryption.json`] = {
      ServerSideEncryptionConfiguration: {
        Rules: [
          {
            ApplyServerSideEncryptionByDefault: kms
              ? { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: `arn:aws:kms:${REGION}:${LAKE}:${KMS_ALIAS}` }
              : { SSEAlgorithm: 'AES256' },
            BucketKeyEnabled: kms,
          },
        ],
      },
    };
  }
  return files;
}

/** `aws glue get-resource-policy` of the data-lake catalog. */
export function glueResourcePolicy(): unknown {
  const catalog = `arn:aws:glue:${REGION}:${LAKE}`;
  const policy = doc({
    Sid: 'StarRocksCatalogRead',
    Effect: 'Allow',
    Principal: { AWS: roleArn(LAKE, 'glue_assumed_role') },
    Action: [...GLUE_CATALOG_READ],
    Resource: [`${catalog}:catalog`, `${catalog}:database/*`, `${catalog}:table/*/*`],
  });
  return {
    PolicyInJson: JSON.stringify(policy),
    PolicyHash: 'bW9ja1BvbGljeUhhc2hGb3JEZW1vQ2F0YWxvZw==',
    CreateTime: '2025-08-21T14:03:11.482000+00:00',
    UpdateTime: '2025-08-21T14:03:11.482000+00:00',
  };
}

/** The alias the lakehouse bucket's default encryption names. */
export const KMS_ALIAS = 'alias/rolechain-lakehouse';

/**
 * `aws kms get-key-policy` of the lakehouse key: the default statement that delegates to IAM, and the
 * security team's guard that only roles may decrypt lakehouse data — which stops the legacy IAM user
 * `legacy-report-user` at the key policy, whatever its own policy allows.
 */
export function kmsKeyPolicy(): { keyId: string; file: unknown } {
  const policy = doc(
    {
      Sid: 'Enable IAM User Permissions',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${LAKE}:root` },
      Action: 'kms:*',
      Resource: '*',
    },
    {
      Sid: 'OnlyRolesDecryptLakehouseData',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Resource: '*',
      Condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/*' } },
    },
  );
  return { keyId: KMS_KEY_ID, file: { Policy: JSON.stringify(policy, null, 4), PolicyName: 'default' } };
}

/** `aws kms list-keys` and `aws kms list-aliases` of the data-lake account in the demo's region. */
export function kmsListings(): { keys: unknown; aliases: unknown } {
  return {
    keys: { Keys: [{ KeyId: KMS_KEY_ID, KeyArn: `arn:aws:kms:${REGION}:${LAKE}:key/${KMS_KEY_ID}` }] },
    aliases: {
      Aliases: [
        {
          AliasName: KMS_ALIAS,
          AliasArn: `arn:aws:kms:${REGION}:${LAKE}:${KMS_ALIAS}`,
          TargetKeyId: KMS_KEY_ID,
          CreationDate: '2025-03-14T09:12:44.210000+00:00',
          LastUpdatedDate: '2025-03-14T09:12:44.210000+00:00',
        },
      ],
    },
  };
}

/** The private address of the i-th instance of the fleet. */
export const instanceIp = (i: number): string => `10.20.${(i % 3) + 1}.${20 + i * 3}`;

export const instanceId = (ids: Ids, spec: InstanceSpec): string =>
  `i-0${ids.hex('instance', spec.name, 16)}`;

/** `aws ec2 describe-instances` of the data-platform account in us-west-2. */
export function describeInstances(ids: Ids): unknown {
  return {
    Reservations: INSTANCES.map((spec, i) => {
      const id = instanceId(ids, spec);
      const ip = instanceIp(i);
      const launch = cliTime(daysAgo(spec.launchedDaysAgo, 6, 12));
      const instance: Record<string, unknown> = {
        AmiLaunchIndex: 0,
        ImageId: `ami-0${ids.hex('ami', spec.cluster, 16)}`,
        InstanceId: id,
        InstanceType: spec.instanceType,
        LaunchTime: launch,
        Monitoring: { State: 'disabled' },
        Placement: { AvailabilityZone: spec.az, GroupName: '', Tenancy: 'default' },
        PrivateDnsName: `ip-${ip.replaceAll('.', '-')}.us-west-2.compute.internal`,
        PrivateIpAddress: ip,
        ProductCodes: [],
        PublicDnsName: '',
        State: { Code: 16, Name: 'running' },
        StateTransitionReason: '',
        SubnetId: `subnet-0${ids.hex('subnet', spec.az, 16)}`,
        VpcId: `vpc-0${ids.hex('vpc', PLATFORM, 16)}`,
        Architecture: 'x86_64',
        ...(spec.profile === undefined
          ? {}
          : {
              IamInstanceProfile: {
                Arn: profileArn(PLATFORM, spec.profile),
                Id: profileId(ids, profileArn(PLATFORM, spec.profile)),
              },
            }),
        MetadataOptions: {
          State: 'applied',
          HttpTokens: 'required',
          HttpPutResponseHopLimit: 2,
          HttpEndpoint: 'enabled',
        },
        Tags: [
          { Key: 'Name', Value: spec.name },
          { Key: 'Cluster', Value: spec.cluster },
          { Key: 'Component', Value: spec.component },
          { Key: 'demo-case', Value: spec.demoCase },
        ],
      };
      return {
        Groups: [],
        Instances: [instance],
        OwnerId: PLATFORM,
        ReservationId: `r-0${ids.hex('reservation', spec.name, 16)}`,
      };
    }),
  };
}

/**
 * A small hand-made estate the documentation's statements are checked against (test/real/statements.test.ts).
 * Everything a working chain needs is granted exactly once, so each mutation removes one thing and must
 * break exactly one step. Written from the AWS IAM User Guide's rules, not from Rolechain's output:
 * - cluster-role (111111111111) is the instance role (trusts ec2.amazonaws.com) and may AssumeRole the two
 *   lake roles; it also reads the bucket and its own account's Glue catalog (for instance-profile set-ups);
 * - ext-role (222222222222) trusts cluster-role with sts:ExternalId = ext-1234; plain-role trusts it with no
 *   condition; both hold the Doris "S3 write policy template" on docs-bucket and the Glue Get* reads;
 * - etl-user (111111111111) owns the access key AKIAIOSFODNN7EXAMPLE (AWS's documented example key id) and
 *   holds the same S3 and Glue grants;
 * - docs-bucket (222222222222) grants cluster-role and etl-user in its bucket policy (cross-account needs it).
 */
import type { Snapshot } from '../../lib/model';
import {
  A,
  B,
  allow,
  bucket,
  doc,
  externalId,
  instance,
  profile,
  role,
  roleArn,
  snapshotOf,
  trustAws,
  trustService,
  user,
  userArn,
} from '../../lib/graph/testkit';

export const BUCKET = 'docs-bucket';
export const KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
export const EXT_ID = 'ext-1234';
export const REGION = 'us-west-2';
export const CLUSTER = roleArn(A, 'cluster-role');
export const PROFILE = `arn:aws:iam::${A}:instance-profile/cluster-profile`;
export const EXT_ROLE = roleArn(B, 'ext-role');
export const PLAIN_ROLE = roleArn(B, 'plain-role');
export const USER = userArn(A, 'etl-user');

export const S3_OBJECT_ACTIONS = [
  's3:PutObject',
  's3:GetObject',
  's3:GetObjectVersion',
  's3:DeleteObject',
  's3:DeleteObjectVersion',
  's3:AbortMultipartUpload',
  's3:ListMultipartUploadParts',
];
export const S3_BUCKET_ACTIONS = ['s3:ListBucket', 's3:GetBucketLocation'];
export const GLUE_ACTIONS = [
  'glue:GetDatabase',
  'glue:GetDatabases',
  'glue:GetTable',
  'glue:GetTables',
  'glue:GetPartitions',
];

export interface Mutation {
  /** Remove this action from every principal's grants (step 4). */
  dropAction?: string;
  /** cluster-role loses sts:AssumeRole (step 1 of an assumed chain). */
  noAssume?: boolean;
  /** cluster-role no longer trusts EC2 (step 1 of an instance-profile chain). */
  noEc2Trust?: boolean;
  /** The lake roles' trust asks another ExternalId / names another principal (step 2). */
  otherTrust?: boolean;
  /** The bucket policy (and the Glue catalog policies) deny the acting principal (step 5). */
  denyResource?: string;
  /** etl-user's key is not in the snapshot. */
  unknownKey?: boolean;
}

const grants = (account: string, drop?: string): unknown[] => {
  const keep = (xs: string[]) => xs.filter((x) => x !== drop);
  return [
    allow(keep(S3_OBJECT_ACTIONS), `arn:aws:s3:::${BUCKET}/*`),
    allow(keep(S3_BUCKET_ACTIONS), `arn:aws:s3:::${BUCKET}`),
    allow(keep(GLUE_ACTIONS), [
      `arn:aws:glue:${REGION}:${account}:catalog`,
      `arn:aws:glue:${REGION}:${account}:database/*`,
      `arn:aws:glue:${REGION}:${account}:table/*/*`,
    ]),
  ];
};

export function world(m: Mutation = {}): Snapshot {
  // A dropped action is taken from every principal: only the one acting on the resource matters.
  const dropFor = (_arn: string) => m.dropAction;
  const cluster = role(
    A,
    'cluster-role',
    doc(m.noEc2Trust ? trustService('ecs-tasks.amazonaws.com') : trustService('ec2.amazonaws.com')),
    [
      doc(
        ...(m.noAssume ? [] : [allow('sts:AssumeRole', [EXT_ROLE, PLAIN_ROLE])]),
        ...grants(A, dropFor(CLUSTER)),
      ),
    ],
  );
  cluster.instanceProfileArns = [PROFILE];
  const ext = role(B, 'ext-role', doc(trustAws(CLUSTER, externalId(m.otherTrust ? 'another-id' : EXT_ID))), [
    doc(...grants(B, dropFor(EXT_ROLE))),
  ]);
  const plain = role(B, 'plain-role', doc(trustAws(m.otherTrust ? roleArn(A, 'someone-else') : CLUSTER)), [
    doc(...grants(B, dropFor(PLAIN_ROLE))),
  ]);
  const etl = user(A, 'etl-user', [doc(...grants(A, dropFor(USER)))], {
    accessKeys: m.unknownKey ? [] : [{ id: KEY_ID, status: 'Active' }],
  });
  const deny = m.denyResource
    ? [{ Effect: 'Deny', Principal: { AWS: m.denyResource }, Action: ['s3:*', 'glue:*'], Resource: '*' }]
    : [];
  const bucketPolicy = doc(
    {
      Effect: 'Allow',
      Principal: { AWS: [CLUSTER, USER] },
      Action: 's3:*',
      Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`],
    },
    ...deny.map((d) => ({
      ...d,
      Action: 's3:*',
      Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`],
    })),
  );
  const gluePolicy = (account: string) =>
    m.denyResource
      ? {
          policy: doc(
            ...deny.map((d) => ({ ...d, Action: 'glue:*', Resource: `arn:aws:glue:${REGION}:${account}:*` })),
          ),
        }
      : {};
  return snapshotOf({
    roles: [cluster, ext, plain],
    users: [etl],
    instanceProfiles: [profile(A, 'cluster-profile', [CLUSTER])],
    instances: [instance(A, 'i-0123456789abcdef0', PROFILE)],
    // SSE-S3, S3's default for every bucket since January 2023: no KMS key in these chains.
    buckets: [{ ...bucket(B, BUCKET, bucketPolicy), encryption: { algorithm: 'AES256' } }],
    glueCatalogs: [
      { account: A, region: REGION, ...gluePolicy(A) },
      { account: B, region: REGION, ...gluePolicy(B) },
    ],
  });
}

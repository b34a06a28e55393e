/**
 * Policy statements the demo's roles share: prefix access to the lakehouse bucket, the KMS key, AssumeRole grants.
 */
import { BUCKET_LAKEHOUSE, KMS_KEY_ARN, LAKE, REGION, awsPolicyArn } from './catalog';
import { allow, doc } from './policy';
import type { PolicyDoc } from './policy';

export const SSM = awsPolicyArn('AmazonSSMManagedInstanceCore');
export const lake = (prefix: string) => `arn:aws:s3:::${BUCKET_LAKEHOUSE}/${prefix}`;
export const LAKE_BUCKET = `arn:aws:s3:::${BUCKET_LAKEHOUSE}`;
export const kmsUse = allow(['kms:Decrypt', 'kms:GenerateDataKey'], KMS_KEY_ARN, { Sid: 'LakehouseKey' });

/** s3 access to one prefix of the lakehouse bucket, the way the Doris and StarRocks docs suggest it. */
export const prefixAccess = (prefix: string, write: boolean): PolicyDoc =>
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

export const assumeOnly = (sid: string, ...targets: string[]): PolicyDoc =>
  doc(allow('sts:AssumeRole', targets.length === 1 ? targets[0]! : targets, { Sid: sid }));

/** The data-lake Glue catalog's read actions StarRocks' Glue metastore calls, on the catalog, its databases and tables. */
export const GLUE_CATALOG_READ = [
  'glue:GetDatabase',
  'glue:GetDatabases',
  'glue:GetTable',
  'glue:GetTables',
  'glue:GetPartition',
  'glue:GetPartitions',
] as const;

/**
 * The `GlueCatalogRead` statement on the data-lake catalog. `without` leaves actions out, for a role
 * written with one missing on purpose.
 */
export const glueCatalogRead = (without: readonly (typeof GLUE_CATALOG_READ)[number][] = []): PolicyDoc =>
  doc(
    allow(
      GLUE_CATALOG_READ.filter((a) => !without.includes(a)),
      [
        `arn:aws:glue:${REGION}:${LAKE}:catalog`,
        `arn:aws:glue:${REGION}:${LAKE}:database/*`,
        `arn:aws:glue:${REGION}:${LAKE}:table/*/*`,
      ],
      { Sid: 'GlueCatalogRead' },
    ),
  );

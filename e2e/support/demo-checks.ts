/**
 * The demo's chains that the checker specs check: the Doris chain (works on all five steps) and the
 * StarRocks catalog statement (two chains, S3 and Glue). views.spec.ts types them into the checker's
 * form; report-print.spec.ts posts them to the report route. One copy, so the two cannot drift apart.
 */

/** doris-be-instance-role into doris-s3-role with its ExternalId, reading a Doris object: works. */
export const DORIS_CHAIN = {
  source: 'arn:aws:iam::111111111111:role/doris-be-instance-role',
  targetRole: 'arn:aws:iam::222222222222:role/doris-s3-role',
  resource: 's3://rolechain-demo-lakehouse/doris/backup/part-0001.parquet',
  action: 's3:GetObject',
  externalId: 'doris-external-id',
};

/** A StarRocks Glue catalog as its docs write it, and the cluster's instance role; it names no bucket. */
export const STARROCKS_CATALOG = {
  text: `CREATE EXTERNAL CATALOG glue_catalog
PROPERTIES (
  "type" = "hive",
  "hive.metastore.type" = "glue",
  "aws.glue.use_instance_profile" = "true",
  "aws.glue.iam_role_arn" = "arn:aws:iam::222222222222:role/glue_assumed_role",
  "aws.glue.external_id" = "starrocks-external-id",
  "aws.glue.region" = "us-west-2",
  "aws.s3.use_instance_profile" = "true",
  "aws.s3.iam_role_arn" = "arn:aws:iam::222222222222:role/s3_assumed_role",
  "aws.s3.external_id" = "starrocks-external-id",
  "aws.s3.region" = "us-west-2"
);`,
  source: 'arn:aws:iam::111111111111:role/starrocks-instance-role',
  /** The object to check, given apart: the statement does not name one. */
  resource: 's3://rolechain-demo-lakehouse/starrocks/warehouse/part-0001.parquet',
};

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectKind } from './statement-text';
import type { StatementReading } from './statement';
import { asResource, endpointRegion, readStatement } from './statement';

const read = (text: string): StatementReading => {
  const r = readStatement(text);
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  return r.value;
};

describe('detectKind', () => {
  it('tells SQL, .properties, core-site.xml and spark-defaults.conf apart by their shape', () => {
    assert.equal(
      detectKind('CREATE REPOSITORY r WITH S3 ON LOCATION "s3://b/p" PROPERTIES ("a" = "b")'),
      'sql',
    );
    assert.equal(
      detectKind('connector.name=hive\nhive.s3.iam-role=arn:aws:iam::123456789012:role/r\n'),
      'properties',
    );
    assert.equal(
      detectKind(
        '<?xml version="1.0"?>\n<configuration><property><name>a</name><value>b</value></property></configuration>',
      ),
      'core-site-xml',
    );
    assert.equal(
      detectKind('spark.hadoop.fs.s3a.assumed.role.arn   arn:aws:iam::123456789012:role/r\n'),
      'spark-defaults',
    );
    assert.equal(
      detectKind('spark-submit --conf spark.sql.catalog.c.warehouse=s3://b/w app.py'),
      'spark-defaults',
    );
  });
});

describe('readStatement: forms and their actions', () => {
  it('reads a Doris SELECT … INTO OUTFILE as a write with multipart upload', () => {
    const r = read(`SELECT * FROM tbl INTO OUTFILE "s3://bucket/result_" FORMAT AS CSV
      PROPERTIES ("s3.endpoint" = "s3.us-east-1.amazonaws.com", "s3.region" = "us-east-1",
                  "s3.role_arn" = "arn:aws:iam::123456789012:role/writer")`);
    assert.equal(r.form, 'outfile');
    assert.deepEqual(r.chains[0]?.actions, ['s3:PutObject', 's3:AbortMultipartUpload']);
    assert.equal(r.chains[0]?.resource, 's3://bucket/result_/');
  });

  it('reads a StarRocks SUBMIT TASK around INSERT INTO FILES as an unload, and around FILES() reads as a load', () => {
    const unload = read(`SUBMIT TASK AS INSERT INTO FILES("path" = "s3://b/out/", "format" = "parquet",
      "aws.s3.use_instance_profile" = "true", "aws.s3.region" = "us-west-2") SELECT * FROM t`);
    assert.equal(unload.form, 'files-unload');
    assert.equal(unload.chains[0]?.credentials, 'instance-profile');
    const load = read(`SUBMIT TASK AS INSERT INTO t SELECT * FROM FILES("path" = "s3://b/in/*.parquet",
      "format" = "parquet", "aws.s3.use_instance_profile" = "true", "aws.s3.region" = "us-west-2")`);
    assert.equal(load.form, 'files-load');
    assert.deepEqual(load.chains[0]?.actions, ['s3:GetObject', 's3:ListBucket']);
    assert.equal(load.chains[0]?.resource, 's3://b/in/');
  });

  it('reads a CREATE READ ONLY REPOSITORY as reads only', () => {
    const r = read(`CREATE READ ONLY REPOSITORY r WITH S3 ON LOCATION "s3://b/backup"
      PROPERTIES ("s3.role_arn" = "arn:aws:iam::123456789012:role/r")`);
    assert.equal(r.form, 'read-only-repository');
    assert.deepEqual(r.chains[0]?.actions, ['s3:GetObject', 's3:ListBucket']);
  });

  it('reads every DATA INFILE of a load as its own chain', () => {
    const r =
      read(`LOAD LABEL l (DATA INFILE("s3://a/x.csv") INTO TABLE t, DATA INFILE("s3://b/y.csv") INTO TABLE u)
      WITH S3 ("s3.role_arn" = "arn:aws:iam::123456789012:role/r")`);
    assert.deepEqual(
      r.chains.map((c) => c.resource),
      ['s3://a/x.csv', 's3://b/y.csv'],
    );
  });
});

describe('readStatement: credentials', () => {
  it('reads a Doris statement with neither role nor key as the SDK default chain (the instance profile)', () => {
    const r = read(
      `CREATE REPOSITORY r WITH S3 ON LOCATION "s3://b/p" PROPERTIES ("s3.region" = "us-east-1")`,
    );
    assert.equal(r.chains[0]?.credentials, 'default-chain');
    assert.equal(r.chains[0]?.targetRole, undefined);
  });

  it('refuses to check a StarRocks role when use_instance_profile is not true and no key is given, and says why', () => {
    const r =
      read(`CREATE EXTERNAL CATALOG c PROPERTIES ("type" = "hive", "hive.metastore.uris" = "thrift://h:9083",
      "aws.s3.iam_role_arn" = "arn:aws:iam::123456789012:role/r", "aws.s3.region" = "us-west-2")`);
    assert.match(r.chains[0]?.notCheckable ?? '', /use_instance_profile is not set \(default false\)/);
    assert.equal(r.contradictions.length, 1);
  });

  it('reads aws.glue.catalog_id as the Glue catalog’s own account', () => {
    const r = read(`CREATE EXTERNAL CATALOG c PROPERTIES ("type" = "iceberg", "iceberg.catalog.type" = "glue",
      "aws.glue.use_instance_profile" = "true", "aws.glue.catalog_id" = "999999999999", "aws.glue.region" = "us-west-2",
      "aws.s3.use_instance_profile" = "true", "aws.s3.region" = "us-west-2")`);
    const glue = r.chains.find((c) => c.service === 'glue');
    assert.equal(glue?.catalogAccount, '999999999999');
    assert.equal(glue?.credentials, 'instance-profile');
  });

  it('masks secrets and shortens access key ids in the properties it returns', () => {
    const r = read(`LOAD LABEL l (DATA INFILE("s3://b/x") INTO TABLE t) WITH S3 (
      "s3.access_key" = "AKIAIOSFODNN7EXAMPLE", "s3.secret_key" = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")`);
    assert.equal(r.properties['s3.secret_key'], '****');
    assert.equal(r.properties['s3.access_key'], 'AKIA…MPLE');
    assert.equal(r.chains[0]?.credentials, 'iam-user');
  });
});

describe('readStatement: Hadoop S3A, Spark and Iceberg', () => {
  it('reads per-bucket S3A roles as chains of their own, with the session duration', () => {
    const r =
      read(`spark.hadoop.fs.s3a.aws.credentials.provider  org.apache.hadoop.fs.s3a.auth.AssumedRoleCredentialProvider
spark.hadoop.fs.s3a.assumed.role.arn  arn:aws:iam::123456789012:role/base
spark.hadoop.fs.s3a.bucket.landing.assumed.role.arn  arn:aws:iam::123456789012:role/landing
spark.hadoop.fs.s3a.assumed.role.session.duration  30m
`);
    assert.equal(r.kind, 'spark-defaults');
    assert.equal(r.engine, 'hadoop');
    assert.deepEqual(
      r.chains.map((c) => [c.label, c.targetRole, c.resource, c.durationSeconds]),
      [
        ['S3', 'arn:aws:iam::123456789012:role/base', undefined, 1800],
        ['S3 (bucket landing)', 'arn:aws:iam::123456789012:role/landing', 's3://landing/', 1800],
      ],
    );
  });

  it('notes that an S3A role without AssumedRoleCredentialProvider is never assumed', () => {
    const r = read(`<configuration><property><name>fs.s3a.assumed.role.arn</name>
      <value>arn:aws:iam::123456789012:role/r</value></property></configuration>`);
    assert.equal(r.chains[0]?.credentials, 'default-chain');
    assert.match(r.notes.join(' '), /does not name AssumedRoleCredentialProvider/);
  });

  it('reads an Iceberg catalog file with glue.id as a cross-account Glue chain and the warehouse chain', () => {
    const r = read(`catalog-impl=org.apache.iceberg.aws.glue.GlueCatalog
warehouse=s3://lake/warehouse
glue.id=999999999999
client.factory=org.apache.iceberg.aws.AssumeRoleAwsClientFactory
client.assume-role.arn=arn:aws:iam::123456789012:role/iceberg
client.assume-role.external-id=ice-ext
client.assume-role.region=eu-west-1
`);
    assert.equal(r.engine, 'iceberg');
    assert.deepEqual(
      r.chains.map((c) => [c.service, c.resource, c.externalId, c.catalogAccount]),
      [
        ['s3', 's3://lake/warehouse/', 'ice-ext', undefined],
        ['glue', 'glue:catalog', 'ice-ext', '999999999999'],
      ],
    );
  });
});

describe('helpers', () => {
  it('endpointRegion reads the region of S3 and Glue endpoints', () => {
    assert.equal(endpointRegion('s3.us-west-2.amazonaws.com'), 'us-west-2');
    assert.equal(endpointRegion('https://bucket.s3.eu-west-1.amazonaws.com'), 'eu-west-1');
    assert.equal(endpointRegion('glue.us-east-1.amazonaws.com'), 'us-east-1');
    assert.equal(endpointRegion('http://minio:9000'), undefined);
  });

  it('asResource keeps the part of a path before its first wildcard', () => {
    assert.equal(asResource('s3://b/data/*.parquet', false), 's3://b/data/');
    assert.equal(asResource('s3://b/data/file.csv', false), 's3://b/data/file.csv');
    assert.equal(asResource('s3a://b/repo', true), 's3://b/repo/');
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { endpointRegion, parseEngineProperties } from './engine-properties';

// Statements written the way the Doris (3.0.6+) and StarRocks documentation show them, with the demo's names.
const DORIS_REPOSITORY = `
CREATE REPOSITORY \`doris_backup\`
WITH S3
ON LOCATION "s3://rolechain-demo-lakehouse/doris/backup"
PROPERTIES
(
    "s3.endpoint" = "https://s3.us-west-2.amazonaws.com",
    "s3.region" = "us-west-2",
    "s3.role_arn" = "arn:aws:iam::222222222222:role/doris-s3-role",
    "s3.external_id" = "doris-external-id"
);`;

const DORIS_VAULT = `CREATE STORAGE VAULT IF NOT EXISTS lakehouse_vault
PROPERTIES (
  "type" = "S3",
  "s3.endpoint" = "s3.us-west-2.amazonaws.com",
  "s3.region" = "us-west-2",
  "s3.bucket" = "rolechain-demo-lakehouse",
  "s3.root.path" = "doris/vault",
  "s3.role_arn" = "arn:aws:iam::222222222222:role/doris-s3-role",
  "s3.external_id" = "doris-external-id",
  "provider" = "S3"
);`;

const DORIS_LOAD = `LOAD LABEL lake.orders_20261120
(
    DATA INFILE("s3://rolechain-demo-lakehouse/doris/orders/2026-11-20/*.parquet")
    INTO TABLE orders
    FORMAT AS "parquet"
)
WITH S3
(
    "AWS_ENDPOINT" = "s3.us-west-2.amazonaws.com",
    "AWS_REGION" = "us-west-2",
    "AWS_ROLE_ARN" = "arn:aws:iam::222222222222:role/doris-s3-role",
    "AWS_EXTERNAL_ID" = "doris-external-id"
)
PROPERTIES ("timeout" = "3600");`;

const STARROCKS_GLUE = `-- the StarRocks Hive catalog on Glue, assumed-role credentials
CREATE EXTERNAL CATALOG glue_lake
COMMENT "lakehouse tables"
PROPERTIES
(
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
);`;

const value = <T>(r: { ok: true; value: T } | { ok: false }): T => {
  assert.ok(r.ok, 'expected a parse');
  return (r as { value: T }).value;
};

describe('parseEngineProperties: Doris', () => {
  test('given CREATE REPOSITORY with s3.role_arn, when parsed, then the chain is the role, ExternalId and backup folder, written to', () => {
    const p = value(parseEngineProperties(DORIS_REPOSITORY));
    assert.equal(p.engine, 'doris');
    assert.equal(p.statement, 'repository');
    assert.deepEqual(p.check, {
      targetRole: 'arn:aws:iam::222222222222:role/doris-s3-role',
      externalId: 'doris-external-id',
      resource: 's3://rolechain-demo-lakehouse/doris/backup/',
      action: 's3:PutObject',
      region: 'us-west-2',
    });
    assert.equal(p.credentials, 'assumed-role');
    assert.deepEqual(p.contradictions, []);
  });

  test('given CREATE STORAGE VAULT, when parsed, then the resource is the bucket and root path', () => {
    const p = value(parseEngineProperties(DORIS_VAULT));
    assert.equal(p.statement, 'storage-vault');
    assert.equal(p.check.resource, 's3://rolechain-demo-lakehouse/doris/vault/');
    assert.equal(p.properties['provider'], 'S3');
  });

  test('given an S3 load with AWS_ROLE_ARN and a glob, when parsed, then the resource is the folder before the glob, read', () => {
    const p = value(parseEngineProperties(DORIS_LOAD));
    assert.equal(p.statement, 's3-load');
    assert.equal(p.check.resource, 's3://rolechain-demo-lakehouse/doris/orders/2026-11-20/');
    assert.equal(p.check.action, 's3:GetObject');
    assert.equal(p.check.externalId, 'doris-external-id');
  });

  test('given a role ARN and a static key together, when parsed, then the secret is masked, the key shortened, and the clash reported', () => {
    const sql = DORIS_REPOSITORY.replace(
      '"s3.region"',
      '"s3.access_key" = "AKIAIOSFODNN7EXAMPLE", "s3.secret_key" = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "s3.region"',
    );
    const p = value(parseEngineProperties(sql));
    assert.equal(p.staticKey, true);
    assert.equal(p.properties['s3.secret_key'], '****');
    assert.equal(p.properties['s3.access_key'], 'AKIA…MPLE');
    assert.ok(!JSON.stringify(p).includes('wJalrXUtnFEMI'));
    assert.ok(p.contradictions.some((c) => c.includes('static access key')));
  });

  test('given an endpoint in another region than s3.region, when parsed, then the mismatch is a contradiction', () => {
    const p = value(
      parseEngineProperties(
        DORIS_REPOSITORY.replace('"s3.region" = "us-west-2"', '"s3.region" = "eu-west-1"'),
      ),
    );
    assert.ok(p.contradictions.some((c) => c.includes('us-west-2') && c.includes('eu-west-1')));
  });
});

describe('parseEngineProperties: StarRocks', () => {
  test('given a Glue catalog with separate S3 and Glue roles, when parsed, then both chains are returned and the S3 one is primary', () => {
    const p = value(parseEngineProperties(STARROCKS_GLUE));
    assert.equal(p.engine, 'starrocks');
    assert.equal(p.statement, 'external-catalog');
    assert.equal(p.check.targetRole, 'arn:aws:iam::222222222222:role/s3_assumed_role');
    const glue = p.checks.find((c) => c.resource === 'glue:catalog');
    assert.deepEqual(glue, {
      targetRole: 'arn:aws:iam::222222222222:role/glue_assumed_role',
      externalId: 'starrocks-external-id',
      resource: 'glue:catalog',
      action: 'glue:GetTable',
      region: 'us-west-2',
    });
    assert.deepEqual(p.contradictions, []);
  });

  test('given use_instance_profile = false with a role ARN and no keys, when parsed, then the role is reported as never assumed', () => {
    const p = value(
      parseEngineProperties(
        STARROCKS_GLUE.replace(
          '"aws.s3.use_instance_profile" = "true"',
          '"aws.s3.use_instance_profile" = "false"',
        ),
      ),
    );
    assert.ok(p.contradictions.some((c) => c.includes('use_instance_profile is false')));
  });

  test('given instance-profile credentials only, when parsed, then credentials say so and no role is checked', () => {
    const p = value(
      parseEngineProperties(
        `CREATE EXTERNAL CATALOG c PROPERTIES ("type"="hive", "hive.metastore.type"="glue", "aws.glue.use_instance_profile"="true", "aws.glue.region"="us-west-2", "aws.s3.use_instance_profile"="true", "aws.s3.region"="us-west-2")`,
      ),
    );
    assert.equal(p.credentials, 'instance-profile');
    assert.equal(p.check.targetRole, undefined);
  });
});

describe('parseEngineProperties: bad input', () => {
  test('given text without properties, when parsed, then it is an error value, not a throw', () => {
    const r = parseEngineProperties('SELECT 1');
    assert.equal(r.ok, false);
  });

  test('given an unterminated string, when parsed, then it is an error value', () => {
    assert.equal(
      parseEngineProperties(
        'CREATE REPOSITORY r WITH S3 ON LOCATION "s3://b/p PROPERTIES ("s3.role_arn"="x")',
      ).ok,
      false,
    );
  });
});

describe('endpointRegion', () => {
  test('given the endpoint shapes AWS documents, when read, then the region comes out', () => {
    assert.equal(endpointRegion('https://s3.us-west-2.amazonaws.com'), 'us-west-2');
    assert.equal(endpointRegion('bucket.s3.eu-central-1.amazonaws.com'), 'eu-central-1');
    assert.equal(endpointRegion('s3-us-gov-west-1.amazonaws.com'), 'us-gov-west-1');
    assert.equal(endpointRegion('http://minio.internal:9000'), undefined);
  });
});

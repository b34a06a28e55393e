import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { Snapshot } from '../model';
import { loadDemo } from '../sources/demo';
import { CheckBody, runCheck } from './check-api';

let demo: Snapshot;
before(async () => {
  demo = (await loadDemo()).snapshot;
});

const STARROCKS_CATALOG = `CREATE EXTERNAL CATALOG glue_catalog PROPERTIES (
  "type" = "hive", "hive.metastore.type" = "glue",
  "aws.glue.use_instance_profile" = "true",
  "aws.glue.iam_role_arn" = "arn:aws:iam::222222222222:role/glue_assumed_role",
  "aws.glue.external_id" = "starrocks-external-id",
  "aws.glue.region" = "us-west-2",
  "aws.s3.use_instance_profile" = "true",
  "aws.s3.iam_role_arn" = "arn:aws:iam::222222222222:role/s3_assumed_role",
  "aws.s3.external_id" = "starrocks-external-id",
  "aws.s3.region" = "us-west-2"
);`;

test('given the Doris chain with its ExternalId, when checked from fields, then all five steps pass', () => {
  const body = CheckBody.parse({
    source: 'arn:aws:iam::111111111111:role/doris-be-instance-role',
    targetRole: 'arn:aws:iam::222222222222:role/doris-s3-role',
    resource: 's3://rolechain-demo-lakehouse/doris/backup/part-0001.parquet',
    externalId: 'doris-external-id',
  });
  const r = runCheck(demo, body);
  assert.ok(r.ok);
  const [chain] = r.value.checks;
  assert.deepEqual(
    chain!.result.steps.map((s) => s.status),
    ['pass', 'pass', 'pass', 'pass', 'pass'],
  );
});

test('given the same chain without the ExternalId, when checked, then the trust step fails', () => {
  const r = runCheck(
    demo,
    CheckBody.parse({
      source: 'arn:aws:iam::111111111111:role/doris-be-instance-role',
      targetRole: 'arn:aws:iam::222222222222:role/doris-s3-role',
      resource: 's3://rolechain-demo-lakehouse/doris/x',
    }),
  );
  assert.ok(r.ok);
  assert.equal(r.value.checks[0]!.result.steps[1]!.status, 'fail');
});

test('given a StarRocks Glue catalog statement, when checked, then both the S3 and the Glue chain are checked', () => {
  const r = runCheck(
    demo,
    CheckBody.parse({
      sql: STARROCKS_CATALOG,
      source: 'arn:aws:iam::111111111111:role/starrocks-instance-role',
      resource: 's3://rolechain-demo-lakehouse/starrocks/data/',
    }),
  );
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  assert.equal(r.value.fromSql?.engine, 'starrocks');
  assert.deepEqual(r.value.checks.map((c) => c.request.targetRole).sort(), [
    'arn:aws:iam::222222222222:role/glue_assumed_role',
    'arn:aws:iam::222222222222:role/s3_assumed_role',
  ]);
  for (const c of r.value.checks)
    assert.equal(c.result.ok, true, JSON.stringify(c.result.steps.map((s) => s.status)));
});

test('given bad check input, when validated or parsed, then the errors say what is wrong', () => {
  const bad = CheckBody.safeParse({
    source: 'x',
    targetRole: 'doris-s3-role',
    resource: 's3://b',
    durationSeconds: 60,
  });
  assert.equal(bad.success, false);
  const sql = runCheck(
    demo,
    CheckBody.parse({ sql: "CREATE REPOSITORY r PROPERTIES ('s3.role_arn' = 'oops", source: 'x' }),
  );
  assert.equal(sql.ok, false);
  assert.equal(!sql.ok && sql.error.code, 'bad_sql');
});

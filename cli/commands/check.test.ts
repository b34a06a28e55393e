import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Store } from '../../lib/store';
import { loadDemo } from '../../lib/sources/demo';
import { memoryIo } from '../io';
import { run } from './check';

// The embedded demo organisation (demo/README.md): doris-*-instance-role in 111111111111 assumes doris-s3-role in 222222222222.
// No dashboard store is looked for (ROLECHAIN_DATA_DIR points nowhere), so the demo is read.
const ENV = { ROLECHAIN_DEMO_DIR: join(process.cwd(), 'demo'), ROLECHAIN_DATA_DIR: '/nonexistent/rolechain' };
const io = (stdin = '') => {
  const m = memoryIo(stdin);
  m.env = { ...ENV };
  return m;
};
const DORIS = [
  '--source',
  'arn:aws:iam::111111111111:instance-profile/doris-fe-instance-profile',
  '--target-role',
  'arn:aws:iam::222222222222:role/doris-s3-role',
  '--resource',
  's3://rolechain-demo-lakehouse/doris/backup/',
  '--action',
  's3:PutObject',
];
const STARROCKS = (s3ExternalId: string) => `CREATE EXTERNAL CATALOG glue_catalog PROPERTIES (
  "type" = "hive", "hive.metastore.type" = "glue",
  "aws.glue.use_instance_profile" = "true",
  "aws.glue.iam_role_arn" = "arn:aws:iam::222222222222:role/glue_assumed_role",
  "aws.glue.external_id" = "starrocks-external-id", "aws.glue.region" = "us-west-2",
  "aws.s3.use_instance_profile" = "true",
  "aws.s3.iam_role_arn" = "arn:aws:iam::222222222222:role/s3_assumed_role",
  "aws.s3.external_id" = "${s3ExternalId}", "aws.s3.region" = "us-west-2");`;
const STARROCKS_SOURCE = ['--source', 'arn:aws:iam::111111111111:role/starrocks-instance-role'];

describe('rolechain check', () => {
  it('given the demo Doris chain with its ExternalId, when checked, then five steps pass, it names the demo and exits 0', async () => {
    const m = io();
    const code = await run([...DORIS, '--external-id', 'doris-external-id'], m);
    assert.equal(code, 0, m.stderr);
    assert.equal(m.stdout.match(/^\d\s+PASS/gm)?.length, 5);
    assert.match(m.stdout, /^snapshot {5}the embedded demo/m);
  });

  it('given the same chain without the ExternalId, when checked as JSON, then step 2 fails and it exits 1', async () => {
    const m = io();
    const code = await run([...DORIS, '--format', 'json'], m);
    assert.equal(code, 1);
    const out = JSON.parse(m.stdout);
    assert.equal(out.verdict, 'broken');
    assert.deepEqual(
      out.chains[0].result.steps.map((s: { status: string }) => s.status),
      ['pass', 'fail', 'pass', 'pass', 'pass'],
    );
  });

  it('given a Doris CREATE REPOSITORY on stdin, when checked, then the statement supplies role, ExternalId and location, and every repository action is checked', async () => {
    const sql = `CREATE REPOSITORY \`backup\` WITH S3 ON LOCATION "s3://rolechain-demo-lakehouse/doris/backup"
      PROPERTIES ("s3.endpoint" = "s3.us-west-2.amazonaws.com", "s3.region" = "us-west-2",
                  "s3.role_arn" = "arn:aws:iam::222222222222:role/doris-s3-role", "s3.external_id" = "doris-external-id");`;
    const m = io(sql);
    const code = await run(
      [
        '--source',
        'arn:aws:iam::111111111111:instance-profile/doris-be-instance-profile',
        '--sql',
        '-',
        '--format',
        'json',
      ],
      m,
    );
    const out = JSON.parse(m.stdout);
    assert.equal(out.statement.engine, 'doris');
    assert.equal(out.statement.form, 'repository');
    assert.equal(out.chains[0].request.externalId, 'doris-external-id');
    assert.deepEqual(out.chains[0].request.actions, [
      's3:PutObject',
      's3:GetObject',
      's3:ListBucket',
      's3:DeleteObject',
    ]);
    assert.equal(code, out.verdict === 'works' ? 0 : out.verdict === 'broken' ? 1 : 3);
  });

  it('given a StarRocks Glue catalog whose S3 trust is broken, when checked without --resource, then both chains are checked and it does not exit 0', async () => {
    const m = io(STARROCKS('wrong-external-id'));
    const code = await run([...STARROCKS_SOURCE, '--sql', '-', '--format', 'json'], m);
    const out = JSON.parse(m.stdout);
    assert.deepEqual(
      out.chains.map((c: { label: string }) => c.label),
      ['S3', 'Glue'],
    );
    const s3 = out.chains[0].result.steps.map((s: { status: string }) => s.status);
    assert.deepEqual(s3, ['pass', 'fail', 'pass', 'skipped', 'skipped']);
    assert.equal(out.chains[1].result.ok, true);
    assert.equal(code, 1);
  });

  it('given the same catalog with a working S3 trust but no bucket, when checked, then it says what to give and exits 3, never 0', async () => {
    const m = io(STARROCKS('starrocks-external-id'));
    const code = await run([...STARROCKS_SOURCE, '--sql', '-'], m);
    assert.equal(code, 3, m.stdout);
    assert.match(m.stdout, /no bucket or path is named: give the resource/);
    assert.match(m.stdout, /result: not fully checked/);
  });

  it('given the same catalog and --resource, when checked, then both chains work and it exits 0', async () => {
    const m = io(STARROCKS('starrocks-external-id'));
    const code = await run(
      [...STARROCKS_SOURCE, '--sql', '-', '--resource', 's3://rolechain-demo-lakehouse/starrocks/data/'],
      m,
    );
    assert.equal(code, 0, m.stdout);
    assert.match(m.stdout, /read as {6}a SQL statement: starrocks external catalog, 2 chains/);
  });

  it('given a statement whose settings contradict each other, when checked, then it exits 1 even though IAM holds', async () => {
    const sql = `CREATE REPOSITORY r WITH S3 ON LOCATION "s3://rolechain-demo-lakehouse/doris/backup"
      PROPERTIES ("s3.region" = "eu-west-1", "s3.endpoint" = "s3.us-west-2.amazonaws.com",
                  "s3.role_arn" = "arn:aws:iam::222222222222:role/doris-s3-role", "s3.external_id" = "doris-external-id");`;
    const m = io(sql);
    const code = await run(
      ['--source', 'arn:aws:iam::111111111111:role/doris-fe-instance-role', '--sql', '-'],
      m,
    );
    assert.equal(code, 1);
    assert.match(m.stdout, /contradiction: the S3 endpoint .* is in us-west-2 but the region is eu-west-1/);
  });

  it('given the Doris documentation’s 10-digit role ARN, when checked, then it exits 2 saying the account has 10 digits', async () => {
    const m = io(`CREATE REPOSITORY \`s3_repo\` WITH S3 ON LOCATION "s3://bucket/path/"
      PROPERTIES ("s3.role_arn" = "arn:aws:iam::1234567890:role/doris-s3-role", "s3.external_id" = "doris-external-id");`);
    const code = await run(['--source', 'i-0123456789abcdef0', '--sql', '-'], m);
    assert.equal(code, 2);
    assert.match(
      m.stderr,
      /s3\.role_arn 'arn:aws:iam::1234567890:role\/doris-s3-role': the account '1234567890' has 10 digits/,
    );
  });

  it('given a malformed source, when checked, then it exits 2 saying what the source should be', async () => {
    const m = io();
    const code = await run(['--source', 'doris', '--resource', 's3://b/p', '--action', 's3:GetObject'], m);
    assert.equal(code, 2);
    assert.match(
      m.stderr,
      /'doris' is neither an IAM role\/user\/session ARN, an instance profile ARN, an EC2 instance id \(i-…\), nor a workload/,
    );
  });

  it('given a snapshot folder that does not exist, when checked, then it exits 2', async () => {
    const m = io();
    const code = await run([...DORIS, '--snapshot', '/nonexistent/rolechain'], m);
    assert.equal(code, 2);
    assert.match(m.stderr, /not found/);
  });

  it('given a store holding a snapshot, when checked with --store or ROLECHAIN_DB, then it reads that snapshot and names it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rolechain-check-store-'));
    const db = join(dir, 'store.db');
    const store = Store.open(db);
    assert.ok(store.ok);
    store.value.saveSnapshot((await loadDemo(ENV.ROLECHAIN_DEMO_DIR)).snapshot);
    store.value.close();
    const viaFlag = io();
    assert.equal(
      await run([...DORIS, '--external-id', 'doris-external-id', '--store', db], viaFlag),
      0,
      viaFlag.stderr,
    );
    assert.match(viaFlag.stdout, new RegExp(`^snapshot {5}store ${db}, snapshot 1 of `, 'm'));
    const viaEnv = io();
    viaEnv.env.ROLECHAIN_DB = db;
    assert.equal(await run([...DORIS, '--external-id', 'doris-external-id'], viaEnv), 0, viaEnv.stderr);
    assert.match(viaEnv.stdout, /^snapshot {5}store /m);
    const missing = io();
    missing.env.ROLECHAIN_DB = join(dir, 'nope.db');
    assert.equal(await run(DORIS, missing), 2);
    assert.match(missing.stderr, /ROLECHAIN_DB: no store at/);
  });
});

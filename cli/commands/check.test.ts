import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { memoryIo } from '../io';
import { run } from './check';

// The embedded demo organisation (demo/README.md): doris-*-instance-role in 111111111111 assumes doris-s3-role in 222222222222.
const io = () => {
  const m = memoryIo();
  m.env = { ROLECHAIN_DEMO_DIR: join(process.cwd(), 'demo') };
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

describe('rolechain check', () => {
  it('given the demo Doris chain with its ExternalId, when checked, then five steps pass and it exits 0', async () => {
    const m = io();
    const code = await run([...DORIS, '--external-id', 'doris-external-id'], m);
    assert.equal(code, 0, m.stderr);
    assert.equal(m.stdout.match(/^\d\s+PASS/gm)?.length, 5);
  });

  it('given the same chain without the ExternalId, when checked as JSON, then step 2 fails and it exits 1', async () => {
    const m = io();
    const code = await run([...DORIS, '--format', 'json'], m);
    assert.equal(code, 1);
    const out = JSON.parse(m.stdout);
    assert.deepEqual(
      out.result.steps.map((s: { status: string }) => s.status),
      ['pass', 'fail', 'pass', 'pass', 'pass'],
    );
  });

  it('given a Doris CREATE REPOSITORY on stdin and the instance profile, when checked, then the statement supplies role, ExternalId and location', async () => {
    const sql = `CREATE REPOSITORY \`backup\` WITH S3 ON LOCATION "s3://rolechain-demo-lakehouse/doris/backup"
      PROPERTIES ("s3.endpoint" = "s3.us-west-2.amazonaws.com", "s3.region" = "us-west-2",
                  "s3.role_arn" = "arn:aws:iam::222222222222:role/doris-s3-role", "s3.external_id" = "doris-external-id");`;
    const m = memoryIo(sql);
    m.env = { ROLECHAIN_DEMO_DIR: join(process.cwd(), 'demo') };
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
    assert.equal(code, 0, m.stdout);
    const out = JSON.parse(m.stdout);
    assert.equal(out.request.externalId, 'doris-external-id');
    assert.equal(out.fromSql.engine, 'doris');
  });

  it('given a statement whose settings contradict each other, when checked, then it exits 1 even though IAM holds', async () => {
    const sql = `CREATE REPOSITORY r WITH S3 ON LOCATION "s3://rolechain-demo-lakehouse/doris/backup"
      PROPERTIES ("s3.region" = "eu-west-1", "s3.endpoint" = "s3.us-west-2.amazonaws.com",
                  "s3.role_arn" = "arn:aws:iam::222222222222:role/doris-s3-role", "s3.external_id" = "doris-external-id");`;
    const m = memoryIo(sql);
    m.env = { ROLECHAIN_DEMO_DIR: join(process.cwd(), 'demo') };
    const code = await run(
      ['--source', 'arn:aws:iam::111111111111:role/doris-fe-instance-role', '--sql', '-'],
      m,
    );
    assert.equal(code, 1);
    assert.match(m.stdout, /contradiction: the S3 endpoint .* is in us-west-2 but the region is eu-west-1/);
  });

  it('given a malformed source and no target, when checked, then it exits 2 with a message per problem', async () => {
    const m = io();
    const code = await run(['--source', 'doris', '--resource', 's3://b/p', '--action', 's3:GetObject'], m);
    assert.equal(code, 2);
    assert.match(m.stderr, /--source 'doris'/);
    assert.match(m.stderr, /--target-role is required/);
  });

  it('given a snapshot folder that does not exist, when checked, then it exits 2', async () => {
    const m = io();
    const code = await run([...DORIS, '--snapshot', '/nonexistent/rolechain'], m);
    assert.equal(code, 2);
    assert.match(m.stderr, /not found/);
  });
});

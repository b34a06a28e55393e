import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { memoryIo } from '../io';
import { run } from './paths';
import { run as runCheck } from './check';

// The embedded demo organisation (demo/README.md); no dashboard store is looked for.
const ENV = { ROLECHAIN_DEMO_DIR: join(process.cwd(), 'demo'), ROLECHAIN_DATA_DIR: '/nonexistent/rolechain' };
const io = () => {
  const m = memoryIo('');
  m.env = { ...ENV };
  return m;
};
const SPARK = 'arn:aws:iam::111111111111:instance-profile/spark-etl-instance-profile';
const DORIS = 'arn:aws:iam::111111111111:instance-profile/doris-be-instance-profile';

describe('rolechain paths', () => {
  it('given the Spark chain that lacks trust, when asked, then it is listed broken at the trust hop and exits 1', async () => {
    const m = io();
    const code = await run(['--from', SPARK, '--to', 's3://rolechain-demo-lakehouse/spark/'], m);
    assert.equal(code, 1);
    assert.match(m.stdout, /BROKEN .*-\[missing-trust\]->/);
    assert.match(m.stdout, /fails at hop 2 \(missing-trust\)/);
    assert.match(m.stdout, /check: rolechain check --source /);
  });

  it('given the Doris chain, when asked as JSON, then one conditional chain naming the ExternalId, exit 3', async () => {
    const m = io();
    const code = await run(
      ['--from', DORIS, '--to', 's3://rolechain-demo-lakehouse/doris/', '--format', 'json'],
      m,
    );
    assert.equal(code, 3);
    const out = JSON.parse(m.stdout) as { paths: { verdict: string; open: { text: string }[] }[] };
    assert.deepEqual(
      out.paths.map((p) => p.verdict),
      ['conditional'],
    );
    assert.ok(out.paths[0]?.open.some((o) => o.text.includes('doris-external-id')));
  });

  it('given --reach with --to, when asked, then who can reach the role is listed', async () => {
    const m = io();
    const code = await run(['--to', 'arn:aws:iam::222222222222:role/spark-etl-s3-role', '--reach'], m);
    assert.equal(code, 3);
    assert.match(m.stdout, /BROKEN +role +arn:aws:iam::111111111111:role\/spark-etl-instance-role/);
  });

  it('given no --to and no --reach, when run, then it exits 2 saying what is missing', async () => {
    const m = io();
    assert.equal(await run(['--from', DORIS], m), 2);
    assert.match(m.stderr, /to/);
  });
});

describe('rolechain check --format html', () => {
  it('given the Doris chain, when asked for HTML, then one self-contained page with the five steps and no outside resource', async () => {
    const m = io();
    const code = await runCheck(
      [
        '--source',
        'arn:aws:iam::111111111111:role/doris-be-instance-role',
        '--target-role',
        'arn:aws:iam::222222222222:role/doris-s3-role',
        '--resource',
        's3://rolechain-demo-lakehouse/doris/x',
        '--external-id',
        'doris-external-id',
        '--format',
        'html',
      ],
      m,
    );
    const html = m.stdout;
    assert.equal(code, 0);
    assert.match(html, /^<!doctype html>/);
    assert.equal((html.match(/<li data-step=/g) ?? []).length, 5);
    assert.doesNotMatch(html, /<script|<link|<img|src=|@import|url\(/i);
  });
});

import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { memoryIo } from './io';
import { main } from './main';
import { oneFile, snapshotInputs } from './input-paths';

// Public samples (attribution in lib/sources/fixtures/README.md): an authz-details file and a CloudTrail folder.
const SAMPLES = join(import.meta.dirname, '../lib/sources/fixtures/samples');
const AUTHZ_DIR = join(SAMPLES, 'authz');
const AUTHZ = join(
  AUTHZ_DIR,
  readdirSync(AUTHZ_DIR).find((f) => f.endsWith('.json'))!,
);
const TRAIL = join(SAMPLES, 'cloudtrail');

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo();
  io.env = { ROLECHAIN_DATA_DIR: mkdtempSync(join(tmpdir(), 'rolechain-paths-')) };
  const code = await main(args, io);
  return { code, out: io.stdout, err: io.stderr };
}

describe('paths as people type them', () => {
  it('given files and folders as positionals, when analysed, then they are read exactly as with --snapshot', async () => {
    const positional = await cli(['analyze', AUTHZ, TRAIL, '--format', 'json']);
    const flagged = await cli(['analyze', '--snapshot', AUTHZ, '--snapshot', TRAIL, '--format', 'json']);
    assert.equal(positional.code, 0, positional.err);
    assert.equal(flagged.code, 0, flagged.err);
    const a = JSON.parse(positional.out) as { graph: unknown; findings: { id: string }[] };
    const b = JSON.parse(flagged.out) as { graph: unknown; findings: { id: string }[] };
    assert.deepEqual(a.graph, b.graph);
    assert.deepEqual(
      a.findings.map((f) => f.id),
      b.findings.map((f) => f.id),
    );
  });

  it('given a snapshot file as a positional, when a chain is checked, then that file is the snapshot read', async () => {
    const c = await cli([
      'check',
      '--source',
      'arn:aws:iam::012345678901:role/MyRole',
      '--resource',
      's3://example-bucket/key',
      AUTHZ,
      '--format',
      'json',
    ]);
    assert.ok(c.code !== 2, c.err);
    assert.equal((JSON.parse(c.out) as { snapshot: string }).snapshot, `files ${AUTHZ}`);
  });

  it('given a missing path, when analysed or checked, then exit 2 names it as not found', async () => {
    const missing = join(tmpdir(), 'rolechain-no-such-authz.json');
    const a = await cli(['analyze', AUTHZ, missing]);
    assert.equal(a.code, 2);
    assert.match(a.err, /rolechain-no-such-authz\.json: not found/);
    const c = await cli(['check', '--sql', join(import.meta.dirname, 'nope.sql'), AUTHZ]);
    assert.equal(c.code, 2);
    assert.match(c.err, /--sql .*nope\.sql: not found/);
  });

  it('given a folder where one file is expected, when checked with --sql, then exit 2 says it is a folder', async () => {
    const c = await cli(['check', '--sql', TRAIL]);
    assert.equal(c.code, 2);
    assert.match(c.err, /a folder; --sql takes one file/);
  });

  it('given a file of no known kind, when analysed, then exit 2 says what was expected, not an empty organisation', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rolechain-paths-'));
    const notes = join(dir, 'notes.txt');
    writeFileSync(notes, 'not IAM\n');
    const a = await cli(['analyze', notes]);
    assert.equal(a.code, 2);
    assert.match(a.err, /no IAM data in .*notes\.txt \(expected get-account-authorization-details JSON\)/);
  });

  it('given a positional snapshot and --store, when analysed, then exit 2: one source of data at a time', async () => {
    const a = await cli(['analyze', AUTHZ, '--store', 'x.db']);
    assert.equal(a.code, 2);
    assert.match(a.err, /not both/);
  });

  it('given a device, when resolved, then it is refused by kind', () => {
    const r = snapshotInputs(['/dev/null'], [], '/');
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.error.message, /\/dev\/null: a character device/);
    const f = oneFile('/dev/null', '--sql', '/');
    assert.match(f.ok ? '' : f.error.message, /a character device, not a regular file/);
    // Relative to the working folder, positionals first, then --snapshot.
    assert.deepEqual(snapshotInputs(['cloudtrail'], ['authz'], SAMPLES), {
      ok: true,
      value: [TRAIL, AUTHZ_DIR],
    });
  });
});

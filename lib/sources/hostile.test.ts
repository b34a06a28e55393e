/**
 * Hostile and broken files given to the public reader `loadFromPaths`: each ends with a warning that
 * names the file (or a correct result), never an exception, a hang or a read outside the chosen folder.
 * The `timeout`s are generous bounds against a hang (a reader that tried to hold 2 GB, or followed a
 * link loop), not performance assertions.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { loadFromPaths } from './load';

// Copies of /work/shared/samples (attribution in ./fixtures/README.md).
const SAMPLES = join(import.meta.dirname, 'fixtures/samples');
const TRAIL = readFileSync(join(SAMPLES, 'cloudtrail/awsdocs_iam-user-guide_sts-examples.json'));
const AUTHZ = readFileSync(join(SAMPLES, 'authz/cloudsplaining_test_example-authz-details.json'));

function folder(): string {
  return mkdtempSync(join(tmpdir(), 'rolechain-hostile-'));
}

test('given a truncated .json.gz beside a good trail file, when loaded, then it is one warning and the good file still loads', async () => {
  const dir = folder();
  const gz = gzipSync(TRAIL);
  writeFileSync(join(dir, 'cut.json.gz'), gz.subarray(0, Math.floor(gz.length / 2)));
  writeFileSync(join(dir, 'good.json'), TRAIL);
  const r = await loadFromPaths([dir]);
  const cut = r.warnings.filter((w) => w.message.includes('cut.json.gz'));
  assert.equal(cut.length, 1, JSON.stringify(r.warnings));
  assert.match(cut[0]!.code, /truncated-gzip|unreadable/);
  assert.equal(r.stats.files, 2);
  assert.ok(r.events.length >= 3, `events from good.json: ${r.events.length}`);
});

test(
  'given a 2 GB file (sparse), when loaded, then it is refused with a warning naming it, without reading it',
  { timeout: 30_000 },
  async () => {
    const dir = folder();
    const big = join(dir, 'huge.json');
    writeFileSync(big, '');
    truncateSync(big, 2 * 1024 ** 3);
    writeFileSync(join(dir, 'good.json'), TRAIL);
    const before = process.memoryUsage().rss;
    const r = await loadFromPaths([dir]);
    const huge = r.warnings.filter((w) => w.message.includes('huge.json'));
    assert.equal(huge.length, 1, JSON.stringify(r.warnings));
    assert.match(huge[0]!.message, /2 ?GiB|too large|size/i);
    assert.ok(r.events.length >= 3);
    // Not read into memory: far less than the file's 2 GB was allocated.
    assert.ok(process.memoryUsage().rss - before < 512 * 1024 ** 2);
  },
);

test('given symbolic links out of the chosen folder, when loaded, then they are not followed and each is a warning', async () => {
  const outside = folder();
  writeFileSync(join(outside, 'other-account-authz.json'), AUTHZ);
  const dir = folder();
  mkdirSync(join(dir, 'inside'));
  writeFileSync(join(dir, 'inside', 'trail.json'), TRAIL);
  symlinkSync(join(outside, 'other-account-authz.json'), join(dir, 'file-link.json'));
  symlinkSync(outside, join(dir, 'dir-link'));
  symlinkSync('../..', join(dir, 'inside', 'up'));
  // A link inside the folder is fine, and a loop back to the root is not walked twice.
  symlinkSync(join(dir, 'inside'), join(dir, 'inside-again'));
  symlinkSync(dir, join(dir, 'inside', 'loop'));

  const r = await loadFromPaths([dir]);
  const outsideWarnings = r.warnings.filter((w) => w.code === 'symlink-outside-root').map((w) => w.source);
  // `inside/up` is met twice (also as `inside-again/up`): each path to it is refused.
  assert.deepEqual(outsideWarnings.sort(), [
    'dir-link',
    'file-link.json',
    join('inside-again', 'up'),
    join('inside', 'up'),
  ]);
  assert.equal(r.snapshot.accounts.length, 0, 'nothing from the authz file outside the folder');
  assert.equal(r.stats.files, 1, 'trail.json once, though two paths lead to it');
});

test('given a file nested 10,000 levels deep and one that is not JSON, when loaded, then each is a warning and nothing throws', async () => {
  const dir = folder();
  const deep = '['.repeat(10_000) + '"x"' + ']'.repeat(10_000);
  const record = `{"eventVersion":"1.08","eventSource":"sts.amazonaws.com","eventName":"AssumeRole","eventID":"e1","eventTime":"2024-01-01T00:00:00Z","userIdentity":${deep},"requestParameters":{"roleArn":${deep}}}`;
  writeFileSync(join(dir, 'deep.json'), `{"Records":[${record}]}`);
  writeFileSync(join(dir, 'deep-objects.json'), '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000));
  writeFileSync(join(dir, 'garbage.json'), '\u0000\u00ff{"Records":[{');
  writeFileSync(join(dir, 'good.json'), TRAIL);
  const r = await loadFromPaths([dir]);
  for (const name of ['deep-objects.json', 'garbage.json'])
    assert.ok(
      r.warnings.some((w) => w.message.includes(name)),
      `${name} has a warning: ${JSON.stringify(r.warnings.map((w) => w.message))}`,
    );
  assert.ok(r.events.length >= 3);
  // The deep chain record is kept (it has an eventID and a time) but its nested values become no field.
  const e1 = r.events.find((e) => e.eventId === 'e1');
  assert.ok(e1);
  assert.equal(e1.roleArn, undefined);
  assert.deepEqual(e1.caller, { type: 'Unknown' });
});

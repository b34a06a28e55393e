import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { memoryIo } from '../io';
import { main } from '../main';

// Copies of ../shared/samples (attribution in lib/sources/fixtures/README.md), so the test needs nothing outside the repo.
const SAMPLES = join(import.meta.dirname, '../../lib/sources/fixtures/samples');

function workdir() {
  const dir = mkdtempSync(join(tmpdir(), 'rolechain-cli-'));
  const io = memoryIo();
  io.cwd = dir;
  return { dir, io, store: join(dir, 'store.db') };
}

test('given real authz-details and CloudTrail files, when imported twice, then the second import adds no event', async () => {
  const { io, store } = workdir();
  const files = [
    join(SAMPLES, 'authz/cloudsplaining_test_example-authz-details.json'),
    join(SAMPLES, 'cloudtrail'),
  ];
  assert.equal(await main(['import', ...files, '--store', store, '--format', 'json'], io), 0, io.stderr);
  const first = JSON.parse(io.stdout.trim()) as { snapshotId?: number; events: { inserted: number } };
  assert.equal(first.snapshotId, 1);
  assert.ok(first.events.inserted > 0);

  const again = memoryIo();
  assert.equal(
    await main(['import', ...files, '--store', store, '--format', 'json'], again),
    0,
    again.stderr,
  );
  const second = JSON.parse(again.stdout.trim()) as {
    snapshotId?: number;
    events: { inserted: number; duplicates: number };
  };
  assert.equal(second.events.inserted, 0);
  assert.equal(second.events.duplicates, first.events.inserted);

  const audit = memoryIo();
  assert.equal(await main(['audit', '--store', store, '--format', 'json'], audit), 0, audit.stderr);
  const page = JSON.parse(audit.stdout) as { events: { eventName: string }[] };
  assert.equal(page.events.length, first.events.inserted);
  assert.ok(page.events.every((e) => e.eventName.startsWith('AssumeRole')));
});

test('given a file in no supported format, when imported, then it is named in a warning and the command still succeeds', async () => {
  const { dir, io, store } = workdir();
  writeFileSync(join(dir, 'notes.json'), '{"hello":"world"}');
  assert.equal(await main(['import', join(dir, 'notes.json'), '--store', store], io), 0, io.stderr);
  assert.match(io.stdout, /warning: .*notes\.json/);
  assert.match(io.stdout, /no IAM data/);
});

test('given wrong arguments, when run, then each gets a clear message and exit code 2', async () => {
  const { io } = workdir();
  assert.equal(await main(['import'], io), 2);
  assert.match(io.stderr, /give at least one file or folder/);
  const io2 = memoryIo();
  assert.equal(await main(['import', '/nonexistent/path/x.json'], io2), 2);
  assert.match(io2.stderr, /not found: \/nonexistent/);
  const io3 = memoryIo();
  assert.equal(await main(['audit', '--since', 'last tuesday'], io3), 2);
  assert.match(io3.stderr, /--since takes/);
  const io4 = memoryIo();
  assert.equal(await main(['audit', '--outcome', 'maybe'], io4), 2);
  assert.match(io4.stderr, /--outcome/);
  const io5 = memoryIo();
  assert.equal(await main(['frobnicate'], io5), 2);
  assert.match(io5.stderr, /unknown command 'frobnicate'/);
});

test('given a store file that is not a database, when imported into, then it is refused and untouched', async () => {
  const { dir, io } = workdir();
  const notDb = join(dir, 'precious.txt');
  writeFileSync(notDb, 'my notes\n');
  assert.equal(await main(['import', join(SAMPLES, 'cloudtrail'), '--store', notDb], io), 2);
  assert.match(io.stderr, /not a readable Rolechain store/);
});

import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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

const BIN = join(import.meta.dirname, '../../bin/rolechain.mjs');
const TRAIL_FILE = join(SAMPLES, 'cloudtrail/awsdocs_iam-user-guide_sts-examples.json');

test(
  'given a device or a FIFO, when imported, then exit 2 with a message at once, nothing read',
  { timeout: 15_000 },
  async () => {
    const { dir, io, store } = workdir();
    const pipe = join(dir, 'pipe');
    execFileSync('mkfifo', [pipe]);
    for (const [path, kind] of [
      ['/dev/zero', 'a character device'],
      [pipe, 'a FIFO \\(named pipe\\)'],
    ] as const) {
      const run = memoryIo();
      run.cwd = dir;
      assert.equal(await main(['import', path, '--store', store], run), 2, path);
      assert.match(
        run.stderr,
        new RegExp(
          `^rolechain import: .*: ${kind}, not a regular file; only regular files are read \\(use \`-\` for standard input\\)\\n$`,
        ),
      );
    }
    assert.equal(io.stdout, '');
  },
);

test('given - and a trail on standard input, when imported, then it is read like a file named stdin', async () => {
  const { dir, store } = workdir();
  const io = memoryIo(readFileSync(TRAIL_FILE, 'utf8'));
  io.cwd = dir;
  assert.equal(await main(['import', '-', '--store', store, '--format', 'json'], io), 0, io.stderr);
  const r = JSON.parse(io.stdout) as { events: { inserted: number }; stats: { files: number } };
  assert.equal(r.stats.files, 1);
  assert.ok(r.events.inserted >= 4, `${r.events.inserted} events`);
});

test(
  'given /dev/stdin from a pipe, when `rolechain import` runs, then it exits 2 with a message and no stack trace',
  { timeout: 60_000 },
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'rolechain-cli-'));
    const r = spawnSync(process.execPath, [BIN, 'import', '/dev/stdin', '--store', join(dir, 's.db')], {
      input: readFileSync(TRAIL_FILE),
      encoding: 'utf8',
    });
    assert.equal(r.status, 2, r.stderr);
    assert.match(
      r.stderr,
      /^rolechain import: \/dev\/stdin: (a FIFO \(named pipe\)|a socket), not a regular file; only regular files are read \(use `-` for standard input\)\n$/,
    );
    const dash = spawnSync(process.execPath, [BIN, 'import', '-', '--store', join(dir, 's.db')], {
      input: readFileSync(TRAIL_FILE),
      encoding: 'utf8',
    });
    assert.equal(dash.status, 0, dash.stderr);
    assert.match(dash.stdout, /role-chain events/);
  },
);

/**
 * Nothing lost: a process importing (or refreshing) into the store is SIGKILLed mid-way, then the store
 * is opened again. It must be readable, serve the previous snapshot, hold the same events, and take
 * the next import. The child (`scripts/security/kill-child.ts`) reports each step on stdout so the kill
 * lands at a known moment: during the read, or inside the write transaction before its commit.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import { importFiles as ingest } from '../app/import';
import { Store } from './store';

const ROOT = join(import.meta.dirname, '../..');
const CHILD = join(ROOT, 'scripts/security/kill-child.ts');
// Copies of /work/shared/samples (attribution in lib/sources/fixtures/README.md).
const SAMPLES = join(ROOT, 'lib/sources/fixtures/samples');

/** A large CloudTrail set as a trail writes it: `files` gzip-less files of `per` AssumeRole records. */
function generateTrail(dir: string, files: number, per: number): number {
  for (let f = 0; f < files; f++) {
    const records = [];
    for (let i = 0; i < per; i++) {
      const n = f * per + i;
      const account = String(100000000000 + (n % 50));
      records.push({
        eventVersion: '1.08',
        userIdentity: {
          type: 'AWSService',
          invokedBy: 'ec2.amazonaws.com',
        },
        eventTime: new Date(Date.UTC(2026, 9, 1) + n * 1000).toISOString().replace('.000', ''),
        eventSource: 'sts.amazonaws.com',
        eventName: 'AssumeRole',
        awsRegion: 'eu-west-1',
        sourceIPAddress: 'ec2.amazonaws.com',
        userAgent: 'ec2.amazonaws.com',
        requestParameters: {
          roleArn: `arn:aws:iam::${account}:role/app-${n % 300}`,
          roleSessionName: `i-${n.toString(16).padStart(17, '0')}`,
        },
        responseElements: {
          credentials: {
            accessKeyId: `ASIA${n.toString().padStart(16, '0')}`,
            expiration: 'Oct 1, 2026, 6:00:00 PM',
          },
          assumedRoleUser: {
            assumedRoleId: `AROA${n.toString().padStart(17, '0')}:i-${n}`,
            arn: `arn:aws:sts::${account}:assumed-role/app-${n % 300}/i-${n}`,
          },
        },
        requestID: `req-${n}`,
        eventID: `kill-test-${n}`,
        readOnly: true,
        eventType: 'AwsApiCall',
        managementEvent: true,
        recipientAccountId: account,
        eventCategory: 'Management',
      });
    }
    writeFileSync(
      join(dir, `trail-${String(f).padStart(3, '0')}.json`),
      JSON.stringify({ Records: records }),
    );
  }
  return files * per;
}

/** A store holding one imported snapshot and some events: what the dashboard serves before the kill. */
async function previousStore(): Promise<{ path: string; snapshots: string; events: number; roles: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'rolechain-kill-'));
  const path = join(dir, 'store.db');
  const opened = Store.open(path);
  assert.ok(opened.ok);
  await ingest(opened.value, [
    join(SAMPLES, 'authz/cloudsplaining_test_example-authz-details.json'),
    join(SAMPLES, 'cloudtrail'),
  ]);
  const state = {
    path,
    snapshots: JSON.stringify(opened.value.listSnapshots()),
    events: opened.value.eventCount(),
    roles: opened.value.getSnapshot(opened.value.latestSnapshotMeta()!.id)!.roles.length,
  };
  opened.value.close();
  assert.ok(state.events > 0);
  return state;
}

/** Runs the child and SIGKILLs it on the first stdout line `when` accepts; resolves with that line. */
function killWhen(
  args: string[],
  when: (line: Record<string, unknown>) => boolean,
): Promise<Record<string, unknown>> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    let hit: Record<string, unknown> | undefined;
    createInterface({ input: child.stdout }).on('line', (text) => {
      const line = JSON.parse(text) as Record<string, unknown>;
      if (hit === undefined && when(line)) {
        hit = line;
        child.kill('SIGKILL');
      }
    });
    child.on('exit', (_code, signal) => {
      if (hit !== undefined && signal === 'SIGKILL') done(hit);
      else
        fail(new Error(`the child ended before the kill point (signal ${signal}): ${stderr.slice(-2000)}`));
    });
  });
}

async function assertUnchanged(before: Awaited<ReturnType<typeof previousStore>>): Promise<void> {
  const reopened = Store.open(before.path);
  assert.ok(reopened.ok, reopened.ok ? '' : reopened.error.message);
  const store = reopened.value;
  try {
    assert.equal(JSON.stringify(store.listSnapshots()), before.snapshots);
    assert.equal(store.eventCount(), before.events);
    assert.equal(store.getSnapshot(store.latestSnapshotMeta()!.id)!.roles.length, before.roles);
    // Still writable: the next import lands.
    const dir = mkdtempSync(join(tmpdir(), 'rolechain-kill-next-'));
    generateTrail(dir, 1, 10);
    const next = await ingest(store, [dir]);
    assert.equal(next.events.inserted, 10);
    assert.equal(store.eventCount(), before.events + 10);
  } finally {
    store.close();
  }
}

test(
  'given an import of 20,000 CloudTrail records, when the process is killed inside the write transaction, then the store is as before',
  { timeout: 180_000 },
  async () => {
    const before = await previousStore();
    const trail = mkdtempSync(join(tmpdir(), 'rolechain-kill-trail-'));
    mkdirSync(join(trail, 'iam'));
    // IAM data too, so the import would also write a new snapshot.
    writeFileSync(
      join(trail, 'iam', 'authz.json'),
      readFileSync(
        join(SAMPLES, 'authz/cloudsplaining_test_example_authz_details_for_overrides_complete.json'),
      ),
    );
    assert.equal(generateTrail(trail, 4, 5_000), 20_000);

    const hit = await killWhen(
      ['import', before.path, trail, '--hold-in-transaction'],
      (l) => l.phase === 'in-transaction',
    );
    assert.equal(hit.inserted, 20_000, 'every row was written, uncommitted, when the process died');
    // The uncommitted rows had reached the write-ahead log: the kill interrupted real writes.
    assert.ok(statSync(`${before.path}-wal`).size > 0);
    await assertUnchanged(before);
  },
);

test(
  'given an import, when the process is killed while it reads the files, then the store is as before',
  { timeout: 180_000 },
  async () => {
    const before = await previousStore();
    const trail = mkdtempSync(join(tmpdir(), 'rolechain-kill-trail-'));
    generateTrail(trail, 8, 2_000);
    await killWhen(['import', before.path, trail], (l) => l.phase === 'read' && Number(l.done) >= 3);
    await assertUnchanged(before);
  },
);

test(
  'given a refresh from (mocked) AWS, when the process is killed inside its save transaction, then the store is as before',
  { timeout: 180_000 },
  async () => {
    const before = await previousStore();
    const hit = await killWhen(
      ['refresh', before.path, '--hold-in-transaction'],
      (l) => l.phase === 'in-transaction',
    );
    assert.ok(Number(hit.inserted) > 0);
    await assertUnchanged(before);
  },
);

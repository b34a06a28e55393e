/**
 * The CLI and the dashboard run the same use cases: `rolechain import` and `POST /api/import`
 * (`importFiles`), `rolechain collect --allow-partial` and the dashboard's refresh
 * (`RefreshManager` → `collectIntoStore`) leave the same store behind for the same input.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { memoryIo } from '../../cli/io';
import { main } from '../../cli/main';
import { runWith as collectCli } from '../../cli/commands/collect';
import type { Snapshot } from '../model';
import { RefreshManager } from '../server/refresh';
import {
  FakeAws,
  fakeTime,
  guideRecords,
  MANAGEMENT,
  MEMBER_A,
  MEMBER_B,
} from '../sources/aws/fixtures/mock-aws';
import { Store } from '../store';
import { importFiles } from './import';

// Public inputs (attribution in lib/sources/fixtures/README.md).
const SAMPLES = join(import.meta.dirname, '../sources/fixtures/samples');
const FILES = [
  join(SAMPLES, 'authz/cloudsplaining_test_example-authz-details.json'),
  join(SAMPLES, 'cloudtrail'),
];

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rolechain-parity-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function open(path: string): Store {
  const o = Store.open(path);
  assert.ok(o.ok);
  return o.value;
}

/** A stored snapshot without what differs by when and how it was started. */
function comparable(s: Snapshot) {
  const { createdAt: _c, source: _s, coverage, ...rest } = s;
  return {
    ...rest,
    coverage: (coverage ?? []).map(({ readAt: _r, ...p }) => ({
      ...p,
      failures: p.failures.map((f) => ({ call: f.call, code: f.code })),
    })),
  };
}

/** Every stored event row, as written. */
function storedEvents(store: Store): unknown[] {
  return store.handle.prepare('SELECT event_id, time, origin_id, body FROM events ORDER BY event_id').all();
}

test('given the same real files, when imported by the CLI and by the function the import route calls, then the stores hold the same snapshot and events', async () => {
  const io = memoryIo();
  const cliPath = join(dir, 'cli.db');
  assert.equal(await main(['import', ...FILES, '--store', cliPath, '--format', 'json'], io), 0, io.stderr);
  const cliResult = JSON.parse(io.stdout) as { snapshotId: number; events: unknown; gaps: unknown };

  const api = open(join(dir, 'api.db'));
  const apiResult = await importFiles(api, FILES, { detail: 'upload' });
  const cli = open(cliPath);
  assert.deepEqual(cliResult.events, apiResult.events);
  assert.deepEqual(cliResult.gaps, apiResult.gaps);
  assert.deepEqual(
    comparable(cli.getSnapshot(cliResult.snapshotId)!),
    comparable(api.getSnapshot(apiResult.snapshotId!)!),
  );
  assert.deepEqual(storedEvents(cli), storedEvents(api));
  cli.close();
  api.close();
});

test('given the same partial organisation, when collected by `rolechain collect --allow-partial` and by the dashboard refresh, then the stores match and both report the gap', async () => {
  const setup = (): FakeAws => {
    const aws = new FakeAws([MANAGEMENT, MEMBER_A, MEMBER_B]);
    aws.denyAssume.add(MEMBER_B);
    aws.account(MANAGEMENT).records['us-east-1'] = guideRecords().map((r, i) => ({
      ...r,
      eventID: `evt-${i}`,
      eventTime: `2026-11-21T0${i}:00:00Z`,
      recipientAccountId: MANAGEMENT,
      awsRegion: 'us-east-1',
    }));
    return aws;
  };

  let aws = setup();
  let time = fakeTime();
  aws.now = time.now;
  const io = memoryIo();
  const cliPath = join(dir, 'cli.db');
  const code = await collectCli(
    ['--organization', '--regions', 'us-east-1', '--store', cliPath, '--allow-partial', '--format', 'json'],
    io,
    { clients: aws.factory(), collect: { clock: time.clock, sleep: time.sleep } },
  );
  aws.restore();
  assert.equal(code, 0, io.stderr);
  const cliResult = JSON.parse(io.stdout) as { snapshotId: number; failed: { account?: string }[] };

  aws = setup();
  time = fakeTime();
  aws.now = time.now;
  const api = open(join(dir, 'api.db'));
  const manager = new RefreshManager();
  const started = manager.start(api, {
    organization: true,
    regions: ['us-east-1'],
    clients: aws.factory(),
    env: {},
    collect: { clock: time.clock, sleep: time.sleep },
  });
  assert.ok(started.ok);
  const status = await manager.wait(started.value.id);
  aws.restore();
  assert.equal(status?.state, 'done', JSON.stringify(status?.error));
  const apiResult = status.result!;

  assert.deepEqual(
    cliResult.failed.map((p) => p.account),
    apiResult.failed.map((p) => p.account),
  );
  assert.ok(apiResult.failed.some((p) => p.account === MEMBER_B));
  const cli = open(cliPath);
  assert.deepEqual(
    comparable(cli.getSnapshot(cliResult.snapshotId)!),
    comparable(api.getSnapshot(apiResult.snapshotId)!),
  );
  assert.deepEqual(storedEvents(cli), storedEvents(api));
  cli.close();
  api.close();
});

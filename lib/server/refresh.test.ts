import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { emptySnapshot } from '../model';
import { Store } from '../store';
import { FakeAws, fakeTime, guideRecords, MANAGEMENT, MEMBER_A } from '../sources/aws/fixtures/mock-aws';
import type { RefreshOptions } from './refresh';
import { progressStream, RefreshManager } from './refresh';

let aws: FakeAws;
let store: Store;
beforeEach(() => {
  aws = new FakeAws([MANAGEMENT, MEMBER_A]);
  aws.account(MANAGEMENT).records['us-east-1'] = guideRecords().map((r, i) => ({
    ...r,
    eventID: `evt-${i}`,
    sharedEventID: `shared-${i}`,
    eventTime: `2026-11-21T0${i}:00:00Z`,
    recipientAccountId: MANAGEMENT,
    awsRegion: 'us-east-1',
  }));
  const opened = Store.open(':memory:');
  assert.ok(opened.ok);
  store = opened.value;
  // What the dashboard served before: a snapshot imported from files.
  const prev = emptySnapshot({ kind: 'files', detail: 'earlier import' }, '2026-11-01T00:00:00Z');
  prev.roles.push({
    arn: 'arn:aws:iam::444444444444:role/kept',
    name: 'kept',
    path: '/',
    id: 'AROAKEPT',
    account: '444444444444',
    maxSessionDuration: 3600,
    trustPolicy: {},
    inlinePolicies: [],
    attachedPolicyArns: [],
    tags: {},
    instanceProfileArns: [],
  });
  store.saveSnapshot(prev, '2026-11-01T00:00:00Z');
});
afterEach(() => {
  aws.restore();
  store.close();
});

function options(extra: Partial<RefreshOptions> = {}): RefreshOptions {
  const time = fakeTime();
  aws.now = time.now;
  return {
    clients: aws.factory(),
    regions: ['us-east-1'],
    env: {},
    collect: { clock: time.clock, sleep: time.sleep },
    ...extra,
  };
}

describe('refresh', () => {
  test('given a refresh, when it completes, then one new snapshot is saved over the previous one, events imported and progress ends with done', async () => {
    const m = new RefreshManager();
    const started = m.start(store, options());
    assert.ok(started.ok);
    const status = await m.wait(started.value.id);
    assert.equal(status?.state, 'done', JSON.stringify(status?.error));
    const meta = store.latestSnapshotMeta();
    assert.equal(meta?.id, status?.result?.snapshotId);
    assert.equal(meta?.source.kind, 'aws');
    const snap = store.getSnapshot(meta.id)!;
    // The collected account is in; the account of the earlier import is kept.
    assert.ok(snap.roles.some((r) => r.account === MANAGEMENT));
    assert.ok(snap.roles.some((r) => r.arn === 'arn:aws:iam::444444444444:role/kept'));
    assert.equal(status?.result?.events.inserted, 5);
    assert.equal(store.eventCount(), 5);
    const last = status.progress[status.progress.length - 1]!;
    assert.equal(last.phase, 'done');
    assert.ok(status.progress.every((p, i, all) => i === 0 || p.seq > all[i - 1]!.seq));
  });

  test('given events stored by an earlier refresh, when refreshed again, then LookupEvents resumes from the newest stored event of that account and region', async () => {
    const m = new RefreshManager();
    const first = m.start(store, options());
    assert.ok(first.ok);
    await m.wait(first.value.id);
    aws.lookups.length = 0;
    const second = m.start(store, options());
    assert.ok(second.ok);
    const status = await m.wait(second.value.id);
    assert.equal(status?.state, 'done');
    const starts = new Set(aws.lookups.map((l) => (l.input.StartTime as Date).toISOString()));
    assert.deepEqual([...starts], ['2026-11-21T05:00:00.000Z']);
    assert.equal(status?.result?.events.inserted, 0);
  });

  test('given a refresh running, when a second one is asked for, then it is refused with refresh_running', async () => {
    const m = new RefreshManager();
    const first = m.start(store, options());
    assert.ok(first.ok);
    const second = m.start(store, options());
    assert.deepEqual(second.ok ? null : second.error.code, 'refresh_running');
    await m.wait(first.value.id);
    const third = m.start(store, options());
    assert.ok(third.ok);
    await m.wait(third.value.id);
  });

  test('given a refresh killed half way, when it stops, then nothing is written and the previous snapshot is still the latest', async () => {
    const before = store.latestSnapshotMeta();
    const m = new RefreshManager();
    let id = '';
    aws.mocks.s3.on(ListBucketsCommand).callsFake(() => {
      // Half way: IAM is read, S3 is being listed.
      m.cancel(id);
      return new Promise(() => undefined);
    });
    const started = m.start(store, options());
    assert.ok(started.ok);
    id = started.value.id;
    const status = await m.wait(id);
    assert.equal(status?.state, 'cancelled');
    assert.deepEqual(store.latestSnapshotMeta(), before);
    assert.equal(store.listSnapshots().length, 1);
    assert.equal(store.eventCount(), 0);
    assert.equal(status?.progress[status.progress.length - 1]?.phase, 'cancelled');
    assert.deepEqual(m.cancel(id), { ok: true, value: { id, state: 'cancelled' } });
  });

  test('given no credentials, when refreshed, then it fails with the explanation and writes nothing', async () => {
    aws.mocks.sts.on(GetCallerIdentityCommand).rejects(
      Object.assign(new Error('Could not load credentials from any providers'), {
        name: 'CredentialsProviderError',
      }),
    );
    const m = new RefreshManager();
    const started = m.start(store, options());
    assert.ok(started.ok);
    const status = await m.wait(started.value.id);
    assert.equal(status?.state, 'failed');
    assert.equal(status?.error?.code, 'no_credentials');
    assert.equal(store.listSnapshots().length, 1);
  });

  test('given a subscriber, when the refresh runs, then it receives the progress events as they happen', async () => {
    const m = new RefreshManager();
    const started = m.start(store, options({ organization: true, externalId: 'ext-1234' }));
    assert.ok(started.ok);
    const seen: string[] = [];
    m.subscribe(started.value.id, (e) => seen.push(e.phase));
    const status = await m.wait(started.value.id);
    assert.equal(status?.state, 'done', JSON.stringify(status?.error));
    assert.ok(seen.includes('organization'));
    assert.ok(seen.includes('accounts'));
    assert.equal(seen[seen.length - 1], 'done');
    assert.deepEqual(status?.result?.accounts, { collected: [MANAGEMENT, MEMBER_A], failed: [] });
  });
});

describe('progressStream', () => {
  test('given a refresh, when its stream is read to the end, then it carries every progress event as SSE and ends with the final status', async () => {
    const m = new RefreshManager();
    const started = m.start(store, options());
    assert.ok(started.ok);
    const status = m.status(started.value.id)!;
    const text = await new Response(progressStream(m, status, 0)).text();
    const frames = text.trim().split('\n\n');
    const final = frames[frames.length - 1]!;
    assert.match(final, /^event: end\ndata: /);
    const end = JSON.parse(final.split('data: ')[1]!);
    assert.equal(end.state, 'done');
    assert.equal(end.progress, undefined);
    const progress = frames.slice(0, -1);
    assert.equal(progress.length, status.progress.length);
    assert.ok(
      progress.every((f, i) => f.startsWith(`id: ${status.progress[i]!.seq}\nevent: progress\ndata: {`)),
    );
  });

  test('given a finished refresh and a Last-Event-ID, when the stream is opened, then only the later events and the end are sent', async () => {
    const m = new RefreshManager();
    const started = m.start(store, options());
    assert.ok(started.ok);
    const status = (await m.wait(started.value.id))!;
    const cut = status.progress[status.progress.length - 3]!.seq;
    const text = await new Response(progressStream(m, status, cut)).text();
    const ids = [...text.matchAll(/^id: (\d+)$/gm)].map((x) => Number(x[1]));
    assert.deepEqual(
      ids,
      status.progress.slice(-2).map((p) => p.seq),
    );
    assert.match(text, /event: end\n/);
  });
});

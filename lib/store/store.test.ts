import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import type { AssumeEvent } from '../model';
import { emptySnapshot } from '../model';
import { decodeCursor, edgeObservations, queryEvents, summarizeEvents } from './events-query';
import { SCHEMA_VERSION } from './migrations';
import { Store } from './store';

const tmp = () => mkdtempSync(join(tmpdir(), 'rolechain-store-'));

function event(over: Partial<AssumeEvent> & { eventId: string; time: string }): AssumeEvent {
  return {
    recordedBy: '222222222222',
    region: 'us-west-2',
    eventName: 'AssumeRole',
    eventSource: 'sts.amazonaws.com',
    caller: {
      type: 'AssumedRole',
      arn: 'arn:aws:sts::111111111111:assumed-role/doris-be/i-0abc',
      accessKeyId: 'ASIAAAA',
    },
    roleArn: 'arn:aws:iam::222222222222:role/doris-s3-role',
    externalIdPresent: true,
    outcome: 'success',
    ...over,
  };
}

function openOk(path: string): Store {
  const r = Store.open(path);
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  return r.value;
}

test('given a new store, when a snapshot is saved, then it reads back whole and is listed newest first', () => {
  const store = openOk(join(tmp(), 'a.db'));
  const s1 = emptySnapshot({ kind: 'demo', detail: 'demo' }, '2026-11-20T12:00:00Z');
  s1.accounts.push({ id: '111111111111', name: 'data-platform' });
  const id1 = store.saveSnapshot(s1, '2026-11-21T00:00:00Z');
  const id2 = store.saveSnapshot(emptySnapshot({ kind: 'files', detail: '/x' }, '2026-11-21T00:00:00Z'));
  assert.deepEqual(store.getSnapshot(id1), s1);
  assert.deepEqual(
    store.listSnapshots().map((m) => [m.id, m.source.kind, m.counts.accounts]),
    [
      [id2, 'files', 0],
      [id1, 'demo', 1],
    ],
  );
  assert.equal(store.latestSnapshotMeta()?.id, id2);
  assert.equal(store.schemaVersion, SCHEMA_VERSION);
  store.close();
});

test('given events imported, when the same events and the other account’s copy come again, then nothing is added', () => {
  const store = openOk(':memory:');
  const a = event({ eventId: 'e1', time: '2026-11-01T00:00:00Z', sharedEventId: 's1' });
  const b = event({ eventId: 'e2', time: '2026-11-02T00:00:00Z' });
  assert.deepEqual(store.importEvents([a, b]), { inserted: 2, duplicates: 0 });
  const copyInCallerAccount = { ...a, eventId: 'e1-other', recordedBy: '111111111111' };
  assert.deepEqual(store.importEvents([a, b, copyInCallerAccount]), { inserted: 0, duplicates: 3 });
  assert.equal(store.eventCount(), 2);
});

test('given a batch with one bad event, when imported, then none of the batch is stored', () => {
  const store = openOk(':memory:');
  const good = event({ eventId: 'g', time: '2026-11-01T00:00:00Z' });
  const bad = {
    ...event({ eventId: 'b', time: '2026-11-01T00:00:01Z' }),
    region: null,
  } as unknown as AssumeEvent;
  assert.throws(() => store.importEvents([good, bad]));
  assert.equal(store.eventCount(), 0);
});

test('given a chain imported in two batches, when queried, then the later hop carries the first hop’s origin', () => {
  const store = openOk(':memory:');
  const fromEc2 = event({
    eventId: 'h1',
    time: '2026-11-01T00:00:00Z',
    caller: { type: 'AWSService', invokedBy: 'ec2.amazonaws.com' },
    roleArn: 'arn:aws:iam::111111111111:role/doris-be',
    roleSessionName: 'i-0abc',
    issuedAccessKeyId: 'ASIAFIRST',
  });
  store.importEvents([fromEc2]);
  const hop2 = event({
    eventId: 'h2',
    time: '2026-11-01T00:05:00Z',
    caller: {
      type: 'AssumedRole',
      arn: 'arn:aws:sts::111111111111:assumed-role/doris-be/i-0abc',
      accessKeyId: 'ASIAFIRST',
    },
  });
  store.importEvents([hop2]);
  const page = queryEvents(store, { origin: 'i-0abc' });
  assert.deepEqual(
    page.events.map((e) => [e.eventId, e.origin?.kind]),
    [
      ['h2', 'ec2-instance'],
      ['h1', 'ec2-instance'],
    ],
  );
});

test('given 250 events, when paged 100 at a time, then every event is seen once, newest first', () => {
  const store = openOk(':memory:');
  const events = Array.from({ length: 250 }, (_, i) =>
    event({
      eventId: `e${String(i).padStart(3, '0')}`,
      time: `2026-11-${String(1 + (i % 28)).padStart(2, '0')}T00:00:00Z`,
    }),
  );
  store.importEvents(events);
  const seen: string[] = [];
  let cursor: [string, string] | undefined;
  for (let i = 0; i < 5; i++) {
    const page = queryEvents(store, {}, 100, cursor);
    seen.push(...page.events.map((e) => e.eventId));
    if (!page.nextCursor) break;
    cursor = decodeCursor(page.nextCursor);
  }
  assert.equal(seen.length, 250);
  assert.equal(new Set(seen).size, 250);
  const times = seen.map((id) => events.find((e) => e.eventId === id)!.time);
  assert.deepEqual(times, [...times].sort().reverse());
});

test('given denied and successful events, when summarised and overlaid, then counts split by outcome', () => {
  const store = openOk(':memory:');
  store.importEvents([
    event({ eventId: '1', time: '2026-11-01T01:00:00Z' }),
    event({ eventId: '2', time: '2026-11-01T02:00:00Z', outcome: 'denied', errorCode: 'AccessDenied' }),
    event({ eventId: '3', time: '2026-11-02T02:00:00Z', outcome: 'denied', errorCode: 'AccessDenied' }),
  ]);
  assert.deepEqual(summarizeEvents(store, 'day'), [
    { key: '2026-11-01', success: 1, denied: 1, error: 0 },
    { key: '2026-11-02', success: 0, denied: 1, error: 0 },
  ]);
  const obs = edgeObservations(store).find((o) => o.outcome === 'denied');
  assert.deepEqual(obs && [obs.count, obs.firstSeen, obs.lastSeen], [
    2,
    '2026-11-01T02:00:00Z',
    '2026-11-02T02:00:00Z',
  ]);
  assert.equal(queryEvents(store, { outcome: 'denied', from: '2026-11-02T00:00:00Z' }).events.length, 1);
});

test('given a file that is not SQLite, when opened, then it is refused and left byte for byte as it was', () => {
  const path = join(tmp(), 'notes.db');
  writeFileSync(path, 'these are my notes, not a database\n'.repeat(200));
  const before = readFileSync(path);
  const r = Store.open(path);
  assert.equal(r.ok, false);
  assert.equal(!r.ok && r.error.code, 'store_unreadable');
  assert.deepEqual(readFileSync(path), before);
});

test('given another application’s SQLite file, when opened, then it is refused and not written to', () => {
  const path = join(tmp(), 'other.db');
  const other = new Database(path);
  other.exec('CREATE TABLE customers (id INTEGER)');
  other.close();
  const before = readFileSync(path);
  const r = Store.open(path);
  assert.equal(!r.ok && r.error.code, 'store_foreign');
  assert.deepEqual(readFileSync(path), before);
});

test('given a store written by a newer Rolechain, when opened, then it is refused', () => {
  const path = join(tmp(), 'newer.db');
  openOk(path).close();
  const db = new Database(path);
  db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
  db.close();
  const r = Store.open(path);
  assert.equal(!r.ok && r.error.code, 'store_too_new');
});

test('given a three-hop chain, when its last event is traced, then the ancestry runs from the first hop', async () => {
  const { eventAncestry } = await import('./events-query');
  const store = openOk(':memory:');
  store.importEvents([
    event({
      eventId: 'a',
      time: '2026-11-01T00:00:00Z',
      caller: {
        type: 'IAMUser',
        arn: 'arn:aws:iam::333333333333:user/alice',
        accessKeyId: 'AKIAALICE',
        userName: 'alice',
      },
      issuedAccessKeyId: 'ASIA1',
    }),
    event({
      eventId: 'b',
      time: '2026-11-01T00:01:00Z',
      caller: { type: 'AssumedRole', accessKeyId: 'ASIA1' },
      issuedAccessKeyId: 'ASIA2',
    }),
    event({
      eventId: 'c',
      time: '2026-11-01T00:02:00Z',
      caller: { type: 'AssumedRole', accessKeyId: 'ASIA2' },
    }),
  ]);
  const chain = eventAncestry(store, 'c');
  assert.deepEqual(
    chain.map((e) => e.eventId),
    ['a', 'b', 'c'],
  );
  assert.deepEqual(
    chain.map((e) => e.origin?.id),
    [
      'arn:aws:iam::333333333333:user/alice',
      'arn:aws:iam::333333333333:user/alice',
      'arn:aws:iam::333333333333:user/alice',
    ],
  );
});

test('given a new data folder, when the store is created, then the folder is 0700 and the store and its WAL 0600, whatever the umask', () => {
  const base = mkdtempSync(join(tmpdir(), 'rolechain-perm-'));
  const path = join(base, 'data', 'nested', 'rolechain.db');
  const old = process.umask(0o022);
  try {
    const r = Store.open(path);
    assert.ok(r.ok);
    r.value.saveSnapshot(emptySnapshot({ kind: 'files', detail: 'x' }, '2026-01-01T00:00:00Z'));
    assert.equal(statSync(join(base, 'data')).mode & 0o777, 0o700);
    assert.equal(statSync(join(base, 'data', 'nested')).mode & 0o777, 0o700);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.equal(statSync(`${path}-wal`).mode & 0o777, 0o600);
    r.value.close();
  } finally {
    process.umask(old);
  }
});

test('given a store an earlier version made 0644, when opened, then it is made 0600', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rolechain-perm-'));
  const path = join(dir, 'rolechain.db');
  const first = Store.open(path);
  assert.ok(first.ok);
  first.value.close();
  chmodSync(path, 0o644);
  const again = Store.open(path);
  assert.ok(again.ok);
  assert.equal(statSync(path).mode & 0o777, 0o600);
  again.value.close();
});

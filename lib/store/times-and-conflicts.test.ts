import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import type { AssumeEvent } from '../model';
import { queryEvents } from './events-query';
import { APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION } from './migrations';
import { Store } from './store';

const ev = (over: Partial<AssumeEvent> & { eventId: string }): AssumeEvent => ({
  time: '2024-12-12T16:04:32.000Z',
  recordedBy: '111122223333',
  region: 'us-east-1',
  eventName: 'AssumeRole',
  eventSource: 'sts.amazonaws.com',
  caller: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/u', accountId: '111122223333' },
  roleArn: 'arn:aws:iam::111122223333:role/SampleRole',
  externalIdPresent: false,
  outcome: 'success',
  ...over,
});

const open = (path: string): Store => {
  const r = Store.open(path);
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  return r.value;
};

test('given a version-1 store holding times as records wrote them, when opened, then every time is the canonical instant and windows find them', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'rolechain-mig-')), 's.db');
  const db = new Database(path);
  db.exec(MIGRATIONS[0] as string);
  db.pragma(`application_id = ${APPLICATION_ID}`);
  db.pragma('user_version = 1');
  const insert = db.prepare(
    `INSERT INTO events (event_id, time, recorded_by, region, event_name, caller_type, outcome, body)
     VALUES (?, ?, '1', 'us-east-1', 'AssumeRole', 'IAMUser', 'success', ?)`,
  );
  // What version 1 stored: eventTime verbatim (the first two from Panther's published test logs).
  const stored: [string, string, string][] = [
    ['a', '2024-12-12 16:04:32.000000000', '2024-12-12T16:04:32.000Z'],
    ['b', '2024-06-02 20:27:12', '2024-06-02T20:27:12.000Z'],
    ['c', '2024-06-02T20:00:00Z', '2024-06-02T20:00:00.000Z'],
    ['d', '2024-06-02T23:30:00+05:00', '2024-06-02T18:30:00.000Z'],
  ];
  for (const [id, time] of stored)
    insert.run(id, time, JSON.stringify(ev({ eventId: id, time, caller: { type: 'IAMUser' } })));
  db.close();

  const store = open(path);
  assert.equal(store.schemaVersion, SCHEMA_VERSION);
  const all = queryEvents(store, {}, 10).events;
  assert.deepEqual(
    all.map((e) => [e.eventId, e.time]),
    [...stored].sort((x, y) => (x[2] < y[2] ? 1 : -1)).map(([id, , t]) => [id, t]),
  );
  const june = queryEvents(store, { from: '2024-06-02T00:00:00.000Z', to: '2024-06-03T00:00:00.000Z' }, 10);
  assert.deepEqual(june.events.map((e) => e.eventId).sort(), ['b', 'c', 'd']);
  store.close();
});

test('given a stored event, when a record with its eventID but another role arrives in a later import, then both are kept, and importing it again adds nothing', () => {
  const store = open(':memory:');
  const first = ev({ eventId: '1111', sharedEventId: '1111' });
  const other = ev({
    eventId: '1111',
    sharedEventId: '1111',
    roleArn: 'arn:aws:iam::111122223333:role/Other',
  });
  assert.equal(store.importEvents([first]).inserted, 1);
  assert.equal(store.importEvents([other]).inserted, 1);
  assert.equal(store.importEvents([other, first]).inserted, 0);
  const rows = queryEvents(store, {}, 10).events;
  assert.equal(rows.length, 2);
  const kept = rows.find((e) => e.roleArn === other.roleArn)!;
  assert.match(kept.eventId, /^1111~[0-9a-f]{16}$/);
  assert.ok(kept.notes?.some((n) => n.includes('differs in roleArn')));
  assert.equal(rows.find((e) => e.eventId === '1111')!.roleArn, first.roleArn);
  store.close();
});

test('given an issuer whose response key the caller shares but whose session it is not, when imported, then the caller keeps its own origin', () => {
  const store = open(':memory:');
  const issuer = ev({
    eventId: 'saml',
    time: '2024-01-15T10:00:00.000Z',
    eventName: 'AssumeRoleWithSAML',
    caller: { type: 'SAMLUser', subject: 'someone' },
    subject: 'someone',
    issuedAccessKeyId: 'ASIASHARED',
    assumedRoleArn: 'arn:aws:sts::111122223333:assumed-role/SamlRole/someone',
  });
  const user = ev({
    eventId: 'gst',
    time: '2024-01-15T10:30:00.000Z',
    eventName: 'GetSessionToken',
    caller: {
      type: 'IAMUser',
      arn: 'arn:aws:iam::111122223333:user/example-user',
      accountId: '111122223333',
      accessKeyId: 'ASIASHARED',
      userName: 'example-user',
    },
  });
  store.importEvents([issuer]);
  store.importEvents([user]);
  const stored = queryEvents(store, { eventName: 'GetSessionToken' }, 1).events[0]!;
  assert.equal(stored.origin?.kind, 'iam-user');
  assert.equal(stored.origin?.id, 'arn:aws:iam::111122223333:user/example-user');
  store.close();
});

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { emptySnapshot } from '../model';
import { loadDemo } from '../sources/demo';
import { loadFromPaths } from '../sources/load';
import { Store } from './store';

const DEMO = join(import.meta.dirname, '../../demo');
const SAMPLES = join(import.meta.dirname, '../sources/fixtures/samples');

test('given a store an older server filled with the demo before the user imported, when opened, then the demo snapshot and events are gone and the user data stays', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rolechain-migrate-'));
  const path = join(dir, 'old.db');
  try {
    const demo = await loadDemo(DEMO);
    const user = await loadFromPaths([join(SAMPLES, 'cloudtrail')]);
    const o = Store.open(path);
    assert.ok(o.ok);
    const store = o.value;
    // What servers before the demo was kept apart did: the demo first, then the user's import on top.
    store.saveSnapshot(demo.snapshot);
    store.importEvents(demo.events);
    const userSnapshot = emptySnapshot({ kind: 'files', detail: 'authz.json' }, '2026-12-01T00:00:00Z');
    store.saveSnapshot(userSnapshot);
    const userInserted = store.importEvents(user.events).inserted;
    assert.ok(userInserted > 0);
    store.close();
    // Back to schema version 1, as such a store is on disk.
    const db = new Database(path);
    db.pragma('user_version = 1');
    db.close();

    const reopened = Store.open(path);
    assert.ok(reopened.ok);
    const after = reopened.value;
    assert.deepEqual(
      after.listSnapshots().map((m) => m.source.kind),
      ['files'],
    );
    assert.equal(after.eventCount(), userInserted);
    const demoIds = new Set(demo.events.map((e) => e.eventId));
    const ids = (after.handle.prepare('SELECT event_id FROM events').all() as { event_id: string }[]).map(
      (r) => r.event_id,
    );
    assert.equal(ids.filter((id) => demoIds.has(id)).length, 0);
    after.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('given a store that never held the demo, when migrated, then events of accounts that look like the demo ones are kept', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rolechain-migrate-'));
  const path = join(dir, 'user.db');
  try {
    const o = Store.open(path);
    assert.ok(o.ok);
    const real = (await loadFromPaths([join(SAMPLES, 'cloudtrail')])).events[0]!;
    // A real event, moved into a demo account's id and the demo's window: still the user's.
    o.value.importEvents([{ ...real, recordedBy: '111111111111', time: '2026-11-01T00:00:00Z' }]);
    o.value.close();
    const db = new Database(path);
    db.pragma('user_version = 1');
    db.close();
    const again = Store.open(path);
    assert.ok(again.ok);
    assert.equal(again.value.eventCount(), 1);
    again.value.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

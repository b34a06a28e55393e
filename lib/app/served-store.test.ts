/**
 * The demo is never mixed with a user's data: served from a store of its own while the user's is
 * empty, never written into the user's, and gone from view with the first import.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadDemo } from '../sources/demo';
import { Store } from '../store';
import { importFiles } from './import';
import { ServedStores } from './served-store';

const DEMO = join(import.meta.dirname, '../../demo');
const SAMPLES = join(import.meta.dirname, '../sources/fixtures/samples');

function userStore(): Store {
  const o = Store.open(':memory:');
  assert.ok(o.ok);
  return o.value;
}

test('given an empty user store, when the dashboard reads, then it serves the demo from its own store and the user store stays empty', async () => {
  const user = userStore();
  const stores = new ServedStores(user, () => loadDemo(DEMO));
  assert.equal(stores.showsDemo(), true);
  const served = await stores.served();
  assert.notEqual(served, user);
  assert.equal(served.latestSnapshotMeta()?.source.kind, 'demo');
  assert.ok(served.eventCount() > 3000);
  assert.equal(user.isEmpty(), true);
  assert.equal(user.eventCount(), 0);
});

test('given the demo served, when the user imports CloudTrail files only, then the user store is served and holds no demo snapshot nor demo event', async () => {
  const user = userStore();
  const stores = new ServedStores(user, () => loadDemo(DEMO));
  const demo = await stores.served();
  const demoIds = new Set(
    (demo.handle.prepare('SELECT event_id FROM events').all() as { event_id: string }[]).map(
      (r) => r.event_id,
    ),
  );
  const r = await importFiles(user, [join(SAMPLES, 'cloudtrail')]);
  assert.ok(r.events.inserted > 0);
  assert.equal(stores.showsDemo(), false);
  assert.equal(await stores.served(), user);
  assert.equal(user.listSnapshots().length, 0);
  const ids = (user.handle.prepare('SELECT event_id FROM events').all() as { event_id: string }[]).map(
    (x) => x.event_id,
  );
  assert.equal(ids.filter((id) => demoIds.has(id)).length, 0);
  assert.equal(
    (
      user.handle
        .prepare(
          "SELECT count(*) AS n FROM events WHERE role_arn LIKE '%alice%' OR caller_arn LIKE '%alice.chen%'",
        )
        .get() as { n: number }
    ).n,
    0,
  );
});

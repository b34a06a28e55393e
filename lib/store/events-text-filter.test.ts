import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AssumeEvent } from '../model';
import { queryEvents, summarizeEvents } from './events-query';
import { Store } from './store';

const ROLE = {
  admin: 'arn:aws:iam::222222222222:role/lakehouse-admin-role',
  doris: 'arn:aws:iam::222222222222:role/doris',
  dorisS3: 'arn:aws:iam::222222222222:role/doris-s3-role',
};
const ALICE = 'arn:aws:iam::111111111111:user/alice.chen';

function event(id: string, roleArn: string, caller: AssumeEvent['caller']): AssumeEvent {
  return {
    eventId: id,
    time: `2026-11-01T00:00:0${id.slice(-1)}Z`,
    recordedBy: '222222222222',
    region: 'us-west-2',
    eventName: 'AssumeRole',
    eventSource: 'sts.amazonaws.com',
    caller,
    roleArn,
    externalIdPresent: false,
    outcome: 'success',
  };
}

function storeWith(): Store {
  const r = Store.open(':memory:');
  assert.ok(r.ok);
  const store = r.value;
  const user = { type: 'IAMUser' as const, arn: ALICE, userName: 'alice.chen' };
  const ec2 = {
    type: 'AssumedRole' as const,
    arn: 'arn:aws:sts::111111111111:assumed-role/doris-be/i-0abc',
  };
  store.importEvents([
    event('e1', ROLE.admin, user),
    event('e2', ROLE.doris, ec2),
    event('e3', ROLE.dorisS3, ec2),
    event('e4', ROLE.dorisS3, ec2),
  ]);
  return store;
}

const ids = (store: Store, f: Parameters<typeof queryEvents>[1]) =>
  queryEvents(store, f)
    .events.map((e) => e.eventId)
    .sort();

describe('audit text filters (role, caller, original identity)', () => {
  const store = storeWith();

  test('given a role name, not its ARN, then the role’s events are found (the issue: nothing was)', () => {
    assert.deepEqual(ids(store, { role: 'lakehouse-admin-role' }), ['e1']);
    assert.deepEqual(ids(store, { role: 'LAKEHOUSE admin' }), ['e1']);
  });

  test('given part of a user name as the original identity, then that user’s sessions are found', () => {
    assert.deepEqual(ids(store, { origin: 'alice.chen' }), ['e1']);
    assert.deepEqual(ids(store, { caller: 'alice' }), ['e1']);
  });

  test('given a full ARN stored as is, then exactly that role: a longer ARN that starts with it is left out', () => {
    assert.deepEqual(ids(store, { role: ROLE.doris }), ['e2']);
    assert.deepEqual(ids(store, { role: ROLE.dorisS3 }), ['e3', 'e4']);
    assert.deepEqual(ids(store, { role: 'doris' }), ['e2', 'e3', 'e4']);
  });

  test('given text in no stored value, then no events, and summaries agree with the page', () => {
    assert.deepEqual(ids(store, { role: 'no-such-role' }), []);
    const rows = summarizeEvents(store, 'role', { role: 'doris s3' });
    assert.deepEqual(
      rows.map((r) => [r.key, r.success]),
      [[ROLE.dorisS3, 2]],
    );
  });

  test('the query stays on the role index: a search of it, and the candidates from the index alone', () => {
    const plan = (sql: string, ...args: string[]) =>
      (store.handle.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[])
        .map((p) => p.detail)
        .join('\n');
    assert.match(
      plan(
        'SELECT body FROM events WHERE role_arn IN (SELECT value FROM json_each(?)) ORDER BY time DESC',
        '[]',
      ),
      /SEARCH events USING INDEX events_role \(role_arn=\?\)/,
    );
    assert.match(
      plan('SELECT DISTINCT role_arn AS v FROM events WHERE role_arn IS NOT NULL'),
      /USING COVERING INDEX events_role/,
    );
  });
});

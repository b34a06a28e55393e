import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { attribute } from '../audit/attribution';
import { loadDemo } from './demo';

const DEMO = join(import.meta.dirname, '..', '..', 'demo');

/** Counts straight from the demo's files, independently of the readers. */
function countFromFiles(): {
  roles: number;
  users: number;
  records: number;
  accounts: string[];
  encodedAccounts: string[];
} {
  let roles = 0;
  const encodedAccounts: string[] = [];
  let users = 0;
  const accounts = readdirSync(join(DEMO, 'accounts')).sort();
  for (const id of accounts) {
    const authz = join(DEMO, 'accounts', id, 'iam', 'get-account-authorization-details.json');
    const json = JSON.parse(readFileSync(authz, 'utf8')) as {
      RoleDetailList: { AssumeRolePolicyDocument: unknown }[];
      UserDetailList: unknown[];
    };
    if (json.RoleDetailList.some((r) => typeof r.AssumeRolePolicyDocument === 'string'))
      encodedAccounts.push(id);
    roles += json.RoleDetailList.length;
    users += json.UserDetailList.length;
  }
  let records = 0;
  const trail = join(DEMO, 'cloudtrail');
  let files: string[];
  try {
    files = readdirSync(trail, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json.gz'));
  } catch {
    files = [];
  }
  for (const f of files)
    records += (
      JSON.parse(gunzipSync(readFileSync(join(trail, f))).toString('utf8')) as { Records: unknown[] }
    ).Records.length;
  return { roles, users, records, accounts, encodedAccounts };
}

describe('loadDemo', () => {
  it('given the embedded demo organisation, when loaded, then everything reads without a warning', async () => {
    const expected = countFromFiles();
    const r = await loadDemo(DEMO);
    assert.deepEqual(r.warnings, []);
    const s = r.snapshot;
    assert.deepEqual(s.source, { kind: 'demo', detail: 'embedded demo organisation' });
    assert.equal(s.createdAt, '2026-11-20T12:00:00Z');
    assert.equal(s.roles.length, expected.roles);
    assert.equal(s.users.length, expected.users);
    assert.equal(r.stats.records, expected.records);
    assert.deepEqual(
      s.accounts.filter((a) => !a.external).map((a) => a.id),
      ['100000000001', '111111111111', '222222222222', '333333333333'],
    );
    assert.deepEqual(
      s.accounts.filter((a) => a.external).map((a) => a.id),
      ['444444444444'],
    );
    assert.equal(s.organization?.id, 'o-rolechain1');
    assert.equal(s.organization?.rootId, 'r-rc01');
    for (const role of s.roles) {
      assert.equal(typeof role.trustPolicy, 'object', `${role.arn} has its trust policy`);
      // list-roles.json gives every role its MaxSessionDuration; the tag trick is gone.
      assert.equal(role.maxSessionDurationKnown, undefined, `${role.arn} has a known MaxSessionDuration`);
      assert.equal(role.tags.MaxSessionDuration, undefined);
    }
    for (const b of s.buckets) assert.match(b.account ?? '', /^\d{12}$/, `${b.name} has its account`);
    assert.ok(s.instances.every((i) => i.account === '111111111111' && i.region === 'us-west-2'));
    // One account keeps the raw API's URL-encoded documents: they were decoded, not dropped.
    assert.ok(expected.encodedAccounts.length >= 1, 'the demo has a URL-encoded account');
    // CloudTrail: every event has its recording account and an ancestry; cross-account calls are folded.
    if (expected.records > 0) {
      assert.ok(r.events.length > 0);
      assert.ok(r.events.every((e) => /^\d{12}$/.test(e.recordedBy)));
      assert.equal(attribute(r.events).size, r.events.length);
      assert.ok(r.events.some((e) => (e.alsoRecordedBy ?? []).length > 0));
    }
  });
});

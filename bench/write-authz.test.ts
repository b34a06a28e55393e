import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { loadFromPaths } from '../lib/sources/load';
import { generateOrg } from './generate-org';
import { writeAuthz } from './write-authz';

test('given a generated organisation, when written as authz details and read back, then every role, user and trust survives', async () => {
  const org = generateOrg({ accounts: 3, rolesPerAccount: 40, seed: 9 });
  const dir = mkdtempSync(join(tmpdir(), 'rolechain-authz-'));
  writeAuthz(org, dir);
  const back = await loadFromPaths([dir]);
  assert.deepEqual(back.warnings, []);
  assert.equal(back.snapshot.roles.length, org.roles.length);
  assert.equal(back.snapshot.users.length, org.users.length);
  const trust = new Map(org.roles.map((r) => [r.arn, r.trustPolicy]));
  for (const r of back.snapshot.roles) assert.deepEqual(r.trustPolicy, trust.get(r.arn), r.arn);
});

test('given the same seed, when an organisation is generated twice, then the files written are the same bytes', () => {
  const write = (seed: number) => {
    const dir = mkdtempSync(join(tmpdir(), 'rolechain-authz-'));
    writeAuthz(generateOrg({ accounts: 2, rolesPerAccount: 30, seed }), dir);
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name))
      .sort()
      .map((f) => [relative(dir, f), readFileSync(f, 'utf8')]);
  };
  const a = write(4);
  assert.ok(a.length > 0);
  assert.deepEqual(write(4), a);
  assert.notDeepEqual(write(5), a);
});

test('given a generated organisation, then most roles were used recently, some long ago, some never, and that survives the files', async () => {
  const org = generateOrg({ accounts: 4, rolesPerAccount: 250, seed: 12 });
  const now = Date.parse(org.createdAt);
  const age = (d: string | undefined) => (d === undefined ? undefined : (now - Date.parse(d)) / 86_400_000);
  const ages = org.roles.map((r) => age(r.lastUsed?.date));
  const recent = ages.filter((a) => a !== undefined && a >= 0 && a < 30).length / ages.length;
  const old = ages.filter((a) => a !== undefined && a >= 30).length / ages.length;
  const never = ages.filter((a) => a === undefined).length / ages.length;
  assert.ok(recent > 0.85 && recent < 0.95, `recent ${recent}`);
  assert.ok(old > 0.02 && old < 0.08, `old ${old}`);
  assert.ok(never > 0.02 && never < 0.08, `never ${never}`);

  const dir = mkdtempSync(join(tmpdir(), 'rolechain-authz-'));
  writeAuthz(org, dir);
  const file = readdirSync(dir, { recursive: true, withFileTypes: true }).find((e) => e.isFile());
  assert.ok(file);
  const text = readFileSync(join(file.parentPath, file.name), 'utf8');
  assert.ok(
    /"RoleLastUsed":\{"LastUsedDate":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00","Region":"[a-z]+-[a-z]+-\d"\}/.test(
      text,
    ),
    'RoleLastUsed as the CLI prints it',
  );
  const back = await loadFromPaths([dir]);
  const used = new Map(org.roles.map((r) => [r.arn, r.lastUsed]));
  for (const r of back.snapshot.roles) assert.deepEqual(r.lastUsed, used.get(r.arn), r.arn);
});

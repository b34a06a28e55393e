import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

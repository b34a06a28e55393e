import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { knownProfiles, profileNames } from './profiles';

// The shapes of the AWS CLI user guide's "Configuration and credential file settings" examples.
const CONFIG = `[default]
region = us-west-2
output = json

[profile user1]
region = us-east-1

[profile my-sso]
sso_session = my-sso
sso_account_id = 111122223333

[sso-session my-sso]
sso_region = us-east-1
`;
const CREDENTIALS = `[default]
aws_access_key_id = AKIAIOSFODNN7EXAMPLE

[user2]
aws_access_key_id = AKIAI44QH8DHBEXAMPLE
`;

test('given a config file, when read, then profiles are [default] and [profile x], not sso-session sections', () => {
  assert.deepEqual([...profileNames(CONFIG, 'config')].sort(), ['default', 'my-sso', 'user1']);
});

test('given a credentials file, when read, then every section is a profile', () => {
  assert.deepEqual([...profileNames(CREDENTIALS, 'credentials')].sort(), ['default', 'user2']);
});

test('given AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE, when profiles are listed, then both files count', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rc-profiles-'));
  writeFileSync(join(dir, 'config'), CONFIG);
  writeFileSync(join(dir, 'credentials'), CREDENTIALS);
  const k = knownProfiles({
    AWS_CONFIG_FILE: join(dir, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
  });
  assert.ok(k.names.has('user1') && k.names.has('user2'));
  assert.ok(!k.names.has('nosuch'));
  assert.equal(k.files.length, 2);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findSecrets } from './secrets';

// The AWS documentation's example key pair (not a real credential).
const KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

test('given a credentials file, when scanned, then the secret key is found with its place and the excerpt cuts it', () => {
  const text = `[default]\naws_access_key_id = ${KEY_ID}\naws_secret_access_key = ${SECRET}\n`;
  const hits = findSecrets(text, 'credentials');
  assert.deepEqual(
    hits.map((h) => h.kind),
    ['secret-key-field', 'secret-access-key'],
  );
  assert.equal(hits[0]!.where, 'credentials');
  assert.ok(hits.every((h) => !h.excerpt.includes(SECRET)));
});

test('given STS credentials as JSON, when scanned, then the session token and the secret are found', () => {
  const text = JSON.stringify({
    Credentials: {
      AccessKeyId: 'ASIAQRSTUVWXYZEXAMPL',
      SecretAccessKey: SECRET,
      SessionToken: 'FwoGZXIvYXdzEJr//////////wEaDOnC2eXAMPLEtoken1234',
    },
  });
  const kinds = findSecrets(text, 'r')
    .map((h) => h.kind)
    .sort();
  assert.deepEqual(kinds, ['secret-access-key', 'secret-key-field', 'session-token']);
  assert.equal(findSecrets('-----BEGIN RSA PRIVATE KEY-----\nMII', 'k')[0]?.kind, 'pem-block');
});

test('given CloudTrail-shaped identifiers only, when scanned, then nothing is reported', () => {
  const text = JSON.stringify({
    userIdentity: { accessKeyId: 'ASIAQRSTUVWXYZEXAMPL', principalId: 'AROAEXAMPLEID:session' },
    responseElements: { credentials: { accessKeyId: 'ASIAQRSTUVWXYZEXAMPL', expiration: 'Oct 1, 2026' } },
    digest: 'da39a3ee5e6b4b0d3255bfef95601890afd80709',
    requestParameters: { sessionToken: '****', externalId: 'doris-external-id' },
  });
  assert.deepEqual(findSecrets(text, 'event'), []);
});

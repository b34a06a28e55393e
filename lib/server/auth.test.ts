import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  accessConfigFromEnv,
  decideAccess,
  isLoopbackHost,
  newToken,
  secretsEqual,
  sessionValue,
  SESSION_COOKIE,
  TOKEN_MIN_LENGTH,
  tokenStrength,
} from './auth';
import type { AccessConfig } from './auth';

const TOKEN = 'k3Y-0123456789abcdefghijklmnopqrstuvwxyz';
const tokenMode: AccessConfig = { mode: 'token', token: TOKEN };

function req(url: string, headers: Record<string, string> = {}) {
  return { url: new URL(url), headers: new Headers(headers) };
}

test('given listen addresses, when classified, then only loopback ones are local', () => {
  for (const h of [
    '127.0.0.1',
    '127.1.2.3',
    'localhost',
    'LOCALHOST',
    'app.localhost',
    '::1',
    '[::1]',
    '::ffff:127.0.0.1',
  ])
    assert.equal(isLoopbackHost(h), true, h);
  for (const h of [
    '0.0.0.0',
    '::',
    '[::]',
    '10.0.0.5',
    '192.168.1.2',
    'example.com',
    'localhost.example.com',
    '::ffff:10.0.0.1',
    '',
  ])
    assert.equal(isLoopbackHost(h), false, h);
});

test('given no configuration, when the environment is read, then access is open', () => {
  const r = accessConfigFromEnv({});
  assert.deepEqual(r, { ok: true, value: { mode: 'open' } });
  assert.deepEqual(decideAccess({ mode: 'open' }, req('http://127.0.0.1/api/graph')), { kind: 'allow' });
});

test('given a short or spaced ROLECHAIN_TOKEN, when read, then it is refused with the reason', () => {
  const short = accessConfigFromEnv({ ROLECHAIN_TOKEN: 'x'.repeat(TOKEN_MIN_LENGTH - 1) });
  assert.equal(short.ok, false);
  assert.match(short.ok ? '' : short.error.message, /at least 32/);
  const spaced = accessConfigFromEnv({ ROLECHAIN_TOKEN: 'a b'.repeat(20) });
  assert.equal(spaced.ok, false);
});

test('given a token and a proxy header both set, when read, then the token wins', () => {
  const r = accessConfigFromEnv({
    ROLECHAIN_TOKEN: TOKEN + '\n',
    ROLECHAIN_TRUST_PROXY_AUTH: 'X-Forwarded-User',
  });
  assert.deepEqual(r, { ok: true, value: { mode: 'token', token: TOKEN } });
});

test('given ROLECHAIN_TRUST_PROXY_AUTH, when read, then a header name is required and requests need it', () => {
  assert.equal(accessConfigFromEnv({ ROLECHAIN_TRUST_PROXY_AUTH: 'X User: y' }).ok, false);
  const r = accessConfigFromEnv({ ROLECHAIN_TRUST_PROXY_AUTH: 'X-Forwarded-User' });
  assert.ok(r.ok);
  assert.equal(decideAccess(r.value, req('http://h/api/graph')).kind, 'deny');
  assert.equal(decideAccess(r.value, req('http://h/api/graph', { 'x-forwarded-user': ' ' })).kind, 'deny');
  assert.equal(
    decideAccess(r.value, req('http://h/api/graph', { 'X-Forwarded-User': 'alice' })).kind,
    'allow',
  );
});

test('given token mode, when a request has no credential or a wrong one, then it is denied', () => {
  const none = decideAccess(tokenMode, req('http://h/api/graph'));
  assert.deepEqual(none, { kind: 'deny', reason: 'an access token is required' });
  for (const wrong of [TOKEN.slice(0, -1), TOKEN + 'x', TOKEN.toUpperCase(), ''])
    assert.equal(
      decideAccess(tokenMode, req('http://h/api/graph', { authorization: `Bearer ${wrong}` })).kind,
      'deny',
      wrong,
    );
  // The raw token is not a session cookie: the cookie holds a value derived from it.
  assert.equal(
    decideAccess(tokenMode, req('http://h/', { cookie: `${SESSION_COOKIE}=${TOKEN}` })).kind,
    'deny',
  );
});

test('given token mode, when the bearer token or the session cookie is right, then the request is allowed', () => {
  assert.equal(
    decideAccess(tokenMode, req('http://h/api/graph', { authorization: `Bearer ${TOKEN}` })).kind,
    'allow',
  );
  assert.equal(
    decideAccess(tokenMode, req('http://h/api/graph', { authorization: `bearer  ${TOKEN} ` })).kind,
    'allow',
  );
  const cookie = `theme=dark; ${SESSION_COOKIE}=${sessionValue(TOKEN)}; other=1`;
  assert.equal(decideAccess(tokenMode, req('http://h/findings', { cookie })).kind, 'allow');
  assert.ok(!sessionValue(TOKEN).includes(TOKEN));
});

test('given a ?token= login link, when it matches, then a strict HttpOnly cookie is set and the token leaves the URL', () => {
  const d = decideAccess(tokenMode, req(`http://h/audit?session=a&token=${encodeURIComponent(TOKEN)}#x`));
  assert.equal(d.kind, 'login');
  if (d.kind !== 'login') return;
  assert.equal(d.location, '/audit?session=a#x');
  assert.match(
    d.cookie,
    new RegExp(`^${SESSION_COOKIE}=${sessionValue(TOKEN)}; Path=/; HttpOnly; SameSite=Strict$`),
  );
  const https = decideAccess(tokenMode, req(`https://h/?token=${TOKEN}`));
  assert.ok(https.kind === 'login' && https.cookie.endsWith('; Secure'));
  assert.equal(decideAccess(tokenMode, req(`http://h/?token=${TOKEN}x`)).kind, 'deny');
});

test('given two secrets, when compared, then equality is exact whatever the lengths', () => {
  assert.equal(secretsEqual(TOKEN, TOKEN), true);
  assert.equal(secretsEqual(TOKEN, TOKEN + ' '), false);
  assert.equal(secretsEqual('', TOKEN), false);
  assert.equal(secretsEqual('é', 'e'), false);
});

test('given newToken, when called twice, then each is a long enough, distinct, URL-safe token', () => {
  const a = newToken();
  const b = newToken();
  assert.notEqual(a, b);
  assert.ok(a.length >= TOKEN_MIN_LENGTH);
  assert.match(a, /^[A-Za-z0-9_-]+$/);
  assert.ok(accessConfigFromEnv({ ROLECHAIN_TOKEN: a }).ok);
});

test('given a long token that is a pattern, when read, then it is refused with the figures that failed', () => {
  for (const weak of [
    'a'.repeat(32),
    'ab'.repeat(20),
    'abcabcabcabcabcabcabcabcabcabcabc',
    '0'.repeat(64),
    '12345678901234567890123456789012', // 32 decimal digits: about 106 bits at most
  ]) {
    const r = accessConfigFromEnv({ ROLECHAIN_TOKEN: weak });
    assert.equal(r.ok, false, weak);
    assert.equal(r.ok ? '' : r.error.code, 'token_weak', weak);
    assert.match(
      r.ok ? '' : r.error.message,
      /too easy to guess: \d+ distinct character\(s\), [\d.]+ bits of entropy per character/,
    );
  }
  const one = accessConfigFromEnv({ ROLECHAIN_TOKEN: 'a'.repeat(32) });
  assert.match(one.ok ? '' : one.error.message, /1 distinct character\(s\), 0 bits of entropy per character/);
});

test('given random tokens as tools make them, when read, then they are accepted', () => {
  // Reproducible stand-ins for random bytes (SHA-256 of a counter), so the test cannot fail by chance.
  const bytes = (i: number, n: number): Buffer =>
    Buffer.concat([0, 1].map((k) => createHash('sha256').update(`${i}/${k}`).digest())).subarray(0, n);
  for (let i = 0; i < 2000; i++) {
    // openssl rand -hex 16 (the shortest random form: 32 hex digits, 128 bits), -hex 32, -base64 32.
    for (const t of [
      bytes(i, 16).toString('hex'),
      bytes(i, 32).toString('hex'),
      bytes(i, 32).toString('base64'),
    ]) {
      const r = accessConfigFromEnv({ ROLECHAIN_TOKEN: t });
      assert.ok(r.ok, `${t}: ${r.ok ? '' : r.error.message}`);
    }
  }
  // Draws of `randomBytes(16).toString('hex')` whose own letter counts are uneven (2.85 and 2.89 bits
  // per character), found by drawing until one fell under 3: refused while the floor was 3 bits.
  for (const t of ['ccd44bbb0443404b9cc5c08cb08cc390', 'eaafaa58d3b3fde3fe3fb3de53faaff9']) {
    const s = tokenStrength(t);
    assert.ok(s.perChar < 3, `${t}: ${s.perChar}`);
    assert.ok(accessConfigFromEnv({ ROLECHAIN_TOKEN: t }).ok, t);
  }
  for (let i = 0; i < 50; i++) assert.ok(accessConfigFromEnv({ ROLECHAIN_TOKEN: newToken() }).ok);
  assert.ok(tokenStrength(newToken()).bits >= 256);
});

test('given ROLECHAIN_ALLOWED_HOSTS, when read, then names and host:port pairs are kept, anything else refused', () => {
  const r = accessConfigFromEnv({
    ROLECHAIN_TOKEN: TOKEN,
    ROLECHAIN_ALLOWED_HOSTS: 'Rolechain.Example.com, ops.example:8443,[fd00::1]:3000',
  });
  assert.deepEqual(r, {
    ok: true,
    value: {
      mode: 'token',
      token: TOKEN,
      hosts: ['rolechain.example.com', 'ops.example:8443', '[fd00::1]:3000'],
    },
  });
  for (const bad of ['http://x.example', 'a b', 'x.example/path', 'x.example:port'])
    assert.equal(
      accessConfigFromEnv({ ROLECHAIN_TOKEN: TOKEN, ROLECHAIN_ALLOWED_HOSTS: bad }).ok,
      false,
      bad,
    );
});

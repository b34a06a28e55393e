import assert from 'node:assert/strict';
import { test } from 'node:test';
import { memoryIo } from '../io';
import { main } from '../main';
import { planServe } from './serve';

const TOKEN = 'Zx9-abcdefghijklmnopqrstuvwxyz0123456789';
const noFile = (): string => {
  throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
};

test('given no options, when planned, then it serves on 127.0.0.1:3000 without a token', () => {
  const p = planServe({}, {}, '/tmp', noFile);
  assert.deepEqual(p, {
    ok: true,
    value: { host: '127.0.0.1', port: 3000, env: {}, url: 'http://127.0.0.1:3000/', mode: 'open' },
  });
});

test('given a non-loopback host and no token, when planned, then it refuses to start and says how to fix it', () => {
  for (const host of ['0.0.0.0', '::', '10.1.2.3', 'dashboard.example.com']) {
    const p = planServe({ host }, {}, '/tmp', noFile);
    assert.equal(p.ok, false, host);
    assert.equal(p.ok ? '' : p.error.code, 'exposed_without_auth');
    assert.match(p.ok ? '' : p.error.message, /ROLECHAIN_TOKEN/);
  }
});

test('given a non-loopback host with ROLECHAIN_TOKEN, when planned, then token mode, and the URL holds no token', () => {
  const p = planServe({ host: '0.0.0.0', port: '8443' }, { ROLECHAIN_TOKEN: TOKEN }, '/tmp', noFile);
  assert.ok(p.ok);
  assert.equal(p.value.mode, 'token');
  assert.equal(p.value.url, 'http://127.0.0.1:8443/');
});

test('given a token file, when planned, then its first line becomes the server token; a short one is refused', () => {
  const read = (path: string) => {
    assert.equal(path, '/home/me/rc.token');
    return `${TOKEN}\n`;
  };
  const p = planServe({ host: '10.0.0.2', tokenFile: 'rc.token' }, {}, '/home/me', read);
  assert.ok(p.ok);
  assert.deepEqual(p.value.env, { ROLECHAIN_TOKEN: TOKEN });
  const short = planServe({ host: '10.0.0.2', tokenFile: 'rc.token' }, {}, '/home/me', () => 'short\n');
  assert.equal(short.ok ? '' : short.error.code, 'token_too_short');
  const missing = planServe({ tokenFile: 'nope' }, {}, '/home/me', noFile);
  assert.match(missing.ok ? '' : missing.error.message, /cannot read --token-file \/home\/me\/nope: ENOENT/);
});

test('given a reverse-proxy header, when planned on another host, then it starts in proxy-header mode', () => {
  const p = planServe(
    { host: '0.0.0.0' },
    { ROLECHAIN_TRUST_PROXY_AUTH: 'X-Auth-Request-User' },
    '/tmp',
    noFile,
  );
  assert.ok(p.ok);
  assert.equal(p.value.mode, 'proxy-header');
  assert.equal(p.value.url, 'http://127.0.0.1:3000/');
});

test('given bad ports or hosts, when planned, then they are refused', () => {
  assert.equal(planServe({ port: '0' }, {}, '/tmp', noFile).ok, false);
  assert.equal(planServe({ port: '70000' }, {}, '/tmp', noFile).ok, false);
  assert.equal(planServe({ host: 'a b' }, {}, '/tmp', noFile).ok, false);
});

test('given the CLI, when serve is asked for a new token or an exposed host without one, then it answers without starting', async () => {
  const io = memoryIo();
  assert.equal(await main(['serve', '--new-token'], io), 0);
  assert.match(io.stdout, /^[A-Za-z0-9_-]{43}\n$/);
  const refused = memoryIo();
  assert.equal(await main(['serve', '--host', '0.0.0.0'], refused), 2);
  assert.match(refused.stderr, /refusing to listen on 0\.0\.0\.0 without an access token/);
  assert.equal(refused.stdout, '');
});

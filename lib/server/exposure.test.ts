import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exposureRefusal, listenHostFor, listenHostOf, startupCheck } from './exposure';

const TOKEN = 'Zx9-abcdefghijklmnopqrstuvwxyz0123456789';
const NEXT = ['/usr/bin/node', '/app/node_modules/next/dist/bin/next'];

test('given the ways next start and next dev take an address, when read, then the last one given wins', () => {
  assert.equal(listenHostOf([...NEXT, 'start', '-H', '0.0.0.0', '-p', '3000']), '0.0.0.0');
  assert.equal(listenHostOf([...NEXT, 'start', '--hostname', '::']), '::');
  assert.equal(listenHostOf([...NEXT, 'start', '--hostname=10.0.0.5']), '10.0.0.5');
  assert.equal(listenHostOf([...NEXT, 'start', '-H0.0.0.0']), '0.0.0.0');
  assert.equal(listenHostOf([...NEXT, 'start', '-H', '127.0.0.1', '-H', '0.0.0.0']), '0.0.0.0');
  assert.equal(listenHostOf([...NEXT, 'start', '-p', '3000']), undefined);
});

test('given no token, when the server starts on an address others can reach or on every interface, then it refuses', () => {
  for (const argv of [
    [...NEXT, 'start', '-H', '0.0.0.0'],
    [...NEXT, 'start', '-p', '3000'],
    [...NEXT, 'start', '--hostname=192.168.1.10'],
    [...NEXT, 'start', '-H', '::'],
  ]) {
    const r = startupCheck({}, argv);
    assert.equal(r?.kind, 'refuse', argv.join(' '));
    assert.match(r.message, /refusing to listen on .* without an access token/);
  }
  assert.match(startupCheck({}, [...NEXT, 'start'])?.message ?? '', /every interface/);
});

test('given no token, when the server starts on loopback, then it starts', () => {
  for (const host of ['127.0.0.1', 'localhost', '::1', '[::1]'])
    assert.equal(startupCheck({}, [...NEXT, 'start', '-H', host]), undefined, host);
});

test('given a token or a proxy header, when the server starts on any address, then it starts', () => {
  assert.equal(startupCheck({ ROLECHAIN_TOKEN: TOKEN }, [...NEXT, 'start', '-H', '0.0.0.0']), undefined);
  assert.equal(
    startupCheck({ ROLECHAIN_TRUST_PROXY_AUTH: 'X-Forwarded-User' }, [...NEXT, 'start']),
    undefined,
  );
});

test('given a weak token, when the server starts, then it refuses with the reason, whatever the address', () => {
  const r = startupCheck({ ROLECHAIN_TOKEN: 'a'.repeat(40) }, [...NEXT, 'start', '-H', '127.0.0.1']);
  assert.equal(r?.kind, 'refuse');
  assert.match(r.message, /too easy to guess/);
});

test('given an address that cannot be known, when open, then the server warns rather than guess', () => {
  assert.equal(startupCheck({}, null)?.kind, 'warn');
  assert.equal(startupCheck({ ROLECHAIN_TOKEN: TOKEN }, null), undefined);
  assert.equal(exposureRefusal('0.0.0.0', 'token'), undefined);
});

test('given the standalone server (node server.js), when it starts, then HOSTNAME is the address it is judged by', () => {
  const STANDALONE = { __NEXT_PRIVATE_STANDALONE_CONFIG: '{}' };
  const argv = ['/usr/bin/node', '/pkg/dist/web/server.js'];
  assert.equal(listenHostFor({ ...STANDALONE, HOSTNAME: '127.0.0.1' }, argv), '127.0.0.1');
  assert.equal(startupCheck({ ...STANDALONE, HOSTNAME: '127.0.0.1' }, argv), undefined);
  // Unset or empty, Next listens on every interface: refused without a token.
  for (const env of [STANDALONE, { ...STANDALONE, HOSTNAME: '' }, { ...STANDALONE, HOSTNAME: '0.0.0.0' }]) {
    const r = startupCheck(env, argv);
    assert.equal(r?.kind, 'refuse', JSON.stringify(env));
  }
  assert.match(startupCheck(STANDALONE, argv)?.message ?? '', /every interface/);
  assert.equal(startupCheck({ ...STANDALONE, ROLECHAIN_TOKEN: TOKEN }, argv), undefined);
  // Outside the standalone server, HOSTNAME (often the machine's name in a shell) decides nothing.
  assert.equal(listenHostFor({ HOSTNAME: 'build-host' }, [...NEXT, 'start', '-H', '127.0.0.1']), '127.0.0.1');
});

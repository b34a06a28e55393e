import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AccessConfig } from './auth';
import { sessionValue, SESSION_COOKIE } from './auth';
import { gate } from './gate';

const TOKEN = 'k3Y-0123456789abcdefghijklmnopqrstuvwxyz';
const open: AccessConfig = { mode: 'open' };
const tokenMode: AccessConfig = { mode: 'token', token: TOKEN };

/** A request as a browser sends it: the Host header names the address in the URL unless given. */
function req(method: string, url: string, headers: Record<string, string> = {}) {
  const u = new URL(url);
  return { method, url: u, headers: new Headers({ host: u.host, ...headers }) };
}

test('given open access, when reads and same-origin JSON or multipart changes arrive, then all pass', () => {
  assert.equal(gate(req('GET', 'http://127.0.0.1:3000/api/graph'), true, open), undefined);
  assert.equal(gate(req('HEAD', 'http://127.0.0.1:3000/api/graph'), true, open), undefined);
  assert.equal(
    gate(req('OPTIONS', 'http://127.0.0.1:3000/api/check', { origin: 'https://evil.example' }), true, open),
    undefined,
  );
  const json = {
    origin: 'http://127.0.0.1:3000',
    host: '127.0.0.1:3000',
    'content-type': 'application/json',
  };
  assert.equal(gate(req('POST', 'http://127.0.0.1:3000/api/check', json), true, open), undefined);
  const multipart = { 'sec-fetch-site': 'same-origin', 'content-type': 'multipart/form-data; boundary=x' };
  assert.equal(gate(req('POST', 'http://127.0.0.1:3000/api/import', multipart), true, open), undefined);
  assert.equal(
    gate(req('DELETE', 'http://127.0.0.1:3000/api/refresh', { 'sec-fetch-site': 'same-origin' }), true, open),
    undefined,
  );
});

test('given an API change from another site, when gated, then it is refused 403 whatever its method or body', () => {
  for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
    const fromEvil = gate(
      req(method, 'http://127.0.0.1:3000/api/import', {
        origin: 'https://evil.example',
        host: '127.0.0.1:3000',
        'content-type': 'application/json',
      }),
      true,
      open,
    );
    assert.deepEqual(fromEvil, {
      kind: 'refuse',
      status: 403,
      code: 'forbidden_origin',
      message:
        "Changes are accepted only from this dashboard's own pages, not a request from https://evil.example.",
    });
    const crossSite = gate(
      req(method, 'http://127.0.0.1:3000/api/refresh', { 'sec-fetch-site': 'cross-site' }),
      true,
      open,
    );
    assert.equal(crossSite?.kind === 'refuse' && crossSite.status, 403, method);
  }
});

test('given an API change with a body an HTML form can send, when gated, then it is refused 415', () => {
  for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
    const r = gate(req('POST', 'http://127.0.0.1:3000/api/check', { 'content-type': type }), true, open);
    assert.ok(r?.kind === 'refuse', type);
    assert.equal(r.status, 415);
    assert.equal(r.code, 'unsupported_media_type');
    assert.match(r.message, new RegExp(`not a ${type} body`));
  }
});

test('given a page request, when gated, then origin and body rules, which are for the API, do not apply', () => {
  assert.equal(
    gate(
      req('POST', 'http://127.0.0.1:3000/findings', {
        origin: 'https://evil.example',
        'content-type': 'text/plain',
      }),
      false,
      open,
    ),
    undefined,
  );
});

test('given token access, when the token is missing, then the API is told to send a bearer token and a page to use a link', () => {
  const api = gate(req('GET', 'http://127.0.0.1:3000/api/graph'), true, tokenMode);
  assert.deepEqual(api, {
    kind: 'refuse',
    status: 401,
    code: 'unauthorized',
    message: 'an access token is required. Send it as `Authorization: Bearer <token>`.',
  });
  const page = gate(req('GET', 'http://127.0.0.1:3000/'), false, tokenMode);
  assert.ok(page?.kind === 'refuse');
  assert.equal(page.status, 401);
  assert.match(page.message, /\?token=<the access token>/);
  // The token is checked before the origin: a cross-site change without it learns only that it needs one.
  const both = gate(
    req('POST', 'http://127.0.0.1:3000/api/import', { 'sec-fetch-site': 'cross-site' }),
    true,
    tokenMode,
  );
  assert.ok(both?.kind === 'refuse' && both.status === 401);
});

test('given token access, when the bearer, the cookie or a ?token= link is right, then it passes or logs in', () => {
  assert.equal(
    gate(
      req('GET', 'http://127.0.0.1:3000/api/graph', { authorization: `Bearer ${TOKEN}` }),
      true,
      tokenMode,
    ),
    undefined,
  );
  const cookie = `${SESSION_COOKIE}=${sessionValue(TOKEN)}`;
  assert.equal(gate(req('GET', 'http://127.0.0.1:3000/findings', { cookie }), false, tokenMode), undefined);
  // Authenticated, a cross-site change is still refused.
  const csrf = gate(
    req('POST', 'http://127.0.0.1:3000/api/check', { cookie, 'sec-fetch-site': 'cross-site' }),
    true,
    tokenMode,
  );
  assert.ok(csrf?.kind === 'refuse' && csrf.status === 403);
  const login = gate(req('GET', `http://127.0.0.1:3000/audit?token=${TOKEN}`), false, tokenMode);
  assert.ok(login?.kind === 'login');
  assert.equal(login.location, '/audit');
  assert.ok(!login.cookie.includes(TOKEN));
});

test('given a misconfigured server, when anything is asked, then it answers 500 with the configuration error', () => {
  const r = gate(req('GET', 'http://127.0.0.1:3000/api/health'), true, 'ROLECHAIN_TOKEN is too short');
  assert.deepEqual(r, {
    kind: 'refuse',
    status: 500,
    code: 'internal',
    message: 'the server is misconfigured: ROLECHAIN_TOKEN is too short',
  });
});

test('given an open server, when a request names a foreign Host (DNS rebinding), then pages and API alike are refused 403', () => {
  for (const host of [
    'rebind.attacker.example:3000',
    'rebind.attacker.example',
    'evil.localhost:3000',
    '10.0.0.5:3000',
  ]) {
    for (const [method, path, isApi] of [
      ['GET', '/api/snapshot', true],
      ['POST', '/api/refresh', true],
      ['GET', '/', false],
      ['GET', '/findings', false],
    ] as const) {
      const r = gate(
        req(method, `http://127.0.0.1:3000${path}`, {
          host,
          'sec-fetch-site': 'same-origin',
          'content-type': 'application/json',
        }),
        isApi,
        open,
      );
      assert.ok(r?.kind === 'refuse', `${host} ${method} ${path}`);
      assert.equal(r.status, 403);
      assert.equal(r.code, 'forbidden_host');
      assert.match(r.message, /answers only to 127\.0\.0\.1, localhost and \[::1\]/);
    }
  }
  const noHost = gate(
    { method: 'GET', url: new URL('http://127.0.0.1:3000/'), headers: new Headers() },
    false,
    open,
  );
  assert.equal(noHost?.kind === 'refuse' && noHost.code, 'forbidden_host');
});

test('given an open server, when the Host is a loopback name with or without a port, then it passes', () => {
  for (const host of ['127.0.0.1:3000', '127.0.0.1', 'localhost:3000', 'LOCALHOST', '[::1]:3000', '[::1]']) {
    assert.equal(gate(req('GET', 'http://127.0.0.1:3000/api/graph', { host }), true, open), undefined, host);
  }
});

test('given a token server with ROLECHAIN_ALLOWED_HOSTS, when a request names another host, then it is refused even with the token', () => {
  const named: AccessConfig = {
    mode: 'token',
    token: TOKEN,
    hosts: ['rolechain.example.com', 'ops.example:8443'],
  };
  const auth = { authorization: `Bearer ${TOKEN}` };
  const ask = (host: string) =>
    gate(req('GET', 'http://127.0.0.1:3000/api/graph', { host, ...auth }), true, named);
  assert.equal(ask('rolechain.example.com'), undefined);
  assert.equal(ask('rolechain.example.com:3000'), undefined, 'a name without a port allows any port');
  assert.equal(ask('ops.example:8443'), undefined);
  assert.equal(ask('127.0.0.1:3000'), undefined, 'loopback always');
  for (const host of [
    'ops.example:3000',
    'rebind.attacker.example',
    'rolechain.example.com.attacker.example',
  ]) {
    const r = ask(host);
    assert.equal(r?.kind === 'refuse' && r.code, 'forbidden_host', host);
  }
  // Without the list, the token is the defence: any name.
  assert.equal(
    gate(req('GET', 'http://x/api/graph', { host: 'anything.example', ...auth }), true, tokenMode),
    undefined,
  );
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  apiHeaders,
  applySecurityHeaders,
  bodyTypeReason,
  contentSecurityPolicy,
  newNonce,
  STATIC_SECURITY_HEADERS,
  staticAssetHeaders,
} from './security-headers';

function directives(csp: string): Map<string, string> {
  return new Map(
    csp.split(';').map((d) => {
      const [name = '', ...values] = d.trim().split(/\s+/);
      return [name, values.join(' ')];
    }),
  );
}

test('given a nonce, when the production CSP is built, then every directive is the strict one', () => {
  const d = directives(contentSecurityPolicy('abc123=='));
  assert.equal(d.get('default-src'), "'self'");
  assert.equal(d.get('script-src'), "'self' 'nonce-abc123==' 'strict-dynamic'");
  assert.equal(d.get('style-src'), "'self' 'unsafe-inline'");
  assert.equal(d.get('img-src'), "'self' data: blob:");
  assert.equal(d.get('worker-src'), "'none'");
  assert.equal(d.get('connect-src'), "'self'");
  assert.equal(d.get('frame-ancestors'), "'none'");
  assert.equal(d.get('object-src'), "'none'");
  assert.equal(d.get('base-uri'), "'self'");
  assert.equal(d.get('form-action'), "'self'");
  assert.ok(![...d.values()].some((v) => v.includes('unsafe-eval')));
  assert.ok(!(d.get('script-src') ?? '').includes('unsafe-inline'));
});

test('given development, when the CSP is built, then only script-src gains unsafe-eval', () => {
  assert.equal(
    directives(contentSecurityPolicy('n', true)).get('script-src'),
    "'self' 'nonce-n' 'strict-dynamic' 'unsafe-eval'",
  );
});

test('given two nonces, when made, then they differ and are base64 of 16 bytes', () => {
  const a = newNonce();
  assert.notEqual(a, newNonce());
  assert.match(a, /^[A-Za-z0-9+/]{22}==$/);
});

test('given a response, when headers are applied, then the fixed security headers are all set', () => {
  const h = new Headers();
  applySecurityHeaders(h, 'n1');
  assert.equal(h.get('x-content-type-options'), 'nosniff');
  assert.equal(h.get('referrer-policy'), 'no-referrer');
  assert.equal(h.get('x-frame-options'), 'DENY');
  assert.equal(h.get('cross-origin-opener-policy'), 'same-origin');
  assert.match(h.get('permissions-policy') ?? '', /camera=\(\)/);
  assert.match(h.get('content-security-policy') ?? '', /'nonce-n1'/);
});

test('given non-GET requests, when their body type is checked, then only JSON, multipart or no body pass', () => {
  const h = (o: Record<string, string>) => new Headers(o);
  assert.equal(bodyTypeReason('GET', h({ 'content-type': 'text/plain' })), undefined);
  assert.equal(bodyTypeReason('POST', h({ 'content-type': 'application/json; charset=utf-8' })), undefined);
  assert.equal(bodyTypeReason('POST', h({ 'content-type': 'multipart/form-data; boundary=x' })), undefined);
  assert.equal(bodyTypeReason('DELETE', h({})), undefined);
  assert.equal(bodyTypeReason('POST', h({ 'content-length': '0' })), undefined);
  assert.equal(bodyTypeReason('POST', h({ 'content-type': 'text/plain' })), 'a text/plain body');
  assert.equal(
    bodyTypeReason('POST', h({ 'content-type': 'application/x-www-form-urlencoded' })),
    'a application/x-www-form-urlencoded body',
  );
  assert.equal(bodyTypeReason('PUT', h({ 'content-length': '12' })), 'a body without a Content-Type');
});

test('given the static files and the API the proxy skips, when next.config.js sets their headers, then they are the fixed headers and a nonce-less CSP', async () => {
  const path = '../../next.config.js';
  const config = ((await import(path)) as { default: { headers: () => Promise<unknown> } }).default;
  const rules = (await config.headers()) as { source: string; headers: { key: string; value: string }[] }[];
  assert.deepEqual(rules, [
    { source: '/_next/static/:path*', headers: staticAssetHeaders() },
    { source: '/api/:path+', headers: apiHeaders() },
  ]);
  const csp = directives(staticAssetHeaders().find((h) => h.key === 'Content-Security-Policy')!.value);
  assert.equal(csp.get('script-src'), "'self'");
  assert.equal(csp.get('frame-ancestors'), "'none'");
  const api = directives(apiHeaders().find((h) => h.key === 'Content-Security-Policy')!.value);
  assert.deepEqual(Object.fromEntries(api), {
    'default-src': "'none'",
    'frame-ancestors': "'none'",
    'base-uri': "'none'",
    'form-action': "'none'",
  });
  for (const k of Object.keys(STATIC_SECURITY_HEADERS))
    assert.ok(
      apiHeaders().some((h) => h.key === k),
      `API responses carry ${k}`,
    );
});

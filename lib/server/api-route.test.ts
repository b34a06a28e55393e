import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { NextRequest, NextResponse } from 'next/server';
import { z } from 'zod';
import { apiRoute, jsonBody, JSON_BODY_LIMIT, methodNotAllowed, ROUTE_METHODS } from './api-route';

// This process serves with open access (the gate's token rules are gate.test.ts's).
delete process.env.ROLECHAIN_TOKEN;
delete process.env.ROLECHAIN_TRUST_PROXY_AUTH;

const ROOT = join(import.meta.dirname, '../..');
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? routeFiles(join(dir, e.name)) : e.name === 'route.ts' ? [join(dir, e.name)] : [],
  );
}

test('given every API route file, when its exports are read, then each HTTP method is made by apiRoute', () => {
  const files = routeFiles(join(ROOT, 'app/api'));
  assert.ok(files.length >= 14, `found ${files.length} route files`);
  for (const file of files) {
    const where = relative(ROOT, file);
    const src = readFileSync(file, 'utf8');
    // Only `export const NAME = …`: no exported function, class, list or default that could bypass the gate.
    const exports = [...src.matchAll(/^export\s+(.*)$/gm)].map((m) => m[1]!);
    assert.ok(exports.length > 0, `${where} exports a method`);
    for (const e of exports) {
      const m = /^const (\w+) = (apiRoute\(|(\w+);$)/.exec(e);
      assert.ok(m, `${where}: \`export ${e}\` is not \`export const METHOD = apiRoute(…)\``);
      const [, name, , alias] = m;
      assert.ok(METHODS.includes(name!), `${where} exports ${name}, which is not an HTTP method`);
      if (alias !== undefined)
        assert.match(
          src,
          new RegExp(`^const ${alias} = apiRoute\\(`, 'm'),
          `${where}: ${alias} is made by apiRoute`,
        );
    }
  }
});

function request(method: string, headers: Record<string, string> = {}, body?: string): NextRequest {
  return new NextRequest('http://127.0.0.1:3000/api/x', {
    method,
    headers: { host: '127.0.0.1:3000', ...headers },
    body,
  });
}

test('given a wrapped handler, when a same-origin JSON change arrives, then the handler answers it', async () => {
  const seen: string[] = [];
  const handler = apiRoute(async (req) => {
    seen.push(req.method);
    return NextResponse.json(await req.json());
  });
  const res = await handler(
    request(
      'POST',
      { host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000', 'content-type': 'application/json' },
      '{"a":1}',
    ),
  );
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { a: 1 });
  assert.deepEqual(seen, ['POST']);
});

test('given a wrapped handler, when a cross-site change or a form body arrives, then the handler never runs', async () => {
  let ran = 0;
  const handler = apiRoute(() => {
    ran++;
    return NextResponse.json({});
  });
  const evil = await handler(request('DELETE', { host: '127.0.0.1:3000', origin: 'https://evil.example' }));
  assert.equal(evil.status, 403);
  assert.equal(((await evil.json()) as { code: string }).code, 'forbidden_origin');
  const form = await handler(request('POST', { 'content-type': 'text/plain' }, 'a=b'));
  assert.equal(form.status, 415);
  assert.equal(ran, 0);
});

test('given a handler that throws, when called, then the answer is a 500 problem without internals', async (t) => {
  const logged: unknown[] = [];
  t.mock.method(console, 'error', (...a: unknown[]) => logged.push(a));
  const handler = apiRoute(() => {
    throw new Error('secret internals at /srv/x.ts:1');
  });
  const res = await handler(request('GET'));
  assert.equal(res.status, 500);
  const text = await res.text();
  assert.ok(!text.includes('internals'), text);
  assert.equal(logged.length, 1, 'the operator gets the stack in the log');
});

test('given JSON bodies, when read against a schema, then each wrong one gets its own status and message', async () => {
  const schema = z.strictObject({ n: z.number().int() });
  const messages = { type: 'Send JSON.', invalid: 'The thing is not valid.' };
  const post = (type: string, body: string) =>
    new NextRequest('http://127.0.0.1/api/x', { method: 'POST', headers: { 'content-type': type }, body });
  const good = await jsonBody(post('application/json', '{"n":3}'), schema, messages);
  assert.deepEqual(good.ok && good.value, { n: 3 });
  const cases: [string, string, number, string][] = [
    ['text/plain', '{"n":3}', 415, 'Send JSON.'],
    ['application/json', '{"n":', 400, 'The body is not valid JSON.'],
    ['application/json', '{"n":"3"}', 400, 'The thing is not valid.'],
  ];
  for (const [type, body, status, message] of cases) {
    const r = await jsonBody(post(type, body), schema, messages);
    assert.ok(!r.ok, body);
    assert.equal(r.response.status, status, body);
    const json = (await r.response.json()) as { message: string; issues?: { path: string }[] };
    assert.equal(json.message, message);
    if (body === '{"n":"3"}')
      assert.deepEqual(
        json.issues?.map((i) => i.path),
        ['n'],
      );
  }
});

test('given every API route file, when its methods are listed, then it answers all of them: its own, or a JSON 405', () => {
  for (const file of routeFiles(join(ROOT, 'app/api'))) {
    const src = readFileSync(file, 'utf8');
    const exported = [...src.matchAll(/^export const (\w+) =/gm)].map((m) => m[1]);
    for (const m of ROUTE_METHODS) assert.ok(exported.includes(m), `${relative(ROOT, file)} lacks ${m}`);
  }
});

test('given a method a route does not have, when asked, then the answer is a {code, message} 405 with Allow, after the gate', async () => {
  const handler = apiRoute(methodNotAllowed('GET'));
  const res = await handler(
    request('DELETE', { 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' }),
  );
  assert.equal(res.status, 405);
  assert.equal(res.headers.get('allow'), 'GET, HEAD, OPTIONS');
  assert.deepEqual(await res.json(), {
    code: 'method_not_allowed',
    message: '/api/x does not take DELETE; it takes GET.',
  });
  const foreign = await handler(request('DELETE', { host: 'rebind.attacker.example:3000' }));
  assert.equal(foreign.status, 403);
});

test('given a JSON body over the limit, when read, then 413 whether announced, chunked or falsely announced, and memory stays bounded', async () => {
  const schema = z.unknown();
  const messages = { type: 'Send JSON.', invalid: 'Invalid.' };
  const big = `{"a":"${'x'.repeat(JSON_BODY_LIMIT)}"}`;
  const announced = new NextRequest('http://127.0.0.1/api/x', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-length': String(big.length) },
    body: big,
  });
  const r1 = await jsonBody(announced, schema, messages);
  assert.equal(!r1.ok && r1.response.status, 413);
  // 200 MB streamed in 1 MiB chunks without a length: cut off at the limit, the rest never read.
  let pulled = 0;
  const chunk = new Uint8Array(1024 * 1024).fill(0x20);
  const stream = new ReadableStream<Uint8Array>({
    pull(c) {
      pulled++;
      if (pulled > 200) c.close();
      else c.enqueue(chunk);
    },
  });
  const chunked = new NextRequest('http://127.0.0.1/api/x', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: stream,
    duplex: 'half',
  });
  const r2 = await jsonBody(chunked, schema, messages);
  assert.equal(!r2.ok && r2.response.status, 413);
  assert.deepEqual(!r2.ok && (await r2.response.json()), {
    code: 'payload_too_large',
    message: 'A JSON body may hold at most 1024 KiB.',
  });
  assert.ok(pulled < 10, `read ${pulled} MiB of a body over the limit`);
});

test('given arbitrary bytes, deep nesting or huge JSON as a body, when read, then each is a value, a 400 or a 413, never an exception', async () => {
  const fc = (await import('fast-check')).default;
  const schema = z.strictObject({ from: z.string(), to: z.string() });
  const messages = { type: 'Send JSON.', invalid: 'Invalid.' };
  const bodies = fc.oneof(
    fc.uint8Array({ maxLength: 2048 }),
    fc.json().map((j) => new TextEncoder().encode(j)),
    fc.integer({ min: 1, max: 500_000 }).map((d) => new TextEncoder().encode('['.repeat(d) + ']'.repeat(d))),
    fc
      .integer({ min: JSON_BODY_LIMIT - 10, max: JSON_BODY_LIMIT + 10 })
      .map((n) => new TextEncoder().encode(`"${'x'.repeat(n)}"`)),
  );
  await fc.assert(
    fc.asyncProperty(bodies, async (bytes) => {
      const req = new NextRequest('http://127.0.0.1/api/x', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: bytes,
      });
      const r = await jsonBody(req, schema, messages);
      if (!r.ok) {
        assert.ok([400, 413].includes(r.response.status), String(r.response.status));
        const json = (await r.response.json()) as { code: string; message: string };
        assert.ok(typeof json.code === 'string' && typeof json.message === 'string');
        if (bytes.length > JSON_BODY_LIMIT) assert.equal(r.response.status, 413);
      }
    }),
    { numRuns: 150, seed: 17 },
  );
});

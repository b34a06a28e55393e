/**
 * Security end to end: headers and a CSP that breaks no page, same-origin gates, no credential in any
 * response, bundle, log or store, the access token on a server started with one, and IAM/CloudTrail
 * text rendered as text. The token and hostile-import checks run against a second server started here
 * (`rolechain serve` with its own store), so the shared demo store of the other specs stays untouched.
 */
import { expect, test } from '@playwright/test';
import type { APIRequestContext, Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGzip, inflateRawSync } from 'node:zlib';
import type { SecretHit } from '../lib/security/secrets';
import { findSecrets } from '../lib/security/secrets';

const ROOT = join(import.meta.dirname, '..');
const DIST = join(ROOT, process.env.ROLECHAIN_DIST_DIR || '.next');
const PAGES = ['/', '/findings', '/audit', '/check', '/sources'];

function describeHits(hits: SecretHit[]): string {
  return hits.map((h) => `${h.kind} at ${h.where}:${h.offset} …${h.excerpt}`).join('\n');
}

/** Collects CSP violations from the console and from `securitypolicyviolation` events. */
function watchCsp(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Refused to|Content Security Policy|CSP-VIOLATION/i.test(m.text()))
      violations.push(`${page.url()}: ${m.text()}`);
  });
  return violations;
}

async function reportViolations(page: Page): Promise<void> {
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`CSP-VIOLATION ${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`),
    );
  });
}

function expectSecurityHeaders(headers: Record<string, string>, what: string): void {
  expect(headers['x-content-type-options'], what).toBe('nosniff');
  expect(headers['referrer-policy'], what).toBe('no-referrer');
  expect(headers['x-frame-options'], what).toBe('DENY');
  expect(headers['cross-origin-opener-policy'], what).toBe('same-origin');
  expect(headers['permissions-policy'], what).toContain('camera=()');
  const csp = headers['content-security-policy'] ?? '';
  expect(csp, what).toContain("default-src 'self'");
  expect(csp, what).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'(;|$)/);
  expect(csp, what).toContain("frame-ancestors 'none'");
  expect(csp, what).not.toContain('unsafe-eval');
}

/** `/api` responses are data, not pages: the fixed headers and a CSP that lets nothing load or run. */
function expectApiSecurityHeaders(headers: Record<string, string>, what: string): void {
  expect(headers['x-content-type-options'], what).toBe('nosniff');
  expect(headers['referrer-policy'], what).toBe('no-referrer');
  expect(headers['x-frame-options'], what).toBe('DENY');
  expect(headers['cross-origin-resource-policy'], what).toBe('same-origin');
  expect(headers['content-security-policy'], what).toBe(
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  );
}

/** Every API route, from the files that define it, with the methods each exports (`[...path]` is any other). */
function apiRoutes(): { path: string; methods: string[] }[] {
  const out: { path: string; methods: string[] }[] = [];
  const walk = (dir: string, path: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory())
        walk(join(dir, e.name), `${path}/${e.name === '[...path]' ? 'no/such/route' : e.name}`);
      else if (e.name === 'route.ts') {
        const methods = [...readFileSync(join(dir, e.name), 'utf8').matchAll(/^export const (\w+) =/gm)].map(
          (m) => m[1]!,
        );
        out.push({ path, methods });
      }
    }
  };
  walk(join(ROOT, 'app/api'), '/api');
  return out;
}

test('every page renders under the strict CSP with no violation, and pages, API, assets and errors carry the headers', async ({
  page,
  request,
}) => {
  const violations = watchCsp(page);
  await reportViolations(page);
  const nonces = new Set<string>();
  for (const path of PAGES) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(200);
    const headers = res!.headers();
    expectSecurityHeaders(headers, path);
    nonces.add(/'nonce-([^']+)'/.exec(headers['content-security-policy'] ?? '')?.[1] ?? '');
    // Next stamped this response's nonce on its scripts (browsers hide nonces from the DOM: read the HTML).
    const nonce = [...nonces].pop()!;
    expect(await res!.text(), path).toContain(`nonce="${nonce}"`);
    if (path === '/') {
      // The graph is laid out in a Web Worker and drawn with React Flow's inline styles.
      await expect(page.getByTestId('graph-node').first()).toBeVisible({ timeout: 30_000 });
    } else {
      await page.waitForLoadState('networkidle');
    }
  }
  expect(nonces.size, 'a fresh nonce per response').toBe(PAGES.length);
  // Client-side navigation too (RSC requests), then back to the graph.
  await page
    .getByRole('link', { name: /findings/i })
    .first()
    .click();
  await page.waitForLoadState('networkidle');
  expect(violations).toEqual([]);

  const api = await request.get('/api/snapshot');
  expectApiSecurityHeaders(api.headers(), '/api/snapshot');
  const missing = await request.get('/api/node?id=nope');
  expect(missing.status()).toBe(404);
  expectApiSecurityHeaders(missing.headers(), '404');
  const noRoute = await request.get('/api/no/such/route');
  expect(noRoute.status()).toBe(404);
  expect(await noRoute.json()).toMatchObject({ code: 'not_found' });
  expectApiSecurityHeaders(noRoute.headers(), 'no such API route');
  // A method a route does not have: the documented {code, message} 405, with Allow and the headers.
  const wrongMethod = await request.put('/api/graph', { data: {} });
  expect(wrongMethod.status()).toBe(405);
  expect(await wrongMethod.json()).toMatchObject({ code: 'method_not_allowed' });
  expect(wrongMethod.headers().allow).toBe('GET, HEAD, OPTIONS');
  expectApiSecurityHeaders(wrongMethod.headers(), '405');
  const getOnPost = await request.get('/api/check');
  expect(getOnPost.status()).toBe(405);
  expect(await getOnPost.json()).toMatchObject({ code: 'method_not_allowed' });
  const pageNotFound = await request.get('/no-such-page');
  expect(pageNotFound.status()).toBe(404);
  expectSecurityHeaders(pageNotFound.headers(), 'page 404');
  const html = await (await request.get('/')).text();
  const asset = /src="(\/_next\/static\/[^"]+\.js)"/.exec(html)?.[1];
  expect(asset).toBeTruthy();
  const js = await request.get(asset!);
  expect(js.headers()['x-content-type-options']).toBe('nosniff');
});

test('state-changing API requests are refused from other origins or with a form body, centrally', async ({
  request,
}) => {
  const evil = await request.post('/api/import', {
    headers: { origin: 'https://evil.example' },
    multipart: { files: { name: 'a.json', mimeType: 'application/json', buffer: Buffer.from('{}') } },
  });
  expect(evil.status()).toBe(403);
  expect(await evil.json()).toMatchObject({ code: 'forbidden_origin' });
  const crossSite = await request.delete('/api/refresh?id=x', {
    headers: { 'sec-fetch-site': 'cross-site' },
  });
  expect(crossSite.status()).toBe(403);
  // An HTML form can only send these types; none reaches a handler.
  for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
    for (const path of ['/api/check', '/api/refresh', '/api/import']) {
      const r = await request.post(path, { headers: { 'content-type': type }, data: 'a=b' });
      expect(r.status(), `${type} ${path}`).toBe(415);
      expect(await r.json()).toMatchObject({ code: 'unsupported_media_type' });
    }
  }
  const same = await request.post('/api/check', { data: {} });
  expect(same.status(), 'a same-origin JSON body reaches the handler (and its validation)').toBe(400);
});

/** A request with the Host header chosen here (browsers and Playwright set their own). */
function rawRequest(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; type: string; text: string }> {
  return new Promise((resolve, reject) => {
    const length = body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) };
    const req = httpRequest(
      { host: '127.0.0.1', port, method, path, headers: { ...headers, ...length } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'] ?? '', text }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);

test('DNS rebinding: with a foreign Host, every page and every method of every API route is refused 403', async () => {
  const host = `rebind.attacker.example:${E2E_PORT}`;
  for (const path of [...PAGES, '/api']) {
    const r = await rawRequest(E2E_PORT, 'GET', path, { host });
    expect(r.status, path).toBe(403);
    expect(r.text, path).toContain('answers only to 127.0.0.1, localhost and [::1]');
  }
  const routes = apiRoutes();
  expect(routes.length).toBeGreaterThanOrEqual(14);
  for (const { path, methods } of routes) {
    for (const method of methods) {
      const r = await rawRequest(
        E2E_PORT,
        method,
        path,
        { host, 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' },
        method === 'GET' ? undefined : '{}',
      );
      expect(r.status, `${method} ${path}`).toBe(403);
      expect(JSON.parse(r.text), `${method} ${path}`).toMatchObject({ code: 'forbidden_host' });
    }
  }
  // The same requests by a loopback name pass the gate.
  for (const name of [`localhost:${E2E_PORT}`, `127.0.0.1:${E2E_PORT}`, `[::1]:${E2E_PORT}`])
    expect((await rawRequest(E2E_PORT, 'GET', '/api/snapshot', { host: name })).status, name).toBe(200);
});

test('next start on every interface without a token refuses to start, as rolechain serve does', async () => {
  const port = E2E_PORT + 7;
  for (const args of [['-H', '0.0.0.0'], []]) {
    const child = spawn(
      process.execPath,
      [join(ROOT, 'node_modules/next/dist/bin/next'), 'start', ...args, '-p', String(port)],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          ROLECHAIN_TOKEN: '',
          ROLECHAIN_DATA_DIR: mkdtempSync(join(tmpdir(), 'rolechain-e2e-exposed-')),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve(null);
      }, 45_000);
      child.on('exit', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    expect(code, `next start ${args.join(' ')}:\n${out}`).toBe(2);
    expect(out).toContain('refusing to listen on');
  }
});

async function getText(
  request: APIRequestContext,
  url: string,
  headers: Record<string, string> = {},
): Promise<string> {
  const r = await request.get(url, { headers });
  expect(r.status(), url).toBe(200);
  return r.text();
}

/** Every GET response of the demo: graph, each node's details, findings and events (JSON and CSV), snapshot. */
async function scanApi(
  request: APIRequestContext,
  base = '',
  headers: Record<string, string> = {},
): Promise<number> {
  const hits: SecretHit[] = [];
  let scanned = 0;
  const scan = async (url: string) => {
    const text = await getText(request, base + url, headers);
    scanned++;
    hits.push(...findSecrets(text, url));
    return text;
  };
  const graph = JSON.parse(await scan('/api/graph')) as { nodes: { id: string }[] };
  expect(graph.nodes.length).toBeGreaterThan(20);
  for (const n of graph.nodes) await scan(`/api/node?id=${encodeURIComponent(n.id)}`);
  await scan('/api/findings');
  await scan('/api/findings?format=json');
  await scan('/api/findings?format=csv');
  await scan('/api/snapshot');
  await scan('/api/events/summary');
  let cursor: string | undefined;
  do {
    const page = JSON.parse(
      await scan(`/api/events?limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
    ) as { events: { eventId: string }[]; nextCursor?: string };
    for (const e of page.events.slice(0, 20))
      await scan(`/api/events/detail?id=${encodeURIComponent(e.eventId)}`);
    cursor = page.nextCursor;
  } while (cursor);
  await scan('/api/events?limit=1000&format=csv');
  expect(hits, describeHits(hits)).toEqual([]);
  return scanned;
}

test('no credential in any API response of the demo, nor in the built client bundle', async ({ request }) => {
  expect(await scanApi(request)).toBeGreaterThan(30);
  const hits: SecretHit[] = [];
  const stack = [join(DIST, 'static')];
  let files = 0;
  while (stack.length > 0) {
    const dir = stack.pop()!;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) stack.push(p);
      else {
        files++;
        hits.push(...findSecrets(readFileSync(p, 'latin1'), p.slice(ROOT.length + 1)));
      }
    }
  }
  expect(files).toBeGreaterThan(5);
  expect(hits, describeHits(hits)).toEqual([]);
});

// ---- A second server, with an access token and its own store ----

const PORT = Number(process.env.E2E_SECURITY_PORT ?? 3171);
const BASE = `http://127.0.0.1:${PORT}`;
const TOKEN = `e2e-${randomBytes(24).toString('base64url')}`;
const ALLOWED_HOST = 'rolechain.e2e.example';
const HOSTILE = '<img src=x onerror=alert(1)>';
const HOSTILE_ARN = `arn:aws:iam::123456789012:role/${HOSTILE}`;
const FORMULA = "=cmd|' /C calc'!A0";

let server: ChildProcess | undefined;
let logs = '';
let dataDir = '';

function hostileFiles(): { name: string; buffer: Buffer }[] {
  const authz = {
    UserDetailList: [],
    GroupDetailList: [],
    Policies: [],
    RoleDetailList: [
      {
        Path: '/',
        RoleName: HOSTILE,
        RoleId: 'AROAHOSTILEEXAMPLE001',
        Arn: HOSTILE_ARN,
        CreateDate: '2026-01-01T00:00:00Z',
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
          ],
        },
        InstanceProfileList: [],
        RolePolicyList: [],
        AttachedManagedPolicies: [],
        Tags: [{ Key: 'owner', Value: '<script>alert(2)</script>' }],
        RoleLastUsed: {},
      },
    ],
  };
  const trail = {
    Records: [
      {
        eventVersion: '1.08',
        userIdentity: { type: 'AWSService', invokedBy: 'ec2.amazonaws.com' },
        eventTime: '2026-11-20T10:00:00Z',
        eventSource: 'sts.amazonaws.com',
        eventName: 'AssumeRole',
        awsRegion: 'eu-west-1',
        sourceIPAddress: 'ec2.amazonaws.com',
        userAgent: '<img src=x onerror=alert(3)>',
        requestParameters: { roleArn: HOSTILE_ARN, roleSessionName: FORMULA },
        responseElements: {
          credentials: { accessKeyId: 'ASIAHOSTILEEXAMPLE01', expiration: 'Nov 20, 2026, 11:00:00 AM' },
        },
        eventID: 'hostile-event-1',
        recipientAccountId: '123456789012',
      },
    ],
  };
  return [
    { name: '../../authz <hostile>.json', buffer: Buffer.from(JSON.stringify(authz)) },
    { name: 'trail.json', buffer: Buffer.from(JSON.stringify(trail)) },
  ];
}

test.describe('a server started with an access token', () => {
  test.describe.configure({ mode: 'serial' });

  test.beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'rolechain-e2e-security-'));
    const tokenFile = join(dataDir, 'token');
    writeFileSync(tokenFile, `${TOKEN}\n`, { mode: 0o600 });
    server = spawn(
      process.execPath,
      [
        join(ROOT, 'bin/rolechain.mjs'),
        'serve',
        '--port',
        String(PORT),
        '--token-file',
        tokenFile,
        '--no-build',
      ],
      {
        cwd: dataDir,
        env: {
          ...process.env,
          ROLECHAIN_DATA_DIR: join(dataDir, 'data'),
          ROLECHAIN_ALLOWED_HOSTS: ALLOWED_HOST,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    server.stdout!.on('data', (b: Buffer) => (logs += b.toString()));
    server.stderr!.on('data', (b: Buffer) => (logs += b.toString()));
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        if ((await fetch(`${BASE}/api/health`)).status === 401) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`the server did not start:\n${logs}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  });

  test.afterAll(() => {
    server?.kill('SIGTERM');
  });

  test('every API route and page needs the token; a ?token= link sets a strict HttpOnly cookie and leaves the URL', async ({
    page,
    request,
  }) => {
    for (const path of ['/', '/findings', '/api']) {
      const r = await request.get(BASE + path, { maxRedirects: 0 });
      expect(r.status(), path).toBe(401);
      expectSecurityHeaders(r.headers(), `401 ${path}`);
    }
    // Every method of every route file, as the route files define them: none answers without the token.
    const routes = apiRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(14);
    for (const { path, methods } of routes) {
      expect(methods.length, path).toBeGreaterThan(0);
      for (const method of methods) {
        const r = await request.fetch(`${BASE}${path}`, {
          method,
          maxRedirects: 0,
          ...(method === 'GET' ? {} : { headers: { 'content-type': 'application/json' }, data: '{}' }),
        });
        expect(r.status(), `${method} ${path}`).toBe(401);
        expect(await r.json(), `${method} ${path}`).toMatchObject({ code: 'unauthorized' });
        expectApiSecurityHeaders(r.headers(), `401 ${method} ${path}`);
      }
    }
    expect(
      (await request.get(`${BASE}/api/graph`, { headers: { authorization: `Bearer ${TOKEN}x` } })).status(),
    ).toBe(401);
    expect((await request.get(`${BASE}/?token=${TOKEN}x`, { maxRedirects: 0 })).status()).toBe(401);
    const ok = await request.get(`${BASE}/api/graph`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.status()).toBe(200);

    const login = await request.get(`${BASE}/findings?severity=high&token=${TOKEN}`, { maxRedirects: 0 });
    expect(login.status()).toBe(303);
    expect(login.headers().location).toMatch(/\/findings\?severity=high$/);
    expect(login.headers()['set-cookie']).toMatch(/HttpOnly; SameSite=Strict/);
    expect(login.headers()['set-cookie']).not.toContain(TOKEN);

    const violations = watchCsp(page);
    await reportViolations(page);
    await page.goto(`${BASE}/?token=${encodeURIComponent(TOKEN)}`);
    expect(page.url()).toBe(`${BASE}/`);
    await expect(page.getByTestId('graph-node').first()).toBeVisible({ timeout: 30_000 });
    const cookies = await page.context().cookies(BASE);
    expect(cookies).toHaveLength(1);
    expect(cookies[0]).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    expect(violations).toEqual([]);
  });

  test('with ROLECHAIN_ALLOWED_HOSTS, the token works by that name and loopback, and nowhere else', async () => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    expect(
      (await rawRequest(PORT, 'GET', '/api/graph', { host: `${ALLOWED_HOST}:${PORT}`, ...auth })).status,
    ).toBe(200);
    const foreign = await rawRequest(PORT, 'GET', '/api/graph', {
      host: `rebind.attacker.example:${PORT}`,
      ...auth,
    });
    expect(foreign.status).toBe(403);
    expect(JSON.parse(foreign.text)).toMatchObject({ code: 'forbidden_host' });
    expect(
      (await rawRequest(PORT, 'GET', '/', { host: `rebind.attacker.example:${PORT}`, ...auth })).status,
    ).toBe(403);
  });

  test('its data folder is 0700 and its store 0600', () => {
    expect(statSync(join(dataDir, 'data')).mode & 0o777).toBe(0o700);
    expect(statSync(join(dataDir, 'data', 'rolechain.db')).mode & 0o777).toBe(0o600);
  });

  test('an upload of a gzipped JSON-lines file with one 700 MiB line is answered, with a warning naming the file', async ({
    request,
  }) => {
    // Gzipped as it is made: the 700 MiB line is never held here either.
    const chunks: Buffer[] = [];
    const gzip = createGzip({ level: 9 });
    gzip.on('data', (c: Buffer) => chunks.push(c));
    const finished = new Promise((r) => gzip.on('end', r));
    const block = Buffer.alloc(1024 * 1024, 'a');
    gzip.write('{"pad":"');
    for (let i = 0; i < 700; i++) if (!gzip.write(block)) await new Promise((r) => gzip.once('drain', r));
    gzip.end('"}\n');
    await finished;
    const gz = Buffer.concat(chunks);
    expect(gz.length).toBeLessThan(2 * 1024 * 1024);
    const r = await request.post(`${BASE}/api/import`, {
      headers: { authorization: `Bearer ${TOKEN}` },
      multipart: { files: { name: 'export.jsonl.gz', mimeType: 'application/gzip', buffer: gz } },
      timeout: 120_000,
    });
    expect(r.status(), await r.text()).toBe(200);
    const json = (await r.json()) as { warnings: { source: string; code: string }[] };
    expect(json.warnings).toEqual([
      expect.objectContaining({ source: 'export.jsonl.gz', code: 'line-too-long' }),
    ]);
    const tooBig = await request.post(`${BASE}/api/check`, {
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      data: `{"pad":"${'x'.repeat(2 * 1024 * 1024)}"}`,
    });
    expect(tooBig.status()).toBe(413);
    expect(await tooBig.json()).toMatchObject({ code: 'payload_too_large' });
  });

  test('no credential in its API responses or its store after the demo loaded', async ({ request }) => {
    await scanApi(request, BASE, { authorization: `Bearer ${TOKEN}` });
    const hits = scanStore(join(dataDir, 'data', 'rolechain.db'));
    expect(hits, describeHits(hits)).toEqual([]);
  });

  test('IAM and CloudTrail text is shown as text: a role named like markup creates no element and no dialog, a formula-like session is neutralised in CSV', async ({
    page,
    request,
  }) => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    const up = await request.post(`${BASE}/api/import`, {
      headers: auth,
      multipart: {
        files: {
          name: hostileFiles()[0]!.name,
          mimeType: 'application/json',
          buffer: hostileFiles()[0]!.buffer,
        },
      },
    });
    expect(up.status(), await up.text()).toBe(200);
    const up2 = await request.post(`${BASE}/api/import`, {
      headers: auth,
      multipart: {
        files: { name: 'trail.json', mimeType: 'application/json', buffer: hostileFiles()[1]!.buffer },
      },
    });
    expect(up2.status(), await up2.text()).toBe(200);

    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(`${BASE}/?token=${encodeURIComponent(TOKEN)}`);
    await page.goto(`${BASE}/?sel=${encodeURIComponent(HOSTILE_ARN)}`);
    const details = page.getByRole('region', { name: 'Details' });
    await expect(details.getByRole('heading', { name: HOSTILE })).toBeVisible({ timeout: 30_000 });
    await page.goto(`${BASE}/audit`);
    await expect(page.getByText(FORMULA).first()).toBeVisible({ timeout: 30_000 });
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.locator('script', { hasText: 'alert(' }).count()).toBe(0);
    expect(dialogs).toEqual([]);

    const csv = await getText(request, `${BASE}/api/events?format=csv&limit=1000`, auth);
    const row = csv.split('\n').find((l) => l.includes('hostile-event-1'));
    expect(row).toBeTruthy();
    expect(row).toContain(`"'${FORMULA.replace(/"/g, '""')}"`);
    expect(row).not.toMatch(/(^|,)"?=cmd/);
  });

  test('its log holds no credential and not the access token', async () => {
    server?.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    expect(logs).toContain('serving on');
    expect(logs).not.toContain(TOKEN);
    const hits = findSecrets(logs, 'server log');
    expect(hits, describeHits(hits)).toEqual([]);
  });
});

/** Every value in every table; snapshot bodies are stored deflated, so they are inflated first. */
function scanStore(path: string): SecretHit[] {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  const hits: SecretHit[] = [];
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
      name: string;
    }[];
    expect(tables.length).toBeGreaterThan(1);
    for (const { name } of tables) {
      const rows = db.prepare(`SELECT * FROM "${name.replace(/"/g, '""')}"`).all() as Record<
        string,
        unknown
      >[];
      rows.forEach((row, i) => {
        for (const [col, v] of Object.entries(row)) {
          let text: string;
          if (Buffer.isBuffer(v)) {
            try {
              text = inflateRawSync(v).toString('utf8');
            } catch {
              text = v.toString('latin1');
            }
          } else text = String(v);
          hits.push(...findSecrets(text, `${name}[${i}].${col}`));
        }
      });
    }
  } finally {
    db.close();
  }
  hits.push(...findSecrets(readFileSync(path, 'latin1'), path));
  return hits;
}

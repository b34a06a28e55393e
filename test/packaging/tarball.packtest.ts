/**
 * `npm run test:pack` (part of `npm test`, after the build; minutes, so not in the unit suite): the
 * package as a user gets it. `npm pack` the built checkout, install the tarball into an empty folder
 * with npm (no checkout, no dev dependencies), and run every command from there on the demo it ships:
 * analyze, check (fields and --sql), simulate, import, audit, collect and athena (--help: both would
 * reach AWS), and serve, which must answer from the prebuilt server in the package.
 *
 * better-sqlite3 is native: on a machine without its prebuilt download (this one) npm compiles it, about
 * two minutes. The test hands prebuild-install this checkout's compiled binary as a local prebuild
 * (`npm_config_better_sqlite3_local_prebuilds`), the path a prebuilt download takes, so the install
 * scripts still run; if the versions differ, npm compiles as a user's would.
 *
 * Then the same tarball installed globally (`npm install -g`, into a temporary prefix through
 * `npm_config_prefix`, so nothing of the machine's own global folder changes): `rolechain` from the
 * prefix's bin runs --help, analyze on the demo and serve. Both installs fetch the dependencies from the
 * npm registry or npm's cache, nothing else.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import type { SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

const ROOT = join(import.meta.dirname, '../..');
const WORK = mkdtempSync(join(tmpdir(), 'rolechain-pack-'));
const APP = join(WORK, 'app');
const PKG = join(APP, 'node_modules/rolechain');
const BIN = join(APP, 'node_modules/.bin/rolechain');
const GLOBAL = join(WORK, 'global');
let prebuilds: string | undefined;
let packed: { filename: string; files: { path: string }[] };

/** The environment of a user's shell: nothing of this checkout or the test runner. */
function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? WORK,
    AWS_EC2_METADATA_DISABLED: 'true',
    ...extra,
  } as unknown as NodeJS.ProcessEnv;
}

function rolechain(args: string[], input?: string): SpawnSyncReturns<string> {
  return spawnSync(BIN, args, { cwd: APP, env: userEnv(), encoding: 'utf8', input, timeout: 120_000 });
}

/** The environment of `npm install`: the user's, the local prebuild, and npm's own cache setting. */
function installEnv(prebuilds: string | undefined, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...userEnv({
      ...(prebuilds ? { npm_config_better_sqlite3_local_prebuilds: prebuilds } : {}),
      ...extra,
    }),
    // npm's own settings (cache, registry, node headers) stay the user's.
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('npm_config_cache'))),
  };
}

/** Waits for /api/health of a server on `port` to answer 200; returns what it answered last. */
async function healthy(port: number): Promise<Response | undefined> {
  let health: Response | undefined;
  for (let i = 0; i < 120 && health?.ok !== true; i++) {
    await new Promise((r) => setTimeout(r, 500));
    health = await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => undefined);
  }
  return health;
}

/** This checkout's compiled better-sqlite3 as prebuild-install names a downloaded one. */
function localPrebuild(): string | undefined {
  const mod = join(ROOT, 'node_modules/better-sqlite3');
  const binary = join(mod, 'build/Release/better_sqlite3.node');
  if (!existsSync(binary)) return undefined;
  const { version } = JSON.parse(readFileSync(join(mod, 'package.json'), 'utf8')) as { version: string };
  const dir = join(WORK, 'prebuilds');
  mkdirSync(join(dir, 'build/Release'), { recursive: true });
  writeFileSync(join(dir, 'build/Release/better_sqlite3.node'), readFileSync(binary));
  const name = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  const tar = spawnSync('tar', ['czf', name, 'build'], { cwd: dir });
  return tar.status === 0 ? dir : undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

describe('the npm package', { timeout: 20 * 60_000 }, () => {
  before(() => {
    for (const built of ['dist/cli/rolechain.mjs', 'dist/web/server.js'])
      assert.ok(existsSync(join(ROOT, built)), `${built} is missing: run npm run build first`);
    // --ignore-scripts: prepack would build again; the build above is this checkout's.
    const pack = spawnSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', WORK], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    assert.equal(pack.status, 0, pack.stderr);
    packed = (JSON.parse(pack.stdout) as (typeof packed)[])[0]!;
    mkdirSync(APP);
    // npm 11 runs install scripts of the packages a project allows (better-sqlite3's fetches or builds its binary).
    writeFileSync(
      join(APP, 'package.json'),
      JSON.stringify({
        name: 'rolechain-pack-test',
        private: true,
        allowScripts: { 'better-sqlite3': true, sharp: true },
      }),
    );
    prebuilds = localPrebuild();
    const started = performance.now();
    const install = spawnSync(
      'npm',
      ['install', '--prefer-offline', '--no-audit', '--no-fund', join(WORK, packed.filename)],
      { cwd: APP, encoding: 'utf8', env: installEnv(prebuilds), timeout: 15 * 60_000 },
    );
    assert.equal(install.status, 0, `${install.stdout}\n${install.stderr}`);
    process.stderr.write(`pack test: installed in ${Math.round((performance.now() - started) / 1000)} s\n`);
  });
  after(() => rmSync(WORK, { recursive: true, force: true }));

  it('ships exactly the bin, the bundle, the prebuilt server and the demo: no sources, no native binary', () => {
    const paths = packed.files.map((f) => f.path);
    const allowed =
      /^(package\.json|README\.md|bin\/rolechain\.(?:c|m)js|dist\/cli\/[^/]+|dist\/web\/.+|demo\/.+)$/;
    assert.deepEqual(
      paths.filter((p) => !allowed.test(p)),
      [],
    );
    for (const p of [
      'bin/rolechain.cjs',
      'dist/cli/rolechain.mjs',
      'dist/cli/usage.cjs',
      'dist/cli/trail-worker.mjs',
      'dist/cli/simulate.cjs',
      'dist/cli/simulate.cjs.cache',
      'dist/cli/analyze.cjs',
      'dist/cli/analyze.cjs.cache',
      'dist/cli/parent-watch.cjs',
      'dist/web/server.js',
      'demo/manifest.json',
    ])
      assert.ok(paths.includes(p), p);
    assert.ok(
      paths.some((p) => p.startsWith('dist/web/.next/static/')),
      'static assets',
    );
    assert.ok(
      paths.some((p) => /^dist\/web\/\.next\/node_modules\/better-sqlite3-[0-9a-f]+\/index\.js$/.test(p)),
    );
    assert.deepEqual(
      paths.filter((p) => /\.(ts|tsx|node)$/.test(p) || p.includes('/standalone/')),
      [],
    );
  });

  it('installs without development dependencies', () => {
    for (const dev of ['tsx', 'typescript', 'esbuild', 'eslint', '@playwright/test'])
      assert.equal(existsSync(join(APP, 'node_modules', dev)), false, `${dev} installed`);
    assert.ok(existsSync(join(PKG, 'dist/cli/rolechain.mjs')));
  });

  it('given the installed command, when --help, then every command is listed', () => {
    const r = rolechain(['--help']);
    assert.equal(r.status, 0, r.stderr);
    for (const c of ['analyze', 'athena', 'audit', 'check', 'collect', 'import', 'serve', 'simulate'])
      assert.match(r.stdout, new RegExp(`^  ${c} `, 'm'));
    assert.equal(r.stderr, '');
  });

  it('analyze: the demo by default and as a positional folder, table and SARIF', () => {
    const table = rolechain(['analyze']);
    assert.equal(table.status, 0, table.stderr);
    assert.match(table.stdout, /^findings: \d+ \(critical 1/m);
    const sarif = rolechain(['analyze', join(PKG, 'demo'), '--format', 'sarif', '--fail-on', 'critical']);
    assert.equal(sarif.status, 1, sarif.stderr);
    assert.equal((JSON.parse(sarif.stdout) as { version: string }).version, '2.1.0');
  });

  it('check: the demo Doris chain from fields, and a StarRocks statement from a file', () => {
    const fields = rolechain([
      'check',
      '--source',
      'arn:aws:iam::111111111111:instance-profile/doris-fe-instance-profile',
      '--target-role',
      'arn:aws:iam::222222222222:role/doris-s3-role',
      '--resource',
      's3://rolechain-demo-lakehouse/doris/backup/',
      '--action',
      's3:PutObject',
      '--external-id',
      'doris-external-id',
    ]);
    assert.equal(fields.status, 0, fields.stderr);
    assert.match(fields.stdout, /^snapshot {5}the embedded demo/m);
    const sql = join(WORK, 'catalog.sql');
    // The demo's StarRocks catalog (demo/README.md): the Glue chain works; the S3 side names no location,
    // so that chain cannot be decided (exit 3), and the output says so.
    writeFileSync(
      sql,
      `CREATE EXTERNAL CATALOG glue_catalog PROPERTIES ("type" = "hive", "hive.metastore.type" = "glue",
  "aws.glue.use_instance_profile" = "true", "aws.glue.iam_role_arn" = "arn:aws:iam::222222222222:role/glue_assumed_role",
  "aws.glue.external_id" = "starrocks-external-id", "aws.glue.region" = "us-west-2",
  "aws.s3.use_instance_profile" = "true", "aws.s3.iam_role_arn" = "arn:aws:iam::222222222222:role/s3_assumed_role",
  "aws.s3.external_id" = "starrocks-external-id", "aws.s3.region" = "us-west-2");`,
    );
    const fromFile = rolechain([
      'check',
      '--source',
      'arn:aws:iam::111111111111:role/starrocks-instance-role',
      '--sql',
      sql,
      '--format',
      'json',
    ]);
    assert.equal(fromFile.status, 3, fromFile.stderr);
    const out = JSON.parse(fromFile.stdout) as {
      statement: { engine: string };
      chains: { result?: { ok: boolean } }[];
    };
    assert.equal(out.statement.engine, 'starrocks');
    assert.equal(out.chains.length, 2);
    assert.equal(out.chains[1]?.result?.ok, true, 'the Glue chain works');
  });

  it('simulate: a JSON line in, a decision out', () => {
    const line = JSON.stringify({
      id: 'c1',
      request: {
        principal: 'arn:aws:iam::111111111111:role/doris-be-instance-role',
        action: 'sts:AssumeRole',
        resource: 'arn:aws:iam::222222222222:role/doris-s3-role',
        context: { 'sts:ExternalId': 'doris-external-id' },
      },
      resourcePolicy: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: 'arn:aws:iam::111111111111:role/doris-be-instance-role' },
            Action: 'sts:AssumeRole',
            Condition: { StringEquals: { 'sts:ExternalId': 'doris-external-id' } },
          },
        ],
      },
      identityPolicies: [
        {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: 'sts:AssumeRole',
              Resource: 'arn:aws:iam::222222222222:role/doris-s3-role',
            },
          ],
        },
      ],
    });
    // A line that is not a case as well: the compiled simulate (dist/cli/simulate.cjs) checks it with
    // the zod schema of the ES module bundle.
    const r = rolechain(['simulate'], `${line}\n{"id":"c2","request":5}\n`);
    assert.equal(r.status, 0, r.stderr);
    const [first, second] = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(first?.decision, 'Allow');
    assert.deepEqual((second?.error as { code: string }).code, 'invalid_case');
  });

  it('import and audit: the shipped demo files into a store of their own, then its sessions', () => {
    const store = join(WORK, 'store.db');
    const imp = rolechain([
      'import',
      join(PKG, 'demo/accounts'),
      join(PKG, 'demo/cloudtrail'),
      '--store',
      store,
    ]);
    assert.equal(imp.status, 0, imp.stderr);
    const audit = rolechain(['audit', '--store', store, '--format', 'json']);
    assert.equal(audit.status, 0, audit.stderr);
    assert.ok((JSON.parse(audit.stdout) as { events: unknown[] }).events.length > 0);
  });

  it('collect and athena: their modules load (the AWS SDK from the installed dependencies)', () => {
    for (const c of ['collect', 'athena']) {
      const r = rolechain([c, '--help']);
      assert.equal(r.status, 0, `${c}: ${r.stderr}`);
      assert.match(r.stdout, new RegExp(`usage: rolechain ${c}`));
    }
  });

  it('serve: the prebuilt dashboard answers pages, static files and the API, with no build step', async () => {
    const port = await freePort();
    const child = spawn(BIN, ['serve', '--port', String(port)], {
      cwd: APP,
      env: userEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    child.stdout.on('data', (b: Buffer) => (log += b.toString()));
    child.stderr.on('data', (b: Buffer) => (log += b.toString()));
    try {
      const base = `http://127.0.0.1:${port}`;
      const health = await healthy(port);
      assert.equal(health?.status, 200, log);
      assert.doesNotMatch(log, /building/);
      const page = await fetch(`${base}/`);
      assert.equal(page.status, 200);
      const html = await page.text();
      const asset = /\/_next\/static\/[^"]+\.(?:css|js)/.exec(html)?.[0];
      assert.ok(asset, 'the page names its static files');
      assert.equal((await fetch(`${base}${asset}`)).status, 200, asset);
      const findings = (await (await fetch(`${base}/api/findings`)).json()) as { total: number };
      assert.ok(findings.total > 0, 'the demo from the package');
      // The store is the user's, where they ran the command, never inside the package.
      assert.ok(existsSync(join(APP, 'data')), 'data folder in the working folder');
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  });
  describe('installed globally (npm install -g into a temporary prefix)', () => {
    const bin = join(GLOBAL, 'bin', 'rolechain');
    const run = (args: string[], cwd: string): SpawnSyncReturns<string> =>
      spawnSync(bin, args, { cwd, env: userEnv(), encoding: 'utf8', timeout: 120_000 });
    let cwd: string;

    before(() => {
      mkdirSync(GLOBAL);
      cwd = mkdtempSync(join(WORK, 'elsewhere-'));
      const started = performance.now();
      const install = spawnSync(
        'npm',
        ['install', '-g', '--prefer-offline', '--no-audit', '--no-fund', join(WORK, packed.filename)],
        {
          cwd: WORK,
          encoding: 'utf8',
          env: installEnv(prebuilds, { npm_config_prefix: GLOBAL }),
          timeout: 15 * 60_000,
        },
      );
      assert.equal(install.status, 0, `${install.stdout}\n${install.stderr}`);
      process.stderr.write(
        `pack test: installed globally in ${Math.round((performance.now() - started) / 1000)} s\n`,
      );
    });

    it("puts rolechain on the prefix's bin, and --help lists every command", () => {
      assert.ok(existsSync(join(GLOBAL, 'lib', 'node_modules', 'rolechain', 'dist', 'cli', 'rolechain.mjs')));
      const r = run(['--help'], cwd);
      assert.equal(r.status, 0, r.stderr);
      for (const c of ['analyze', 'athena', 'audit', 'check', 'collect', 'import', 'serve', 'simulate'])
        assert.match(r.stdout, new RegExp(`^  ${c} `, 'm'));
      assert.equal(r.stderr, '');
    });

    it('analyze: the demo the package ships, from a folder of its own', () => {
      const r = run(['analyze', '--format', 'json'], cwd);
      assert.equal(r.status, 0, r.stderr);
      const out = JSON.parse(r.stdout) as { graph: { nodes: { total: number } }; findings: unknown[] };
      assert.ok(out.graph.nodes.total > 50 && out.findings.length > 0);
    });

    it("serve: the prebuilt dashboard answers its health check and the demo's findings", async () => {
      const port = await freePort();
      const child = spawn(bin, ['serve', '--port', String(port)], {
        cwd,
        env: userEnv(),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let log = '';
      child.stdout.on('data', (b: Buffer) => (log += b.toString()));
      child.stderr.on('data', (b: Buffer) => (log += b.toString()));
      try {
        const health = await healthy(port);
        assert.equal(health?.status, 200, log);
        const findings = (await (await fetch(`http://127.0.0.1:${port}/api/findings`)).json()) as {
          total: number;
        };
        assert.ok(findings.total > 0, 'the demo from the package');
        assert.ok(existsSync(join(cwd, 'data')), 'data folder in the working folder');
      } finally {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
    });
  });
});

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Metafile } from 'esbuild';
import { buildCli } from '../scripts/build-cli.mjs';
import { run as analyze } from './commands/analyze';
import { run as simulate } from './commands/simulate';
import { COMMANDS } from './commands/index';
import { bundleFile, cacheFile } from './compiled-command';
import { SIMULATE_BUNDLE, SIMULATE_CODE_CACHE, wrapCommonJs } from './compiled-simulate';
import { memoryIo } from './io';
import { V8_FLAGS } from './v8-tuning';
import { usageText } from './usage';

const ROOT = join(import.meta.dirname, '..');
// Two levels below the package root, as dist/cli is, so the bundle finds the package (and its demo).
const OUT = join(ROOT, '.scratch', `cli-bundle-test-${process.pid}`);
let meta: Metafile;

/** Every output file the entry loads before any command runs: its static imports, transitively. */
function loadedAtStart(m: Metafile, entry: string): { files: string[]; external: string[] } {
  const files: string[] = [];
  const external = new Set<string>();
  const todo = [entry];
  while (todo.length > 0) {
    const f = todo.pop()!;
    if (files.includes(f)) continue;
    files.push(f);
    for (const imp of m.outputs[f]?.imports ?? []) {
      if (imp.kind === 'dynamic-import') continue;
      if (imp.external) external.add(imp.path);
      else todo.push(imp.path);
    }
  }
  return { files, external: [...external] };
}

/** Whether V8 takes the code cache `cache` for the CommonJS bundle `bundle`, under the CLI's flags. */
function cacheTaken(bundle: string, cache: string): { taken: boolean; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), 'rolechain-code-cache-'));
  const wrapped = join(dir, 'wrapped.js');
  writeFileSync(wrapped, wrapCommonJs(readFileSync(bundle, 'utf8')));
  const r = spawnSync(
    process.execPath,
    [
      '-e',
      `const fs = require('node:fs'); const vm = require('node:vm');
       require('node:v8').setFlagsFromString(process.argv[3]);
       const s = new vm.Script(fs.readFileSync(process.argv[1], 'utf8'), { cachedData: fs.readFileSync(process.argv[2]) });
       process.stdout.write(String(s.cachedDataRejected));`,
      wrapped,
      cache,
      V8_FLAGS,
    ],
    { encoding: 'utf8' },
  );
  rmSync(dir, { recursive: true, force: true });
  return { taken: r.stdout === 'false', stderr: r.stderr };
}

describe('the compiled CLI', () => {
  before(async () => {
    meta = await buildCli({ outDir: OUT, quiet: true });
  });
  after(() => rmSync(OUT, { recursive: true, force: true }));

  it('given the bundle, when --help runs, then it loads no package and no engine: every command is its own chunk', () => {
    const entry = Object.keys(meta.outputs).find((f) => f.endsWith('/rolechain.mjs'))!;
    const start = loadedAtStart(meta, entry);
    assert.deepEqual(
      start.external.filter((p) => !p.startsWith('node:')),
      [],
      'no node_modules package loads at start',
    );
    const bytes = start.files.reduce((n, f) => n + meta.outputs[f]!.bytes, 0);
    assert.ok(bytes < 16_000, `${bytes} bytes load at start: ${start.files.join(', ')}`);
    const dynamic = meta.outputs[entry]!.imports.filter((i) => i.kind === 'dynamic-import');
    // Each command, and the zod schema of a simulate line given to the compiled simulate (cli/bin.ts).
    assert.equal(dynamic.length, Object.keys(COMMANDS).length + 1);
  });

  it('given the compiled usage text, when --help runs through bin/rolechain.cjs, then it prints what main prints and requires nothing', () => {
    const file = join(OUT, 'usage.cjs');
    assert.doesNotMatch(readFileSync(file, 'utf8'), /require\(/);
    const compiled = spawnSync(
      process.execPath,
      ['-e', 'process.stdout.write(require(process.argv[1]).usageText())', file],
      { encoding: 'utf8' },
    );
    assert.equal(compiled.stdout, usageText());
    for (const name of Object.keys(COMMANDS)) assert.match(compiled.stdout, new RegExp(`^  ${name} `, 'm'));
  });

  it('given the bundle, then every package it imports is a runtime dependency that plain Node resolves (no Next, no dev tool)', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const specs = new Set<string>();
    for (const out of Object.values(meta.outputs))
      for (const imp of out.imports) if (imp.external && !imp.path.startsWith('node:')) specs.add(imp.path);
    const name = (s: string): string =>
      s
        .split('/')
        .slice(0, s.startsWith('@') ? 2 : 1)
        .join('/');
    assert.deepEqual(
      [...specs].filter(
        (s) => !(name(s) in pkg.dependencies) || name(s) === 'next' || name(s).startsWith('react'),
      ),
      [],
    );
    // Loaded as an installed package loads them: ESM rules, no tsx (a subpath without an exports map, such as 'next/server', fails here).
    const r = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        'for (const s of JSON.parse(process.argv[1])) await import(s);',
        JSON.stringify([...specs]),
      ],
      { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } as unknown as NodeJS.ProcessEnv },
    );
    assert.equal(r.status, 0, r.stderr);
  });

  it('given the bundle alone (no tsx), when run from another folder, then --help lists every command and analyze reads the package demo', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'rolechain-bundle-'));
    // A clean environment: nothing of the test runner (no tsx loader, no ROLECHAIN_* settings).
    const env = { PATH: process.env.PATH ?? '', HOME: cwd } as unknown as NodeJS.ProcessEnv;
    const help = spawnSync(process.execPath, [join(OUT, 'rolechain.mjs'), '--help'], {
      cwd,
      env,
      encoding: 'utf8',
    });
    assert.equal(help.status, 0, help.stderr);
    for (const name of Object.keys(COMMANDS)) assert.match(help.stdout, new RegExp(`^  ${name} `, 'm'));
    const analyze = spawnSync(process.execPath, [join(OUT, 'rolechain.mjs'), 'analyze', '--format', 'json'], {
      cwd,
      env,
      encoding: 'utf8',
    });
    assert.equal(analyze.status, 0, analyze.stderr);
    const out = JSON.parse(analyze.stdout) as { graph: { nodes: { total: number } }; findings: unknown[] };
    assert.ok(out.graph.nodes.total > 50 && out.findings.length > 0);
    rmSync(cwd, { recursive: true, force: true });
  });

  describe('simulate, compiled with its V8 code cache', () => {
    const WARM_UP = join(ROOT, 'cli', 'simulate', 'warm-up.jsonl');
    /** Lines of every kind: well formed (the warm-up's), repeated under new ids, not JSON, not a case, blank, CRLF. */
    const input = (): string => {
      const lines = readFileSync(WARM_UP, 'utf8').trim().split('\n');
      const again = lines.slice(0, 4).map((l, i) => l.replace(/^\{"id":"[^"]*"/, `{"id":"again-${i}"`));
      return [...lines, ...again, 'not json', '{"id":"x","request":5}', '', lines[1] + '\r', ''].join('\n');
    };
    const compiled = (args: string[], stdin?: string) =>
      spawnSync(process.execPath, [join(OUT, 'rolechain.mjs'), 'simulate', ...args], {
        input: stdin,
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '' } as unknown as NodeJS.ProcessEnv,
      });
    const inProcess = async (text: string): Promise<string> => {
      const io = memoryIo(text);
      assert.equal(await simulate([], io), 0);
      return io.stdout;
    };

    it('given the build, then V8 takes the cache it made (same Node, same flags as cli/v8-tuning.ts sets)', () => {
      const r = cacheTaken(join(OUT, SIMULATE_BUNDLE), join(OUT, SIMULATE_CODE_CACHE));
      assert.ok(r.taken, r.stderr);
    });

    it('given lines of every kind from a file and from stdin, when the compiled simulate runs them, then it writes what the sources write', async () => {
      const text = input();
      const expected = await inProcess(text);
      assert.match(expected, /"invalid_case"/);
      const dir = mkdtempSync(join(tmpdir(), 'rolechain-simulate-'));
      const file = join(dir, 'cases.jsonl');
      writeFileSync(file, text);
      const fromFile = compiled([file]);
      assert.equal(fromFile.status, 0, fromFile.stderr);
      assert.equal(fromFile.stdout, expected);
      const fromStdin = compiled([], text);
      assert.equal(fromStdin.stdout, expected);
      rmSync(dir, { recursive: true, force: true });
    });

    it('given a code cache that does not fit, when simulate runs, then V8 compiles the bundle and the output is the same', async () => {
      const expected = await inProcess(input());
      writeFileSync(join(OUT, SIMULATE_CODE_CACHE), Buffer.from('not a code cache'));
      assert.equal(compiled([], input()).stdout, expected);
      rmSync(join(OUT, SIMULATE_CODE_CACHE));
      assert.equal(compiled([], input()).stdout, expected);
    });
  });

  describe('analyze, compiled with its V8 code cache', () => {
    const ACCOUNT = join(ROOT, 'test', 'fixtures', 'real', 'authz', 'cloudsplaining_examples_example.json');
    const compiled = (args: string[]) =>
      spawnSync(process.execPath, [join(OUT, 'rolechain.mjs'), 'analyze', ...args], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '' } as unknown as NodeJS.ProcessEnv,
      });
    const inProcess = async (args: string[]): Promise<string> => {
      const io = memoryIo();
      assert.equal(await analyze(args, io), 0, io.stderr);
      return io.stdout;
    };

    it('given the build, then V8 takes the cache it made on the demo', () => {
      const r = cacheTaken(join(OUT, bundleFile('analyze')), join(OUT, cacheFile('analyze')));
      assert.ok(r.taken, r.stderr);
    });

    it('given the demo and the 78-role account, when the compiled analyze runs, then it writes what the sources write (table, JSON, SARIF)', async () => {
      const cases = [
        ['--format', 'json'],
        ['--snapshot', ACCOUNT, '--format', 'json'],
        [ACCOUNT, '--format', 'sarif'],
        [ACCOUNT],
      ];
      for (const args of cases) {
        const r = compiled(args);
        assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
        assert.equal(r.stdout, await inProcess(args), args.join(' '));
      }
    });

    it("given IAM files zod refuses, when the compiled analyze (zod without code generation) reads them, then its messages are the sources' (zod with it)", async () => {
      const dir = mkdtempSync(join(tmpdir(), 'rolechain-analyze-'));
      const bad = join(dir, 'authz.json');
      writeFileSync(
        bad,
        JSON.stringify({
          RoleDetailList: [{ RoleName: 5, Arn: 'arn:aws:iam::111111111111:role/x' }],
          Policies: 'no',
        }),
      );
      const r = compiled([bad, ACCOUNT, '--format', 'json']);
      const io = memoryIo();
      const code = await analyze([bad, ACCOUNT, '--format', 'json'], io);
      rmSync(dir, { recursive: true, force: true });
      assert.equal(r.status, code, r.stderr);
      assert.match(r.stdout, /authz\.json/, 'the refused file is named in the warnings');
      assert.equal(r.stdout, io.stdout);
      assert.equal(r.stderr, io.stderr);
    });

    it('given the bundle, then bin runs analyze from it; given a cache that does not fit or none, or no bundle, then the output is the same', async () => {
      const args = [ACCOUNT, '--format', 'json'];
      const expected = await inProcess(args);
      const bundle = join(OUT, bundleFile('analyze'));
      const source = readFileSync(bundle);
      // A bundle that exports no main: the error shows cli/bin.ts took analyze from it.
      writeFileSync(bundle, 'module.exports = {};');
      assert.match(compiled(args).stderr, /analyze\.cjs exports no main/);
      writeFileSync(bundle, source);
      writeFileSync(join(OUT, cacheFile('analyze')), Buffer.from('not a code cache'));
      assert.equal(compiled(args).stdout, expected);
      rmSync(join(OUT, cacheFile('analyze')));
      assert.equal(compiled(args).stdout, expected);
      rmSync(bundle);
      assert.equal(compiled(args).stdout, expected);
    });
  });
});

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Metafile } from 'esbuild';
import { buildCli } from '../scripts/build-cli.mjs';
import { COMMANDS } from './commands/index';
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
    assert.equal(dynamic.length, Object.keys(COMMANDS).length);
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
});

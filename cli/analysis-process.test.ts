import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  ANALYSIS_OLD_HEADROOM_ENV,
  ANALYSIS_SEMI_SPACE_MIB,
  ANALYSIS_YOUNG_GENERATION_MIB,
  analysisNodeFlags,
  oldHeadroomMib,
  ownOldGenerationMib,
} from '../lib/app/analysis-heap';
import { memoryIo } from './io';
import { main } from './main';
import {
  ANALYSIS_PROCESS_ENV,
  EXIT_NOT_STARTED,
  inputBytes,
  mayReRun,
  runInAnalysisProcess,
} from './analysis-process';
import { run } from './commands/analyze';

const SAMPLES = join(import.meta.dirname, '../lib/sources/fixtures/samples');
const REAL_ACCOUNT = join(
  import.meta.dirname,
  '../test/fixtures/real/authz/cloudsplaining_examples_example.json',
);

/** A script run in the analysis process's place: it says what it was given and what heap it has. */
function script(body: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'rolechain-analysis-process-')), 'entry.cjs');
  writeFileSync(file, body);
  return file;
}

const PROBE = script(`const v8 = require('node:v8');
let most = 0;
const keep = [];
for (let i = 0; i < 3e6; i++) {
  keep.push({ i });
  if (i % 1000 === 0) most = Math.max(most, v8.getHeapSpaceStatistics().find((x) => x.space_name === 'new_space').space_size);
}
process.stdout.write(JSON.stringify({ newSpaceMiB: most / 1048576, limitMiB: v8.getHeapStatistics().heap_size_limit / 1048576, args: process.argv.slice(2), execArgv: process.execArgv, marker: process.env.${ANALYSIS_PROCESS_ENV}, headroom: process.env.${ANALYSIS_OLD_HEADROOM_ENV}, cwd: process.cwd() }) + '\\n');
`);

/** A memoryIo with another working folder or environment (its methods write to the object they came with). */
function ioWith(change: {
  cwd?: string;
  env?: Record<string, string | undefined>;
}): ReturnType<typeof memoryIo> {
  return Object.assign(memoryIo(), change);
}

/** What the command's child is given in the tests: the sources (bin/rolechain.mjs runs them through tsx). */
const childEnv = { ROLECHAIN_CLI_FROM_SOURCE: '1', PATH: process.env.PATH };

describe('rolechain analyze of a large estate, in a process of its own', () => {
  it('given files and folders, when their bytes are counted, then regular files count, links are not followed and the count stops once enough is seen', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rolechain-bytes-'));
    mkdirSync(join(dir, 'a/b'), { recursive: true });
    writeFileSync(join(dir, 'a/one.json'), 'x'.repeat(100));
    writeFileSync(join(dir, 'a/b/two.json'), 'y'.repeat(50));
    const alone = join(dir, 'alone.json');
    writeFileSync(alone, 'z'.repeat(7));
    symlinkSync(join(dir, 'a'), join(dir, 'link'));
    assert.equal(inputBytes([dir], Infinity), 157);
    assert.equal(inputBytes([alone, join(dir, 'a/b')], Infinity), 57);
    assert.ok(inputBytes([dir], 10) < 157, 'stops early');
    assert.equal(inputBytes([join(dir, 'missing')], Infinity), 0);
  });

  it('given the environment and flags, then only a process that is not the analysis process and was given no young generation re-runs', () => {
    assert.equal(mayReRun({}, []), true);
    assert.equal(mayReRun({ [ANALYSIS_PROCESS_ENV]: '1' }, []), false);
    assert.equal(mayReRun({ NODE_OPTIONS: '--max-semi-space-size=32' }, []), false);
    assert.equal(mayReRun({}, ['--max-semi-space-size=8']), false);
    assert.equal(
      mayReRun({ NODE_OPTIONS: '--max-old-space-size=8192' }, ['--max-old-space-size=8192']),
      true,
    );
  });

  it('given arguments, when the analysis process runs, then it has the young generation, the arguments after `analyze`, this process flags, the marker and the working folder', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'rolechain-cwd-'));
    const io = ioWith({ cwd, env: { PATH: process.env.PATH } });
    const code = await runInAnalysisProcess(['authz.json', '--format', 'json'], io, PROBE, [
      '--max-old-space-size=5000',
    ]);
    assert.equal(code, 0, io.stderr);
    const seen = JSON.parse(io.stdout) as {
      newSpaceMiB: number;
      args: string[];
      execArgv: string[];
      marker: string;
      cwd: string;
    };
    assert.equal(seen.newSpaceMiB, 2 * ANALYSIS_SEMI_SPACE_MIB);
    assert.deepEqual(seen.args, ['analyze', 'authz.json', '--format', 'json']);
    // The user's heap size is kept: no headroom on top of it.
    assert.deepEqual(seen.execArgv.slice(0, 2), [
      '--max-old-space-size=5000',
      `--max-semi-space-size=${ANALYSIS_SEMI_SPACE_MIB}`,
    ]);
    assert.deepEqual(analysisNodeFlags(['--max-old-space-size=5000']), [
      `--max-semi-space-size=${ANALYSIS_SEMI_SPACE_MIB}`,
    ]);
    assert.equal(seen.marker, '1');
    assert.equal(seen.cwd, cwd);
  });

  it('given no heap size of the user, when the analysis process runs, then its old generation is half as large again as this process, and its environment says by how much', async () => {
    const io = ioWith({ env: { PATH: process.env.PATH } });
    assert.equal(await runInAnalysisProcess([], io, PROBE, []), 0, io.stderr);
    const seen = JSON.parse(io.stdout) as { limitMiB: number; execArgv: string[]; headroom: string };
    const own = ownOldGenerationMib();
    const old = own + oldHeadroomMib(own);
    assert.ok(Math.abs(oldHeadroomMib(own) - own / 2) <= 1, `${own} MiB`);
    assert.deepEqual(seen.execArgv.slice(0, 2), [
      `--max-semi-space-size=${ANALYSIS_SEMI_SPACE_MIB}`,
      `--max-old-space-size=${old}`,
    ]);
    assert.equal(seen.limitMiB, old + ANALYSIS_YOUNG_GENERATION_MIB);
    assert.equal(seen.headroom, String(oldHeadroomMib(own)));
    // A heap size in NODE_OPTIONS is the user's too.
    const given = ioWith({ env: { PATH: process.env.PATH, NODE_OPTIONS: '--max-old-space-size=3000' } });
    assert.equal(await runInAnalysisProcess([], given, PROBE, []), 0, given.stderr);
    const kept = JSON.parse(given.stdout) as { limitMiB: number; execArgv: string[]; headroom?: string };
    assert.deepEqual(kept.execArgv, [
      `--max-semi-space-size=${ANALYSIS_SEMI_SPACE_MIB}`,
      '--require',
      kept.execArgv[2],
    ]);
    assert.equal(kept.limitMiB, 3000 + ANALYSIS_YOUNG_GENERATION_MIB);
    assert.equal(kept.headroom, undefined);
  });

  it('given an analysis process that exits, is killed or cannot start, then the command returns its status, says what ended it, and never waits', async () => {
    const exits = memoryIo();
    assert.equal(await runInAnalysisProcess([], exits, script('process.exit(7)'), []), 7);
    assert.equal(exits.stderr, '');

    const killed = memoryIo();
    const code = await runInAnalysisProcess([], killed, script("process.kill(process.pid, 'SIGKILL')"), []);
    assert.equal(code, 128 + 9);
    assert.match(killed.stderr, /the analysis process was ended by SIGKILL \(.*heap runs out.*Performance/);

    const nowhere = ioWith({ cwd: '/nonexistent/rolechain-cwd' });
    assert.equal(await runInAnalysisProcess([], nowhere, PROBE, []), EXIT_NOT_STARTED);
    assert.match(nowhere.stderr, /could not start the analysis process/);
  });

  it('given files, a store or a failing estate, when analysed in the analysis process (ROLECHAIN_ANALYSIS_HEAP=large), then the output and exit status are byte for byte those of this process', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rolechain-same-'));
    const db = join(dir, 'store.db');
    const imported = memoryIo();
    assert.equal(await main(['import', join(SAMPLES, 'authz'), '--store', db], imported), 0, imported.stderr);
    const cases = [
      [
        '--snapshot',
        join(SAMPLES, 'authz/cloudsplaining_test_example-authz-details.json'),
        '--snapshot',
        join(SAMPLES, 'cloudtrail'),
        '--format',
        'json',
        '--fail-on',
        'medium',
      ],
      [REAL_ACCOUNT, '--fail-on', 'high'],
      [REAL_ACCOUNT, '--format', 'sarif', '--fixes', '3'],
      ['--store', db, '--format', 'json'],
    ];
    for (const args of cases) {
      const here = ioWith({ env: { ...childEnv, ROLECHAIN_ANALYSIS_HEAP: 'default' } });
      const there = ioWith({ env: { ...childEnv, ROLECHAIN_ANALYSIS_HEAP: 'large' } });
      const a = await run(args, here);
      const b = await run(args, there);
      assert.equal(b, a, `${args.join(' ')}: ${there.stderr}`);
      assert.ok(here.stdout.length > 1000, args.join(' '));
      assert.equal(there.stdout, here.stdout, args.join(' '));
      assert.equal(there.stderr, here.stderr, args.join(' '));
    }
  });
});

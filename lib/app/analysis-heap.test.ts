import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { ResourceLimits } from 'node:worker_threads';
import { Worker } from 'node:worker_threads';
import {
  ANALYSIS_HEAP_MIN_INPUT_BYTES,
  ANALYSIS_OLD_HEADROOM_ENV,
  ANALYSIS_PROCESS_ENV,
  addedOldGenerationBytes,
  addedYoungGenerationBytes,
  ANALYSIS_HEAP_MIN_PRINCIPALS,
  ANALYSIS_SEMI_SPACE_MIB,
  ANALYSIS_YOUNG_GENERATION_MIB,
  analysisNodeFlags,
  analysisProcessEnv,
  analysisWorkerLimits,
  heapSizeGiven,
  oldHeadroomMib,
  ownOldGenerationMib,
  wantsAnalysisHeap,
  youngGenerationGiven,
} from './analysis-heap';

/**
 * A script that reports, from the thread it runs in, the largest new space it reached while keeping
 * everything it allocates (so every scavenge finds survivors and V8 grows the semi-spaces to their
 * maximum: the new space is two of them), its heap limit and its old generation's share of it.
 */
function youngGenerationProbe(dir: string): string {
  const file = join(dir, 'young-generation-probe.cjs');
  writeFileSync(
    file,
    `const v8 = require('node:v8');
const { isMainThread, parentPort } = require('node:worker_threads');
let most = 0;
const keep = [];
for (let i = 0; i < 3e6; i++) {
  keep.push({ i });
  if (i % 1000 === 0) {
    const s = v8.getHeapSpaceStatistics().find((x) => x.space_name === 'new_space');
    most = Math.max(most, s.space_size);
  }
}
const out = JSON.stringify({ newSpaceMiB: most / 1048576, limitMiB: v8.getHeapStatistics().heap_size_limit / 1048576, args: process.argv.slice(2), execArgv: process.execArgv, marker: process.env.ROLECHAIN_ANALYSIS_PROCESS });
if (isMainThread) process.stdout.write(out + '\\n'); else parentPort.postMessage(out);
`,
  );
  return file;
}

interface Probed {
  newSpaceMiB: number;
  limitMiB: number;
}

const inProcess = (file: string, flags: string[]): Probed =>
  JSON.parse(spawnSync(process.execPath, [...flags, file], { encoding: 'utf8' }).stdout) as Probed;

const inWorker = (file: string, resourceLimits?: ConstructorParameters<typeof Worker>[1]): Promise<Probed> =>
  new Promise((resolve, reject) => {
    const w = new Worker(file, resourceLimits);
    w.once('message', (m: string) => resolve(JSON.parse(m) as Probed));
    w.once('error', reject);
  });

describe('the analysis heap settings', () => {
  it('given the constants, then the young generation is three semi-spaces, the flags name the semi-space and an old generation half as large again as the process, unless the user sized the heap', () => {
    const semi = `--max-semi-space-size=${ANALYSIS_SEMI_SPACE_MIB}`;
    assert.equal(ANALYSIS_YOUNG_GENERATION_MIB, 3 * ANALYSIS_SEMI_SPACE_MIB);
    assert.deepEqual(analysisNodeFlags([], undefined, 4096), [semi, '--max-old-space-size=6144']);
    assert.deepEqual(analysisNodeFlags([], undefined, 2015), [semi, '--max-old-space-size=3023']);
    assert.deepEqual(analysisNodeFlags(['--max-old-space-size=8192'], undefined, 8192), [semi]);
    assert.deepEqual(analysisNodeFlags([], '--max_heap_size=3000', 2904), [semi]);
    assert.deepEqual(analysisWorkerLimits([], undefined, 4096), {
      maxYoungGenerationSizeMb: ANALYSIS_YOUNG_GENERATION_MIB,
      maxOldGenerationSizeMb: 6144,
    });
    assert.deepEqual(analysisWorkerLimits([], '--max-old-space-size=8192', 8192), {
      maxYoungGenerationSizeMb: ANALYSIS_YOUNG_GENERATION_MIB,
    });
    // V8's default young generation is 48 MiB of a default heap limit.
    assert.equal(ownOldGenerationMib(4144 * 1024 * 1024), 4096);
    assert.deepEqual(analysisProcessEnv([semi, '--max-old-space-size=6144'], 4096), {
      [ANALYSIS_PROCESS_ENV]: '1',
      [ANALYSIS_OLD_HEADROOM_ENV]: '2048',
    });
    assert.deepEqual(analysisProcessEnv([semi], 4096), { [ANALYSIS_PROCESS_ENV]: '1' });
  });

  it('given node flags, when one sizes the old generation or the whole heap, then the user gave the heap size', () => {
    assert.equal(heapSizeGiven([], undefined), false);
    assert.equal(heapSizeGiven(['--max-semi-space-size=64'], '--enable-source-maps'), false);
    assert.equal(heapSizeGiven(['--max-old-space-size=8192'], undefined), true);
    assert.equal(heapSizeGiven([], '--enable-source-maps --max_old_space_size=8192'), true);
    assert.equal(heapSizeGiven([], '--max-heap-size=2048'), true);
  });

  it('given an estate, when its size is at or above the threshold, then it gets the larger young generation, unless the environment says otherwise', () => {
    const env = {};
    assert.equal(wantsAnalysisHeap(env, { principals: ANALYSIS_HEAP_MIN_PRINCIPALS - 1 }), false);
    assert.equal(wantsAnalysisHeap(env, { principals: ANALYSIS_HEAP_MIN_PRINCIPALS }), true);
    assert.equal(wantsAnalysisHeap(env, { inputBytes: ANALYSIS_HEAP_MIN_INPUT_BYTES - 1 }), false);
    assert.equal(wantsAnalysisHeap(env, { inputBytes: ANALYSIS_HEAP_MIN_INPUT_BYTES }), true);
    assert.equal(wantsAnalysisHeap({ ROLECHAIN_ANALYSIS_HEAP: 'large' }, { principals: 78 }), true);
    assert.equal(wantsAnalysisHeap({ ROLECHAIN_ANALYSIS_HEAP: 'default' }, { principals: 1e6 }), false);
    // The demo and a single real account (test/fixtures/real/authz: 78 roles in 824 KB) stay as they are.
    assert.equal(wantsAnalysisHeap(env, { inputBytes: 3_000_000 }), false);
  });

  it('given node flags, when one sizes the young generation, then the user gave it', () => {
    assert.equal(youngGenerationGiven([], undefined), false);
    assert.equal(youngGenerationGiven(['--max-old-space-size=8192'], '--enable-source-maps'), false);
    assert.equal(youngGenerationGiven(['--max-semi-space-size=32'], undefined), true);
    assert.equal(youngGenerationGiven([], '--max-old-space-size=8192 --max_semi_space_size=8'), true);
    assert.equal(youngGenerationGiven([], '--max-heap-size=2048'), true);
  });

  it('given the flags, when a process runs with them, then its new space grows to two semi-spaces of that size and its limit grows by that young generation and the old generation headroom', () => {
    const probe = youngGenerationProbe(mkdtempSync(join(tmpdir(), 'rolechain-heap-')));
    const plain = inProcess(probe, []);
    const tuned = inProcess(probe, analysisNodeFlags());
    assert.equal(tuned.newSpaceMiB, 2 * ANALYSIS_SEMI_SPACE_MIB);
    assert.ok(plain.newSpaceMiB < tuned.newSpaceMiB, `default new space ${plain.newSpaceMiB} MiB`);
    // heap_size_limit = old generation + young generation (3 semi-spaces).
    const own = ownOldGenerationMib(plain.limitMiB * 1024 * 1024);
    assert.equal(own, ownOldGenerationMib());
    assert.equal(
      tuned.limitMiB - plain.limitMiB,
      1.5 * (tuned.newSpaceMiB - plain.newSpaceMiB) + oldHeadroomMib(own),
    );
    // With the user's heap size, only the young generation changes.
    const given = inProcess(probe, [
      '--max-old-space-size=2000',
      ...analysisNodeFlags(['--max-old-space-size=2000']),
    ]);
    assert.equal(given.limitMiB, 2000 + ANALYSIS_YOUNG_GENERATION_MIB);
  });

  it('given the worker limits, when a worker runs with them, then it has the same young generation and the same heap limit as a process with the flags, and a worker without them the process default', async () => {
    const probe = youngGenerationProbe(mkdtempSync(join(tmpdir(), 'rolechain-heap-')));
    const tuned = inProcess(probe, analysisNodeFlags());
    const worker = await inWorker(probe, { resourceLimits: analysisWorkerLimits() });
    assert.deepEqual([worker.newSpaceMiB, worker.limitMiB], [tuned.newSpaceMiB, tuned.limitMiB]);
    // Without limits a worker's old generation is the process's: a large estate does not crash there sooner.
    const plainWorker = await inWorker(probe);
    assert.equal(plainWorker.limitMiB, inProcess(probe, []).limitMiB);
  });
});

describe('the capacity check under the analysis heap settings', () => {
  it("given the analysis process's marker and flag, then the young generation they add is known, and nothing otherwise", () => {
    const added = (ANALYSIS_YOUNG_GENERATION_MIB - 48) * 1024 * 1024;
    assert.equal(addedYoungGenerationBytes({ [ANALYSIS_PROCESS_ENV]: '1' }, analysisNodeFlags()), added);
    assert.equal(addedYoungGenerationBytes({}, analysisNodeFlags()), 0, 'a flag the user gave');
    assert.equal(addedYoungGenerationBytes({ [ANALYSIS_PROCESS_ENV]: '1' }, []), 0);
  });

  it("given the analysis process's environment, then the old generation headroom it was given is known, and nothing otherwise", () => {
    const marked = { [ANALYSIS_PROCESS_ENV]: '1', [ANALYSIS_OLD_HEADROOM_ENV]: '2048' };
    assert.equal(addedOldGenerationBytes(marked), 2048 * 1024 * 1024);
    assert.equal(
      addedOldGenerationBytes({ [ANALYSIS_OLD_HEADROOM_ENV]: '2048' }),
      0,
      'not the analysis process',
    );
    assert.equal(addedOldGenerationBytes({ [ANALYSIS_PROCESS_ENV]: '1' }), 0, 'no headroom given');
    for (const bad of ['', 'lots', '-5', '1.5'])
      assert.equal(addedOldGenerationBytes({ ...marked, [ANALYSIS_OLD_HEADROOM_ENV]: bad }), 0, bad);
  });

  it("given the analysis process, when it checks its capacity, then its limit is the starting process's: the headroom admits no larger estate", () => {
    const dir = mkdtempSync(join(tmpdir(), 'rolechain-heap-'));
    const file = join(dir, 'limit.mjs');
    writeFileSync(
      file,
      `const { heapLimit } = await import(${JSON.stringify(new URL('./capacity.ts', import.meta.url).href)});\n` +
        `process.stdout.write(JSON.stringify(heapLimit()));\n`,
    );
    const limitOf = (flags: string[], env: Record<string, string>): number =>
      JSON.parse(
        spawnSync(process.execPath, ['--import', 'tsx', ...flags, file], {
          encoding: 'utf8',
          env: { ...process.env, ...env },
        }).stdout,
      ) as number;
    const flags = analysisNodeFlags();
    const plain = limitOf([], {});
    assert.equal(limitOf(flags, analysisProcessEnv(flags)), plain);
  });

  it("given a worker with the analysis's limits, when it checks its capacity, then its limit is a default thread's: a larger nursery and the headroom admit no larger estate", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rolechain-heap-'));
    const file = join(dir, 'limit.mjs');
    writeFileSync(
      file,
      `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))};\nregister();\n` +
        `const { heapLimit } = await import(${JSON.stringify(new URL('./capacity.ts', import.meta.url).href)});\n` +
        `const v8 = await import('node:v8');\n` +
        `const { addedOldGenerationBytes } = await import(${JSON.stringify(new URL('./analysis-heap.ts', import.meta.url).href)});\n` +
        `const { resourceLimits } = await import('node:worker_threads');\n` +
        `(await import('node:worker_threads')).parentPort.postMessage([heapLimit(), v8.getHeapStatistics().heap_size_limit, addedOldGenerationBytes(process.env, resourceLimits, ['--max-old-space-size=5000'])]);\n`,
    );
    const limits = (resourceLimits?: ResourceLimits): Promise<[number, number, number]> =>
      new Promise((resolve, reject) => {
        const w = new Worker(file, resourceLimits ? { resourceLimits } : {});
        w.once('message', resolve);
        w.once('error', reject);
      });
    const [tunedCheck, tunedV8, userSized] = await limits(analysisWorkerLimits());
    const [plainCheck, plainV8] = await limits();
    const own = ownOldGenerationMib();
    assert.equal(tunedV8 - plainV8, (ANALYSIS_YOUNG_GENERATION_MIB - 48 + oldHeadroomMib(own)) * 1024 * 1024);
    assert.equal(tunedCheck, plainCheck);
    // Under a heap size the user gave, the worker has no headroom to take off.
    assert.equal(userSized, 0);
  });
});

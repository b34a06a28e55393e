import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { build } from 'esbuild';
import { loadDemo } from './demo';
import { loadFromPaths } from './load';
import { MIN_POOL_FILES } from './trail-pool';

const ROOT = join(import.meta.dirname, '..', '..');
const REAL = join(ROOT, 'test', 'fixtures', 'real', 'cloudtrail');
const dir = mkdtempSync(join(tmpdir(), 'rolechain-trail-pool-'));
let worker: URL;

describe('reading gzipped CloudTrail files on a worker thread (TrailPool)', () => {
  before(async () => {
    // The worker as the CLI bundle ships it: trail-worker.ts compiled by esbuild.
    const out = join(dir, 'trail-worker.mjs');
    await build({
      entryPoints: [join(import.meta.dirname, 'trail-worker.ts')],
      outfile: out,
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20.9',
      logLevel: 'warning',
    });
    worker = pathToFileURL(out);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('given the demo organisation, when loaded with the worker, then the result is the same as without it', async () => {
    const demo = join(ROOT, 'demo');
    const alone = await loadDemo(demo);
    const pooled = await loadDemo(demo, { trailWorker: worker });
    assert.ok(alone.stats.chainEvents > 1000);
    assert.deepEqual(pooled, alone);
  });

  it('given trail files of every kind (compact, pretty, truncated, not JSON, a digest), when loaded with the worker, then events, warnings and counts are the same as without it', async () => {
    // Given public records (the IAM user guide's STS examples), cut into compact trail files as CloudTrail writes them
    const records = (
      JSON.parse(readFileSync(join(REAL, 'awsdocs_iam-user-guide_sts-examples.json'), 'utf8')) as {
        Records: unknown[];
      }
    ).Records;
    assert.ok(records.length >= 3);
    const trail = join(dir, 'trail');
    const gz = (name: string, text: string): void => writeFileSync(join(trail, name), gzipSync(text));
    mkdirSync(trail);
    for (let i = 0; i < MIN_POOL_FILES + 4; i++)
      gz(
        `f${String(i).padStart(2, '0')}.json.gz`,
        JSON.stringify({ Records: records.slice(i % records.length) }),
      );
    // And files only the main thread's slow paths read
    gz('f05b-pretty.json.gz', JSON.stringify({ Records: records }, null, 2));
    writeFileSync(
      join(trail, 'f07b-truncated.json.gz'),
      gzipSync(JSON.stringify({ Records: records })).subarray(0, 40),
    );
    gz('f09b-not-json.json.gz', 'not json at all');
    gz('f11b-digest.json.gz', JSON.stringify({ digestStartTime: '2024-01-01T00:00:00Z', logFiles: [] }));
    gz('f13b-duplicate.json.gz', JSON.stringify({ Records: records }));
    // When loaded without and with the worker
    const opts = { createdAt: '2024-06-01T00:00:00.000Z' };
    const alone = await loadFromPaths([trail], opts);
    const pooled = await loadFromPaths([trail], { ...opts, trailWorker: worker });
    // Then the same result, warnings for the broken files included, in the same order
    assert.deepEqual(pooled, alone);
    assert.ok(alone.warnings.some((w) => w.source === 'f07b-truncated.json.gz'));
    assert.ok(alone.warnings.some((w) => w.source === 'f09b-not-json.json.gz'));
    assert.ok(alone.stats.duplicates > 0);
  });

  it('given a worker that cannot start, when loading, then the main thread reads every file and the result is the same', async () => {
    const demo = join(ROOT, 'demo');
    const broken = pathToFileURL(join(dir, 'no-such-worker.mjs'));
    assert.deepEqual(await loadDemo(demo, { trailWorker: broken }), await loadDemo(demo));
  });
});

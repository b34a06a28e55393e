import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadFromPaths } from './load';
import type { TrailFileBatch } from './stream';
import { streamCloudTrail } from './stream';

const LAYOUT = join(import.meta.dirname, 'fixtures', 'layout');

describe('streamCloudTrail', () => {
  it('given the fixture trail, when streamed, then each file yields its own events and together they are what loadFromPaths reads before de-duplication', async () => {
    const batches: TrailFileBatch[] = [];
    for await (const b of streamCloudTrail([join(LAYOUT, 'cloudtrail')])) batches.push(b);
    assert.deepEqual(
      batches.map((b) => [b.file.split('/')[1], b.records, b.events.length, b.skipped]),
      [
        ['111111111111', 3, 2, 1],
        ['222222222222', 2, 2, 0],
      ],
    );
    const loaded = await loadFromPaths([join(LAYOUT, 'cloudtrail')]);
    const streamed = batches.flatMap((b) => b.events).length;
    assert.equal(streamed, loaded.stats.chainEvents + loaded.stats.duplicates);
  });

  it('given a folder of other AWS output, when streamed, then each non-CloudTrail file is a warning and yields no events', async () => {
    const batches: TrailFileBatch[] = [];
    for await (const b of streamCloudTrail([join(LAYOUT, 'organization')])) batches.push(b);
    assert.ok(batches.length > 0);
    assert.ok(batches.every((b) => b.events.length === 0 && b.warnings[0]?.code === 'unsupported-format'));
  });
});

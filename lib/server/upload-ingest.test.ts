/**
 * What `POST /api/import` does with an upload (stage, ingest, clean up), given what once left it
 * unanswered: a gzipped JSON-lines file with one 100 MiB line. (The route module itself is
 * `server-only`; the security end-to-end test sends the same upload to the running server.)
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { Store } from '../store';
import { importFiles as ingest } from '../app/import';
import { stage } from './upload';

const SAMPLES = join(import.meta.dirname, '../sources/fixtures/samples');
const RECORDS = (
  JSON.parse(readFileSync(join(SAMPLES, 'cloudtrail/awsdocs_iam-user-guide_sts-examples.json'), 'utf8')) as {
    Records: unknown[];
  }
).Records.map((r) => JSON.stringify(r));

test('given a staging write that fails part way, when staged, then the folder is removed before the error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rolechain-stage-'));
  const bad = {
    name: 'b.json',
    get bytes(): Uint8Array {
      throw new Error('disk full');
    },
  };
  await assert.rejects(stage([{ name: 'a.json', bytes: new Uint8Array([1]) }, bad], dir), /disk full/);
  assert.deepEqual(readdirSync(dir), []);
});

test(
  'given an upload of a gzipped JSON-lines file with a 100 MiB line, when imported, then it ends with a warning naming the file, and no staging folder is left',
  { timeout: 60_000 },
  async () => {
    const base = mkdtempSync(join(tmpdir(), 'rolechain-import-route-'));
    const body = Buffer.concat([
      Buffer.from(RECORDS.slice(0, 2).join('\n') + '\n{"pad":"'),
      Buffer.alloc(100 * 1024 * 1024, 'a'),
      Buffer.from('"}\n' + RECORDS.slice(2).join('\n')),
    ]);
    const staged = await stage([{ name: 'export.jsonl.gz', bytes: gzipSync(body, { level: 1 }) }], base);
    const store = Store.open(':memory:');
    assert.ok(store.ok);
    try {
      const r = await ingest(store.value, [staged.dir]);
      assert.deepEqual(
        r.warnings.map((w) => [staged.names.get(w.source), w.code]),
        [['export.jsonl.gz', 'line-too-long']],
      );
      assert.equal(r.stats.records, RECORDS.length);
    } finally {
      await staged.cleanup();
      store.value.close();
    }
    assert.deepEqual(readdirSync(base), [], 'no staging folder left');
  },
);

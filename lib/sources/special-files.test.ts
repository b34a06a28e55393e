/**
 * Special files and oversized lines given to the readers: FIFOs, devices and links to them end in a
 * `not-a-regular-file` warning at once (never a hang, never an endless read), and a JSON-lines file
 * whose line or whole is too large ends in a warning naming the file, with the records around kept.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createGzip, gzipSync } from 'node:zlib';
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { readFileText, readJsonLines } from './cloudtrail';
import { forEachLine } from './lines';
import { loadFromPaths } from './load';
import { streamCloudTrail } from './stream';

const SAMPLES = join(import.meta.dirname, 'fixtures/samples');
const TRAIL = JSON.parse(
  readFileSync(join(SAMPLES, 'cloudtrail/awsdocs_iam-user-guide_sts-examples.json'), 'utf8'),
) as { Records: unknown[] };
/** The AWS IAM User Guide's records as JSON lines. */
const LINES = TRAIL.Records.map((r) => JSON.stringify(r));

function folder(): string {
  return mkdtempSync(join(tmpdir(), 'rolechain-special-'));
}

function fifo(path: string): string {
  execFileSync('mkfifo', [path]);
  return path;
}

test(
  'given a symlink to a FIFO inside an imported folder, when loaded, then it is one warning and the rest loads, without hanging',
  { timeout: 10_000 },
  async () => {
    const dir = folder();
    const pipe = fifo(join(dir, 'pipe'));
    symlinkSync(pipe, join(dir, 'events.json'));
    writeFileSync(join(dir, 'good.jsonl'), LINES.join('\n'));
    const whole = await loadFromPaths([dir]);
    // The link and the FIFO it names, each once.
    assert.deepEqual(
      whole.warnings.filter((x) => x.code === 'not-a-regular-file').map((x) => x.source),
      ['events.json', 'pipe'],
    );
    assert.match(
      whole.warnings[0]!.message,
      /^events\.json: links to a FIFO \(named pipe\), not a regular file/,
    );
    const direct = await loadFromPaths([join(dir, 'events.json')]);
    assert.deepEqual(
      direct.warnings.map((x) => x.code),
      ['not-a-regular-file'],
    );
    assert.equal(whole.stats.files, 1);
    assert.ok(whole.events.length >= 4, `${whole.events.length} events from good.jsonl`);
  },
);

test(
  'given /dev/zero and /dev/null, when loaded, then each is refused as a device at once',
  { timeout: 10_000 },
  async () => {
    for (const dev of ['/dev/zero', '/dev/null']) {
      if (!existsSync(dev)) continue;
      const r = await loadFromPaths([dev]);
      assert.equal(r.stats.files, 0, dev);
      assert.deepEqual(
        r.warnings.map((w) => w.code),
        ['not-a-regular-file'],
        dev,
      );
      assert.match(r.warnings[0]!.message, /character device/);
    }
  },
);

test(
  'given a path that became a FIFO after the folder was listed, when read, then the opened descriptor is refused (no hang)',
  { timeout: 10_000 },
  async () => {
    const dir = folder();
    const pipe = fifo(join(dir, 'trail.json'));
    const text = await readFileText(pipe);
    assert.deepEqual(text.ok ? 'read' : text.code, 'not-a-regular-file');
    const lines = await readJsonLines(pipe);
    assert.equal(lines.error?.code, 'not-a-regular-file');
    const link = join(dir, 'zero.jsonl');
    symlinkSync('/dev/zero', link);
    assert.equal((await readJsonLines(link)).error?.code, 'not-a-regular-file');
  },
);

/** A gzipped JSON-lines file: good lines, then one line of `size` bytes (streamed, never held), then good lines. */
async function gzWithLongLine(path: string, size: number): Promise<void> {
  const block = Buffer.alloc(1024 * 1024, 'a');
  async function* body(): AsyncGenerator<Buffer> {
    yield Buffer.from(LINES.slice(0, 3).join('\n') + '\n{"eventVersion":"1.08","pad":"');
    for (let left = size; left > 0; left -= block.length)
      yield block.subarray(0, Math.min(left, block.length));
    yield Buffer.from('"}\n' + LINES.slice(3).join('\n') + '\n');
  }
  await pipeline(Readable.from(body()), createGzip({ level: 1 }), createWriteStream(path));
}

test(
  'given a gzipped JSON-lines file with one 100 MiB line among records, when loaded and streamed, then the line is skipped with a warning and the records around it are kept, in bounded memory',
  { timeout: 60_000 },
  async () => {
    const dir = folder();
    await gzWithLongLine(join(dir, 'export.jsonl.gz'), 100 * 1024 * 1024);
    const before = process.memoryUsage().rss;
    const r = await loadFromPaths([dir]);
    const grew = process.memoryUsage().rss - before;
    const w = r.warnings.filter((x) => x.code === 'line-too-long');
    assert.equal(w.length, 1, JSON.stringify(r.warnings));
    assert.match(w[0]!.message, /^export\.jsonl\.gz: 1 line\(s\) over 16 MiB skipped \(first: line 4\)/);
    assert.equal(r.stats.records, LINES.length);
    // Less than the line itself: it was never assembled.
    assert.ok(grew < 100 * 1024 * 1024, `RSS grew ${Math.round(grew / 1024 / 1024)} MiB`);
    const batches = [];
    for await (const b of streamCloudTrail([dir])) batches.push(b);
    assert.equal(
      batches.reduce((n, b) => n + b.records, 0),
      LINES.length,
    );
    assert.ok(batches.some((b) => b.warnings.some((x) => x.code === 'line-too-long')));
  },
);

test('given a file over the streamed limit once gunzipped, when read, then reading stops there with a warning and the lines before it are kept', async () => {
  const dir = folder();
  const path = join(dir, 'bomb.jsonl.gz');
  writeFileSync(path, gzipSync(Buffer.from((LINES.join('\n') + '\n').repeat(50))));
  const seen: string[] = [];
  const r = await forEachLine(path, (l) => seen.push(l), { maxLine: 1 << 20, maxTotal: 64 * 1024 });
  assert.equal(r.error?.code, 'file-too-large');
  assert.match(r.error.message, /once gunzipped, the most read from one file; lines before it were kept/);
  assert.ok(seen.length > 0 && seen.length < LINES.length * 50, `${seen.length} lines`);
  for (const l of seen.slice(0, -1)) assert.doesNotThrow(() => JSON.parse(l));
});

test('given CRLF, a last line without a newline and blank lines, when split, then each line is whole and exact', async () => {
  const dir = folder();
  const path = join(dir, 'x.jsonl');
  writeFileSync(path, 'a\r\n\r\nbé\nlast');
  const seen: string[] = [];
  const r = await forEachLine(path, (l) => seen.push(l));
  assert.deepEqual(seen, ['a', '', 'bé', 'last']);
  assert.equal(r.lines, 4);
  assert.equal(r.error, undefined);
});

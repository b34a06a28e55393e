/**
 * A fuzz run over the file readers (`loadFromPaths`: walk, regular-file checks, gunzip, JSON and
 * JSON lines, CloudTrail and authorization details, policy decoding) seeded with real AWS output:
 * the AWS IAM User Guide's CloudTrail records, trailscraper's test trail and cloudsplaining's
 * authorization details (attribution in lib/sources/fixtures/README.md). Each case is one of them
 * truncated, corrupted, padded with binary, nested absurdly deep, grown huge, gzipped or cut, or a
 * special file. Every case must end in warnings naming the file or a correct answer, never an
 * exception or a hang, and never silently: a file read without a warning must really be valid. Peak
 * memory (maxRSS) is measured over the run and bounded.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { test } from 'node:test';
import { createGzip, gunzipSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { loadFromPaths } from '../../lib/sources/load';

const SAMPLES = join(import.meta.dirname, '../../lib/sources/fixtures/samples');
const SEEDS = [
  'cloudtrail/awsdocs_iam-user-guide_sts-examples.json',
  'cloudtrail/trailscraper_test-data.json',
  'authz/cloudsplaining_test_example-authz-details.json',
  'authz/cloudsplaining_test_example_authz_details_for_overrides_complete.json',
].map((f) => readFileSync(join(SAMPLES, f)));

const mib = (bytes: number): number => Math.round(bytes / 1024 / 1024);
/** Peak resident memory of this process so far, in bytes. */
const maxRss = (): number => process.resourceUsage().maxRSS * 1024;

/** True when `bytes` (gunzipped if gzip) is JSON, or JSON lines: what a reader may read without a word. */
function isValidJsonish(bytes: Buffer): boolean {
  let body = bytes;
  if (body[0] === 0x1f && body[1] === 0x8b) {
    try {
      body = gunzipSync(body);
    } catch {
      return false;
    }
  }
  const text = body.toString('utf8').replace(/^\uFEFF/, '');
  try {
    JSON.parse(text);
    return true;
  } catch {
    return text.split(/\r?\n/).every((l) => {
      if (l.trim() === '') return true;
      try {
        JSON.parse(l);
        return true;
      } catch {
        return false;
      }
    });
  }
}

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({
    kind: fc.constant('flip' as const),
    at: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 8 }),
    byte: fc.integer({ min: 0, max: 255 }),
  }),
  fc.record({
    kind: fc.constant('binary' as const),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 4096 }),
  }),
  fc.record({ kind: fc.constant('deep' as const), depth: fc.integer({ min: 10, max: 200_000 }) }),
  fc.record({ kind: fc.constant('lines' as const), cut: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('none' as const) }),
);

const wrapping = fc.constantFrom('json', 'json.gz', 'jsonl', 'jsonl.gz', 'cut.gz', 'bin');

function mutate(seed: Buffer, m: Mutation): Buffer {
  switch (m.kind) {
    case 'truncate':
      return seed.subarray(0, Math.floor(seed.length * m.at));
    case 'flip': {
      const out = Buffer.from(seed);
      for (const a of m.at) out[Math.min(out.length - 1, Math.floor(out.length * a))] = m.byte;
      return out;
    }
    case 'binary':
      return Buffer.concat([
        seed.subarray(0, seed.length >> 1),
        Buffer.from(m.bytes),
        seed.subarray(seed.length >> 1),
      ]);
    case 'deep': {
      // An absurdly nested value where the first policy document or request parameters were.
      const deep = '['.repeat(m.depth) + ']'.repeat(m.depth);
      const text = seed.toString('utf8');
      const i = text.search(/"(AssumeRolePolicyDocument|requestParameters|Document)"\s*:/);
      if (i < 0) return Buffer.from(deep);
      const colon = text.indexOf(':', i);
      return Buffer.from(`${text.slice(0, colon + 1)}${deep},"x":${text.slice(colon + 1)}`);
    }
    case 'lines': {
      // The records as JSON lines, cut anywhere (possibly inside a line).
      const json = JSON.parse(seed.toString('utf8')) as { Records?: unknown[] };
      const lines = (json.Records ?? [json]).map((r) => JSON.stringify(r)).join('\n');
      return Buffer.from(lines.slice(0, Math.max(1, Math.floor(lines.length * m.cut))));
    }
    case 'none':
      return seed;
  }
}

type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; at: number[]; byte: number }
  | { kind: 'binary'; bytes: Uint8Array }
  | { kind: 'deep'; depth: number }
  | { kind: 'lines'; cut: number }
  | { kind: 'none' };

function wrap(bytes: Buffer, how: string): { name: string; bytes: Buffer } {
  switch (how) {
    case 'json.gz':
      return { name: 'case.json.gz', bytes: gzipSync(bytes) };
    case 'jsonl':
      return { name: 'case.jsonl', bytes };
    case 'jsonl.gz':
      return { name: 'case.jsonl.gz', bytes: gzipSync(bytes) };
    case 'cut.gz': {
      const gz = gzipSync(bytes);
      return { name: 'case.json.gz', bytes: gz.subarray(0, Math.max(2, gz.length - 9)) };
    }
    case 'bin':
      return { name: 'case', bytes };
    default:
      return { name: 'case.json', bytes };
  }
}

test(
  'given real AWS files truncated, corrupted, deep, binary, gzipped or cut, when loaded, then every case ends in a warning naming the file or a correct answer',
  { timeout: 240_000 },
  async (t) => {
    const before = maxRss();
    let cases = 0;
    let warned = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: SEEDS.length - 1 }),
        mutation,
        wrapping,
        async (seedIndex, m, how) => {
          const dir = mkdtempSync(join(tmpdir(), 'rolechain-fuzz-'));
          try {
            const file = wrap(mutate(SEEDS[seedIndex]!, m), how);
            writeFileSync(join(dir, file.name), file.bytes);
            const r = await loadFromPaths([dir]);
            cases++;
            for (const w of r.warnings)
              assert.ok(w.source.startsWith(file.name), `warning names ${w.source}`);
            if (r.warnings.length > 0) warned++;
            else
              assert.ok(
                isValidJsonish(file.bytes),
                `${file.name} (${(m as Mutation).kind}) is not valid, yet loaded without a warning`,
              );
            if ((m as Mutation).kind === 'none' && ['json', 'json.gz', 'bin'].includes(how)) {
              // Unchanged real files load fully, whatever their name: the seed's own records, or its roles.
              assert.equal(r.warnings.length, 0, JSON.stringify(r.warnings));
              const json = JSON.parse(SEEDS[seedIndex]!.toString('utf8')) as {
                Records?: unknown[];
                RoleDetailList?: unknown[];
              };
              if (json.Records) assert.equal(r.stats.records, json.Records.length);
              if (json.RoleDetailList) assert.equal(r.snapshot.roles.length, json.RoleDetailList.length);
            }
          } finally {
            rmSync(dir, { recursive: true, force: true });
          }
        },
      ),
      { numRuns: 200, seed: 20261206 },
    );
    const grew = maxRss() - before;
    t.diagnostic(
      `${cases} cases, ${warned} with warnings; peak RSS grew ${mib(grew)} MiB (to ${mib(maxRss())} MiB)`,
    );
    assert.ok(grew < 512 * 1024 * 1024, `peak RSS grew ${mib(grew)} MiB`);
  },
);

test(
  'given the huge and the special (a 700 MiB gzipped line, a gzip bomb named .json.gz, a FIFO link, /dev/zero), when loaded, then each is a warning, in bounded memory',
  { timeout: 240_000 },
  async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'rolechain-fuzz-huge-'));
    const records = (JSON.parse(SEEDS[0]!.toString('utf8')) as { Records: unknown[] }).Records.map((r) =>
      JSON.stringify(r),
    );
    // The case: one 700 MiB line, about 700 KB gzipped, between real records.
    const block = Buffer.alloc(1024 * 1024, 'a');
    async function* body(): AsyncGenerator<Buffer> {
      yield Buffer.from(records.slice(0, 3).join('\n') + '\n{"eventVersion":"1.08","pad":"');
      for (let i = 0; i < 700; i++) yield block;
      yield Buffer.from('"}\n' + records.slice(3).join('\n') + '\n');
    }
    await pipeline(
      Readable.from(body()),
      createGzip({ level: 9 }),
      createWriteStream(join(dir, 'line.jsonl.gz')),
    );
    // 300 MiB of zeros, under 1 MiB on disk, read as one document.
    async function* zeros(): AsyncGenerator<Buffer> {
      for (let i = 0; i < 300; i++) yield block;
    }
    await pipeline(
      Readable.from(zeros()),
      createGzip({ level: 9 }),
      createWriteStream(join(dir, 'bomb.json.gz')),
    );
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    symlinkSync(join(dir, 'fifo'), join(dir, 'events.json'));
    symlinkSync('/dev/zero', join(dir, 'zero.json'));

    const before = maxRss();
    const started = Date.now();
    const r = await loadFromPaths([dir]);
    const ms = Date.now() - started;
    const grew = maxRss() - before;
    const codes = Object.fromEntries(r.warnings.map((w) => [w.source, w.code]));
    assert.deepEqual(codes, {
      'bomb.json.gz': 'file-too-large',
      'events.json': 'not-a-regular-file',
      fifo: 'not-a-regular-file',
      'line.jsonl.gz': 'line-too-long',
      // /dev/zero is outside the folder: not followed at all.
      'zero.json': 'symlink-outside-root',
    });
    assert.equal(r.stats.records, records.length);
    t.diagnostic(
      `700 MiB line + 300 MiB bomb + special files: ${ms} ms; peak RSS grew ${mib(grew)} MiB (to ${mib(maxRss())} MiB)`,
    );
    assert.ok(grew < 400 * 1024 * 1024, `peak RSS grew ${mib(grew)} MiB`);
    rmSync(dir, { recursive: true, force: true });
  },
);

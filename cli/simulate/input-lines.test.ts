/**
 * The simulate input, read piece by piece (fileLines, streamLines), gives the lines that decoding it
 * whole and splitting at line feeds gives: across piece boundaries, in multi-byte characters cut by a
 * stream's chunks, in malformed UTF-8, with CRLF line ends and with lines longer than a piece.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { fileLines, streamLines } from './input-lines';

const DIR = mkdtempSync(join(tmpdir(), 'rolechain-input-lines-'));
after(() => rmSync(DIR, { recursive: true, force: true }));

/** What `rolechain simulate` did before: the whole input decoded, then split. */
const whole = (bytes: Buffer): string[] => bytes.toString('utf8').split(/\r?\n/);

function fromFile(bytes: Buffer): string[] {
  const file = join(DIR, 'in.jsonl');
  writeFileSync(file, bytes);
  return [...fileLines(file)];
}

async function fromStream(bytes: Buffer, cuts: number[]): Promise<string[]> {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks = [0, ...at, bytes.length]
    .slice(1)
    .map((end, i, ends) => bytes.subarray(i === 0 ? 0 : ends[i - 1], end));
  const out: string[] = [];
  for await (const line of streamLines(Readable.from(chunks.filter((c) => c.length > 0)))) out.push(line);
  return out;
}

/** Bytes of lines with ASCII, multi-byte characters, stray carriage returns and malformed sequences. */
const part = fc.oneof(
  fc.constantFrom('\n', '\r\n', '\r', 'é', '€', '𝄞', '\u2028', '{"id":"c1"}', ' '),
  fc.string({ maxLength: 20 }),
  fc.uint8Array({ minLength: 1, maxLength: 3 }).map((b) => Buffer.from(b).toString('latin1')),
);
const input = fc
  .array(fc.tuple(part, fc.boolean()), { maxLength: 60 })
  .map((ps) =>
    Buffer.concat(ps.map(([p, raw]) => (raw ? Buffer.from(p, 'latin1') : Buffer.from(p, 'utf8')))),
  );

describe('simulate input lines', () => {
  it('given arbitrary bytes, when read from a file or a stream cut anywhere, then the lines are those of the whole input split', async () => {
    await fc.assert(
      fc.asyncProperty(input, fc.array(fc.nat(), { maxLength: 8 }), async (bytes, cuts) => {
        const expected = whole(bytes);
        assert.deepEqual(fromFile(bytes), expected);
        assert.deepEqual(await fromStream(bytes, cuts), expected);
      }),
      { numRuns: 300 },
    );
  });

  it('given lines longer than a piece and a character across every piece boundary, when read, then each line is whole', async () => {
    const long = 'é'.repeat(70_000) + 'x';
    const text = `${long}\r\n${'a'.repeat(65_535)}€\n\n${long}`;
    const bytes = Buffer.from(text, 'utf8');
    const expected = [long, `${'a'.repeat(65_535)}€`, '', long];
    assert.deepEqual(fromFile(bytes), expected);
    assert.deepEqual(await fromStream(bytes, [1, 65_536, 65_537, 140_001]), expected);
  });

  it('given an empty input and one ending in a line feed, when read, then they give what split gives', async () => {
    for (const t of ['', '\n', 'a\n', 'a\r\n\r\n'])
      assert.deepEqual(fromFile(Buffer.from(t)), whole(Buffer.from(t)), JSON.stringify(t));
    assert.deepEqual(await fromStream(Buffer.from(''), []), ['']);
  });
});

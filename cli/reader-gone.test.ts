import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

const BIN = join(import.meta.dirname, '..', 'bin', 'rolechain.mjs');
const dir = mkdtempSync(join(tmpdir(), 'rolechain-reader-gone-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Runs `rolechain …` with a reader that leaves: after the first chunk of standard output, as
 * `rolechain … | head -1` does, or before any (`rolechain … | true`), which makes the command's
 * first write fail whatever its size. Resolves with the exit code, the first chunk and stderr.
 */
function readerLeaves(
  args: string[],
  when: 'after-first-chunk' | 'at-once',
): Promise<{ code: number | null; first: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let first = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  if (when === 'at-once') child.stdout.destroy();
  else
    child.stdout.once('data', (b: Buffer) => {
      first = b.toString();
      child.stdout.destroy();
    });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, first, stderr })));
}

/** A case line whose result is a few hundred bytes. */
const caseLine = (i: number): string =>
  JSON.stringify({
    id: `c${i}`,
    request: {
      principal: 'arn:aws:iam::111111111111:role/trino',
      action: 'sts:AssumeRole',
      resource: 'arn:aws:iam::222222222222:role/lake-reader',
    },
    resourcePolicy: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::111111111111:root' },
          Action: 'sts:AssumeRole',
        },
      ],
    },
  });

describe('a reader that leaves (`rolechain … | head -1`)', () => {
  it('simulate stops quietly, with exit 0 and no stack trace', async () => {
    // Given far more output than a pipe buffers (each result line is a few hundred bytes)
    const file = join(dir, 'cases.jsonl');
    writeFileSync(file, Array.from({ length: 5000 }, (_, i) => caseLine(i)).join('\n') + '\n');
    // When the reader closes the pipe after the first chunk
    const r = await readerLeaves(['simulate', file], 'after-first-chunk');
    // Then the command ends as Unix tools do: quietly
    assert.match(r.first, /^\{"id":"c0","decision":"/);
    assert.equal(r.stderr, '');
    assert.equal(r.code, 0);
  });

  it('simulate reading stdin still reads it to the end, so the command writing into it is not cut off (pipefail)', async () => {
    // Given far more input than a pipe buffers, written into simulate's stdin
    const text = Array.from({ length: 5000 }, (_, i) => caseLine(i)).join('\n') + '\n';
    const child = spawn(process.execPath, [BIN, 'simulate'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let writerError: string | undefined;
    child.stdin.on('error', (e: NodeJS.ErrnoException) => (writerError = e.code));
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    // When the reader of its output leaves after the first chunk
    child.stdout.once('data', () => child.stdout.destroy());
    child.stdin.end(text);
    const code = await new Promise((resolve) => child.on('close', resolve));
    // Then the writer saw no broken pipe, and simulate ended quietly with 0
    assert.equal(writerError, undefined);
    assert.equal(stderr, '');
    assert.equal(code, 0);
  });

  it('analyze keeps its --fail-on exit status, so a pipeline under pipefail still fails', async () => {
    // Given the demo, which has findings at severity info or above
    // When the reader has left before the report is written
    const failing = await readerLeaves(['analyze', '--fail-on', 'info'], 'at-once');
    // Then no stack trace, and the status is the findings' (1), not a success
    assert.equal(failing.stderr, '');
    assert.equal(failing.code, 1);
    // And without --fail-on the status is 0, as when the report is read
    const plain = await readerLeaves(['analyze'], 'at-once');
    assert.equal(plain.stderr, '');
    assert.equal(plain.code, 0);
  });
});

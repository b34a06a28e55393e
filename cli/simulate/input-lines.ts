/**
 * The lines of `rolechain simulate`'s input, read a piece at a time into one reused buffer and
 * decoded line by line. Why not read the whole input and split it: on 4,000 lines
 * (4.5 MB) the whole-file buffer, its decoded copy and the array of lines were the largest cost of
 * the run after the engine: every fresh megabyte a process touches costs it page faults (about
 * 3 ms of CPU a megabyte on the machines measured), and the lines array kept everything alive
 * through each young-generation collection. Here the buffer is touched once and the pieces die young.
 *
 * Same lines as `text.split(/\r?\n/)` on the whole input decoded as UTF-8: a line feed byte never
 * sits inside a multi-byte UTF-8 sequence, so decoding line by line gives the same characters (a
 * malformed sequence is replaced the same way); one carriage return before each line feed is dropped.
 * As with split, input ending in a line feed ends with an empty line.
 */
import { closeSync, openSync, readSync } from 'node:fs';

/** Bytes read at a time; a longer line grows the buffer to hold it. */
const PIECE = 1 << 16;

/**
 * The lines of `buf` from `from` to `to` (a line feed ends each but, when `last`, the final one),
 * each decoded alone: cheaper than a view of each (a Buffer view costs microseconds to make).
 */
function* splitBytes(buf: Buffer, from: number, to: number, last: boolean): Generator<string> {
  for (;;) {
    const nl = buf.indexOf(10, from);
    if (nl < 0 || nl >= to) break;
    const end = nl > from && buf[nl - 1] === 13 ? nl - 1 : nl;
    yield buf.toString('utf8', from, end);
    from = nl + 1;
  }
  if (last) yield buf.toString('utf8', from, to);
}

/** The reused buffer, and the bytes after the last line feed carried over to the next read. */
class Pieces {
  buf = Buffer.allocUnsafe(PIECE);
  /** Bytes held from the buffer's start. */
  have = 0;
  /** Bytes at the start of the buffer that are whole lines, yielded by `lines` and dropped by `next`. */
  private whole = 0;

  /** Where the next bytes go: drops the lines already yielded, and grows the buffer for a long line. */
  space(): number {
    if (this.whole > 0) {
      this.buf.copy(this.buf, 0, this.whole, this.have);
      this.have -= this.whole;
      this.whole = 0;
    }
    if (this.buf.length - this.have < PIECE / 2) {
      const bigger = Buffer.allocUnsafe(this.buf.length * 2);
      this.buf.copy(bigger, 0, 0, this.have);
      this.buf = bigger;
    }
    return this.have;
  }

  /** Takes `n` more bytes (written at `space()`); the lines they end, if any. */
  took(n: number): Generator<string> | undefined {
    const end = this.have + n;
    this.have = end;
    const nl = this.buf.lastIndexOf(10, end - 1);
    if (nl < 0) return undefined;
    this.whole = nl + 1;
    return splitBytes(this.buf, 0, nl + 1, false);
  }

  /** The last line of the input (after its last line feed, possibly empty). */
  rest(): Generator<string> {
    return splitBytes(this.buf, this.whole, this.have, true);
  }
}

/** The lines of a file, read synchronously (the command reads nothing else meanwhile). */
export function* fileLines(path: string): Generator<string> {
  const fd = openSync(path, 'r');
  try {
    const pieces = new Pieces();
    for (;;) {
      const at = pieces.space();
      const n = readSync(fd, pieces.buf, at, pieces.buf.length - at, null);
      if (n === 0) break;
      const lines = pieces.took(n);
      if (lines) yield* lines;
    }
    yield* pieces.rest();
  } finally {
    closeSync(fd);
  }
}

/** The lines of a stream (standard input), as it delivers them. */
export async function* streamLines(stream: NodeJS.ReadableStream): AsyncGenerator<string> {
  const pieces = new Pieces();
  for await (const data of stream) {
    const chunk = typeof data === 'string' ? Buffer.from(data) : data;
    for (let taken = 0; taken < chunk.length;) {
      const at = pieces.space();
      const n = chunk.copy(pieces.buf, at, taken);
      taken += n;
      const lines = pieces.took(n);
      if (lines) yield* lines;
    }
  }
  yield* pieces.rest();
}

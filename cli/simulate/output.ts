/**
 * `Output`: the bytes `rolechain simulate` writes, gathered in a buffer and written about 64 KiB at a
 * time. Why bytes: a line answered from the memo (./line-memo.ts) is its id and the bytes kept from
 * the first answer, already screened for the terminal and encoded; joined as strings, every chunk was
 * flattened, scanned by `screen` and encoded to UTF-8 again on each write, which cost more than the
 * lookup. Everything given here must already have passed `screen` (cli/terminal.ts).
 */
import type { Io } from '../io';

/** The buffer's size; `run` writes it out once it holds more than half of this. */
export const OUTPUT_PIECE = 1 << 16;

export class Output {
  private buf = Buffer.allocUnsafe(OUTPUT_PIECE);
  /** Bytes gathered. */
  size = 0;

  constructor(private readonly io: Io) {}

  /** Text that has passed `screen`. */
  text(s: string): void {
    // A UTF-16 unit is at most 3 bytes in UTF-8.
    if (s.length * 3 > OUTPUT_PIECE - this.size) {
      this.flush();
      if (s.length * 3 > OUTPUT_PIECE) return void this.write(Buffer.from(s, 'utf8'));
    }
    this.size += this.buf.write(s, this.size, 'utf8');
  }

  /** Bytes of text that has passed `screen`. */
  bytes(b: Uint8Array): void {
    if (b.length > OUTPUT_PIECE - this.size) {
      this.flush();
      if (b.length > OUTPUT_PIECE) return void this.write(b);
    }
    this.buf.set(b, this.size);
    this.size += b.length;
  }

  /** A line feed. */
  newline(): void {
    if (this.size === OUTPUT_PIECE) this.flush();
    this.buf[this.size++] = 10;
  }

  /** Writes what is gathered. */
  flush(): void {
    if (this.size === 0) return;
    const out = this.buf.subarray(0, this.size);
    this.size = 0;
    // The same buffer again when the stream has written it out (a file, a pipe with room): a new
    // buffer each time made the process touch fresh memory for every piece, and fresh memory costs
    // page faults, which were a tenth of the run. A stream that still holds the bytes keeps them.
    if (!this.write(out)) this.buf = Buffer.allocUnsafe(OUTPUT_PIECE);
  }

  /** Writes `b`; true when its memory may be reused. */
  private write(b: Uint8Array): boolean {
    if (this.io.outBytes) return this.io.outBytes(b);
    // Screened already: screening again changes nothing (its escapes are plain ASCII).
    this.io.out(Buffer.from(b.buffer, b.byteOffset, b.length).toString('utf8'));
    return true;
  }
}

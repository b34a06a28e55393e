import { Readable } from 'node:stream';
import { screen } from './terminal';

/** What a command may touch of the process, injected so commands are testable. */
export interface Io {
  out(text: string): void;
  /**
   * Bytes of UTF-8 text that has already passed `screen` (cli/terminal.ts), for a command that writes
   * bytes it keeps (`simulate`). Absent: the command decodes them and calls `out`. Returns whether the
   * bytes are written out already, so the caller may reuse their memory (false: the stream still
   * holds them, as a pipe does whose reader is slow).
   */
  outBytes?(bytes: Uint8Array): boolean;
  err(text: string): void;
  /** Standard input as text (read whole); commands that stream take `stdin` instead. */
  stdin: NodeJS.ReadableStream;
  cwd: string;
  env: Record<string, string | undefined>;
  /**
   * True once nobody reads standard output any more (`rolechain … | head -1`): a command that
   * streams its output stops there. Absent: the reader never leaves (tests).
   */
  readerGone?(): boolean;
}

let readerGone = false;

/**
 * Makes the process behave as Unix tools do when the reader of its output leaves (EPIPE, e.g.
 * `rolechain simulate … | head -1`): no stack trace, nothing more written, and the command still
 * ends with its own exit status, so `--fail-on` keeps its meaning in a pipeline (`set -o pipefail`).
 * An EPIPE on standard error (`2>&1 | head`) is dropped as well. Any other write error still
 * surfaces. Called once by the process entry (cli/bin.ts).
 */
export function quietWhenReaderLeaves(
  stdout: NodeJS.EventEmitter = process.stdout,
  stderr: NodeJS.EventEmitter = process.stderr,
): void {
  const onError = (e: NodeJS.ErrnoException): void => {
    if (e.code !== 'EPIPE') throw e;
    readerGone = true;
  };
  stdout.on('error', onError);
  stderr.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
  });
}

/** The real process: everything written passes through `screen`, so no data reaches the terminal as an escape sequence. */
export const processIo: Io = {
  out: (t) => {
    if (!readerGone) process.stdout.write(screen(t));
  },
  outBytes: (b) => {
    if (readerGone) return true;
    process.stdout.write(b);
    return process.stdout.writableLength === 0;
  },
  err: (t) => void process.stderr.write(screen(t)),
  stdin: process.stdin,
  cwd: process.cwd(),
  env: process.env,
  readerGone: () => readerGone,
};

/** An Io that records output, for tests: screened as the process's output is. */
export function memoryIo(stdinText = ''): Io & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    out(t: string) {
      io.stdout += screen(t);
    },
    err(t: string) {
      io.stderr += screen(t);
    },
    stdin: Readable.from([stdinText]),
    cwd: process.cwd(),
    env: {},
  };
  return io;
}

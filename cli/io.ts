import { Readable } from 'node:stream';
import { screen } from './terminal';

/** What a command may touch of the process, injected so commands are testable. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Standard input as text (read whole); commands that stream take `stdin` instead. */
  stdin: NodeJS.ReadableStream;
  cwd: string;
  env: Record<string, string | undefined>;
}

/** The real process: everything written passes through `screen`, so no data reaches the terminal as an escape sequence. */
export const processIo: Io = {
  out: (t) => void process.stdout.write(screen(t)),
  err: (t) => void process.stderr.write(screen(t)),
  stdin: process.stdin,
  cwd: process.cwd(),
  env: process.env,
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

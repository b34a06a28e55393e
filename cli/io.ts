import { Readable } from 'node:stream';

/** What a command may touch of the process, injected so commands are testable. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Standard input as text (read whole); commands that stream take `stdin` instead. */
  stdin: NodeJS.ReadableStream;
  cwd: string;
  env: Record<string, string | undefined>;
}

export const processIo: Io = {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
  stdin: process.stdin,
  cwd: process.cwd(),
  env: process.env,
};

/** An Io that records output, for tests. */
export function memoryIo(stdinText = ''): Io & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    out(t: string) {
      io.stdout += t;
    },
    err(t: string) {
      io.stderr += t;
    },
    stdin: Readable.from([stdinText]),
    cwd: process.cwd(),
    env: {},
  };
  return io;
}

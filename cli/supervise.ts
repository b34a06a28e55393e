/**
 * Runs a long-lived child process (the Next server of `rolechain serve`) that never outlives the
 * command: it is stopped when the command is interrupted (SIGINT, SIGTERM, SIGHUP), when its reader
 * goes away (`rolechain serve | head -1`: EPIPE on standard output), when the command exits for any
 * other reason, and, through `parent-watch.cjs`, when the command is killed outright.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Io } from './io';

const WATCH = join(import.meta.dirname, 'parent-watch.cjs');
/** How long the child has to stop after SIGTERM before it is killed. */
const GRACE_MS = 5000;

export interface Supervised {
  child: ChildProcess;
  /** Resolves with the exit code the command should return. */
  done: Promise<number>;
}

/**
 * Starts `node [args]` with the parent watcher preloaded; its output goes through `io`. `stdout` is
 * the stream `io.out` writes to, watched for EPIPE.
 */
export function supervise(
  args: readonly string[],
  opts: { cwd: string; env: Record<string, string | undefined> },
  io: Io,
  stdout: NodeJS.EventEmitter = process.stdout,
): Supervised {
  const child = spawn(process.execPath, ['--require', WATCH, ...args], {
    cwd: opts.cwd,
    env: opts.env as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let readerGone = false;
  let killTimer: NodeJS.Timeout | undefined;
  const stop = (): void => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    killTimer ??= setTimeout(() => child.kill('SIGKILL'), GRACE_MS);
    killTimer.unref();
  };
  // Whatever ends this process, the child goes first ('exit' handlers run synchronously).
  const onExit = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  const onOutError = (e: NodeJS.ErrnoException): void => {
    // The reader left (`| head -1`): nobody will see more output, so the server has no audience.
    if (e.code === 'EPIPE') readerGone = true;
    stop();
  };
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  for (const s of signals) process.on(s, stop);
  process.on('exit', onExit);
  stdout.on('error', onOutError);
  child.stdout.on('data', (b: Buffer) => {
    if (!readerGone) io.out(b.toString());
  });
  child.stderr.on('data', (b: Buffer) => io.err(b.toString()));

  const done = new Promise<number>((resolve) => {
    const cleanup = (): void => {
      for (const s of signals) process.off(s, stop);
      process.off('exit', onExit);
      stdout.off('error', onOutError);
      if (killTimer) clearTimeout(killTimer);
    };
    child.on('error', (e) => {
      cleanup();
      io.err(`rolechain: cannot start ${args[0] ?? 'the server'}: ${e.message}\n`);
      resolve(1);
    });
    child.on('exit', (code, signal) => {
      cleanup();
      resolve(readerGone ? 0 : (code ?? (signal ? 1 : 0)));
    });
  });
  return { child, done };
}

/**
 * `rolechain analyze` of a large estate runs in a child process of its own that has the analysis's
 * young generation (lib/app/analysis-heap.ts): V8 sizes it when the heap is made, so a running process
 * cannot take it, and `rolechain` is started by a `#!/usr/bin/env node` line that passes no flags.
 * The child is the same command (bin/rolechain.mjs) with the same arguments, working folder and
 * environment, writing straight to this process's standard output and error, so what it prints is what
 * the command prints; this process waits and returns its exit status. A small estate never pays for
 * the second start (about 0.1 s).
 *
 * Why not a worker thread with `resourceLimits`, as the dashboard has: a worker's standard output
 * reaches the file only through the main thread, buffered without bound, and at 200,000 roles the
 * output is hundreds of MB written while the analysis's heap is full.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  ANALYSIS_PROCESS_ENV,
  analysisNodeFlags,
  analysisProcessEnv,
  youngGenerationGiven,
} from '../lib/app/analysis-heap';
import type { Io } from './io';
import { processIo } from './io';
import { packageRoot } from './package-root';

/** Set in the child's environment: it is the analysis process, and analyses where it is. */
export { ANALYSIS_PROCESS_ENV };

/** The exit status when the child could not be started at all. */
export const EXIT_NOT_STARTED = 3;

const WATCH = join(import.meta.dirname, 'parent-watch.cjs');

/**
 * Bytes of the regular files under `paths` (files and folders, symbolic links not followed), counted
 * until `enough` is reached: a large CloudTrail archive is not walked to its end to learn it is large.
 */
export function inputBytes(paths: readonly string[], enough: number): number {
  let total = 0;
  const stack = [...paths];
  while (stack.length > 0 && total < enough) {
    const p = stack.pop()!;
    const st = lstatSync(p, { throwIfNoEntry: false });
    if (st?.isFile()) total += st.size;
    else if (st?.isDirectory()) {
      let names: string[];
      try {
        names = readdirSync(p);
      } catch {
        continue; // unreadable: the readers say so, not this estimate
      }
      for (const n of names) stack.push(join(p, n));
    }
  }
  return total;
}

/**
 * Whether this process should hand the analysis to a child with the larger young generation: not when
 * it is that child, and not when the user sized the young generation (their flag is kept).
 */
export function mayReRun(env: Record<string, string | undefined>, execArgv: readonly string[]): boolean {
  return env[ANALYSIS_PROCESS_ENV] !== '1' && !youngGenerationGiven(execArgv, env.NODE_OPTIONS);
}

const signalNumber = (s: NodeJS.Signals): number =>
  (constants.signals as Record<string, number | undefined>)[s] ?? 0;

/**
 * Runs `rolechain analyze <args>` in a child with the analysis's heap settings and resolves with its
 * exit status. Flags this process was started with (`--max-old-space-size`, preloads) go with it; a heap
 * size given so is kept, and the child gets no headroom on top of it.
 * The child ends with this process: interrupted, the signal is passed on; killed outright (SIGKILL),
 * parent-watch.cjs ends the orphan, but only when its event loop turns (between the files it reads), so
 * one killed during the graph's build finishes that first: a bounded wait, never a hang. A child ended by a signal is reported as such, with the shell's status 128 + N
 * (134 for SIGABRT, what V8 ends with when the heap runs out); one that cannot start, with status 3.
 */
export function runInAnalysisProcess(
  args: readonly string[],
  io: Io,
  entry: string = join(packageRoot(), 'bin', 'rolechain.mjs'),
  execArgv: readonly string[] = process.execArgv,
): Promise<number> {
  const inherit = io === processIo;
  const flags = analysisNodeFlags(execArgv, io.env.NODE_OPTIONS);
  const env: Record<string, string | undefined> = { ...io.env, ...analysisProcessEnv(flags) };
  const child = spawn(
    process.execPath,
    [...execArgv, ...flags, '--require', WATCH, entry, 'analyze', ...args],
    {
      cwd: io.cwd,
      env: env as NodeJS.ProcessEnv,
      stdio: inherit ? ['ignore', 'inherit', 'inherit'] : ['ignore', 'pipe', 'pipe'],
    },
  );
  if (!inherit) {
    // Tests: the child's output through `io` (already screened by the child; screening is idempotent).
    child.stdout?.setEncoding('utf8').on('data', (t: string) => io.out(t));
    child.stderr?.setEncoding('utf8').on('data', (t: string) => io.err(t));
  }
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const pass = (s: NodeJS.Signals): void => void child.kill(s);
  for (const s of signals) process.on(s, pass);
  const onExit = (): void => void child.kill('SIGKILL');
  process.on('exit', onExit);
  return new Promise((resolve) => {
    let settled = false;
    const done = (code: number): void => {
      if (settled) return;
      settled = true;
      for (const s of signals) process.off(s, pass);
      process.off('exit', onExit);
      resolve(code);
    };
    child.on('error', (e) => {
      io.err(`rolechain analyze: could not start the analysis process: ${e.message}\n`);
      done(EXIT_NOT_STARTED);
    });
    // 'close', not 'exit': the piped output (tests) is read to its end first.
    child.on('close', (code, signal) => {
      if (code !== null) return done(code);
      const s = signal ?? 'SIGKILL';
      io.err(
        `rolechain analyze: the analysis process was ended by ${s}${
          s === 'SIGABRT' || s === 'SIGKILL'
            ? ' (V8 ends so when the heap runs out, the kernel when memory does: see "Performance" in the README for the largest estate a machine analyses)'
            : ''
        }\n`,
      );
      done(128 + signalNumber(s));
    });
  });
}

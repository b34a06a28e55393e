/**
 * Reading gzipped CloudTrail files on two threads. Most of what `rolechain analyze` spends on the
 * demo is reading its 265 trail files (gunzip, cut, parse the chain records, normalise). A worker
 * (trail-worker.ts) takes the files from the front of the list while the main thread reads the IAM
 * files; when the main thread reaches a trail file the worker has not finished, it reads files
 * from the back of the list meanwhile, so both cores work until the list is done. Each file is
 * claimed by exactly one thread (an atomic compare-and-swap on a shared array).
 *
 * The main thread takes the batches in file order, exactly where it would have read each file, so
 * events and warnings come out in the same order as without the pool. A file that is not a compact
 * trail file (no fast-path batch), or any file after the worker failed, is read by the main thread
 * as before (`readOne` in load.ts), so every warning and every slow path stays in one place.
 */
import { Worker } from 'node:worker_threads';
import type { CloudTrailBatch } from './cloudtrail';
import { readFileTextSync, scanTrailText } from './cloudtrail';
import { isCredentialReport } from './credential-report';

/** Fewer trail files than this are read on the main thread alone: a worker costs tens of milliseconds of CPU to start. */
export const MIN_POOL_FILES = 16;

/** The files the pool takes: gzipped JSON, as CloudTrail writes to S3 (JSON lines are streamed elsewhere). */
export const isPoolCandidate = (path: string): boolean =>
  /\.gz$/i.test(path) && !/\.(jsonl|ndjson)\.gz$/i.test(path);

/** What the worker is given. `claims[i]` is 0 while file i is free, 1 once the worker took it, 2 the main thread. */
export interface TrailWork {
  paths: readonly string[];
  claims: Int32Array;
}

/** What the worker posts for file `i` of its list: the fast-path batch, or none. */
export interface TrailMessage {
  i: number;
  batch?: CloudTrailBatch;
}

export const WORKER = 1;
const MAIN = 2;

/**
 * The batch `readOne` (load.ts) makes of a compact trail file on its fast path, or undefined for
 * anything else: an unreadable file, another layout, a credential report.
 */
export function fastTrailBatch(path: string): CloudTrailBatch | undefined {
  const text = readFileTextSync(path);
  if (!text.ok) return undefined;
  const body = text.text.replace(/^\uFEFF/, '');
  return isCredentialReport(body) ? undefined : scanTrailText(body);
}

export class TrailPool {
  private readonly worker: Worker;
  private readonly claims: Int32Array;
  /** Batches read and not yet taken, by either thread (undefined: no fast-path batch). */
  private readonly done = new Map<number, CloudTrailBatch | undefined>();
  private readonly waiting = new Map<number, () => void>();
  /** Below this index the main thread has nothing left to take from the back. */
  private back: number;
  private over = false;

  /** Starts reading `paths` on the worker built from trail-worker.ts at `script`. */
  constructor(
    script: URL,
    private readonly paths: readonly string[],
  ) {
    this.claims = new Int32Array(new SharedArrayBuffer(4 * paths.length));
    this.back = paths.length;
    this.worker = new Worker(script, { workerData: { paths, claims: this.claims } satisfies TrailWork });
    this.worker.on('message', (m: TrailMessage) => {
      this.done.set(m.i, m.batch);
      this.wake(m.i);
    });
    // Whatever ends the worker (its list done, a failure to start, a crash), the files it has
    // not answered for are the main thread's again.
    const end = (): void => {
      this.over = true;
      for (const i of [...this.waiting.keys()]) this.wake(i);
    };
    this.worker.on('error', end);
    this.worker.on('exit', end);
  }

  private wake(i: number): void {
    const w = this.waiting.get(i);
    this.waiting.delete(i);
    w?.();
  }

  private claim(i: number): boolean {
    return Atomics.compareExchange(this.claims, i, 0, MAIN) === 0;
  }

  /** Reads one free file from the back of the list on this thread; false when none is left after `after`. */
  private stealOne(after: number): boolean {
    while (this.back > after + 1) {
      const j = --this.back;
      if (this.claim(j)) {
        this.done.set(j, fastTrailBatch(this.paths[j]!));
        return true;
      }
    }
    return false;
  }

  /** The batch of file `i` of the list, or undefined: the caller reads that file itself. */
  async batch(i: number): Promise<CloudTrailBatch | undefined> {
    for (;;) {
      if (this.done.has(i)) {
        const b = this.done.get(i);
        this.done.delete(i);
        return b;
      }
      // Not started by the worker: this thread reads it now.
      if (this.claim(i)) return fastTrailBatch(this.paths[i]!);
      // The worker has it, or had it and then stopped without an answer.
      if (this.over) return undefined;
      if (this.stealOne(i)) {
        // Let the worker's messages in between two files.
        await new Promise((resolve) => setImmediate(resolve));
        continue;
      }
      await new Promise<void>((resolve) => this.waiting.set(i, resolve));
    }
  }

  close(): void {
    void this.worker.terminate();
  }
}

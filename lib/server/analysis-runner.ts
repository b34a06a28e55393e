/**
 * Runs the analysis of a stored snapshot in a worker thread (`analysis-worker.ts`) and rebuilds it on
 * this thread from the slices the worker posts. Why: the analysis takes minutes at 200,000 roles, and
 * on the request thread every request — the overview, a search, a health check — waited for it.
 *
 * The worker's code is the bundle `npm run build:cli` writes to dist/cli/analysis-worker.mjs (Next does
 * not bundle worker entry points); `ROLECHAIN_ANALYSIS_WORKER` names another file (the unit tests name
 * a module that loads the TypeScript source). Where no worker file is found, `workerFile()` says so and the caller analyses
 * on this thread, as before.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Result } from '../model';
import { err, ok } from '../model';
import type { SnapshotMeta } from '../store';
import type { Analysis } from './analysis';
import { completeAnalysis } from './analysis';
import type { AnalysisCore, TransferMessage } from './analysis-transfer';
import { TransferReceiver } from './analysis-transfer';
import type { AnalysisJob } from './analysis-worker';

/**
 * Below this many roles and users the analysis takes less time than starting a worker and sending its
 * result over (a few hundred ms), so it runs on the request thread.
 */
export const WORKER_MIN_PRINCIPALS = 2000;

/** The worker's code: the env's file, or the built bundle (from a checkout, or from the package's dist/web). */
export function workerFile(env: Record<string, string | undefined> = process.env): string | undefined {
  if (env.ROLECHAIN_ANALYSIS_WORKER) return env.ROLECHAIN_ANALYSIS_WORKER;
  const cwd = process.cwd();
  const candidates = [
    join(/*turbopackIgnore: true*/ cwd, 'dist/cli/analysis-worker.mjs'),
    // `rolechain serve` runs the prebuilt server from dist/web, its working directory.
    join(/*turbopackIgnore: true*/ cwd, '../cli/analysis-worker.mjs'),
  ];
  return candidates.find((f) => existsSync(f));
}

/** Yields to the event loop, so requests waiting behind a long step are answered first. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The analysis of snapshot `meta.id` of the store file `dbPath`, made by a worker running `file`. The
 * worker also records the findings per account in the store. Resolves to an error if the worker
 * refuses the estate (too large for its heap), fails or dies.
 */
export function analyseInWorker(file: string, dbPath: string, meta: SnapshotMeta): Promise<Result<Analysis>> {
  return new Promise((resolve) => {
    const job: AnalysisJob = { dbPath, snapshotId: meta.id };
    const worker = new Worker(file, { workerData: job });
    const receiver = new TransferReceiver();
    let settled = false;
    let complete = false;
    const settle = (r: Result<Analysis>) => {
      if (settled) return;
      settled = true;
      resolve(r);
      void worker.terminate();
    };
    worker.on('message', (m: TransferMessage) => {
      if (settled) return;
      if (m.kind === 'failed') return settle(err(m.code, m.message));
      let core: AnalysisCore | undefined;
      try {
        core = receiver.accept(m);
      } catch (e) {
        return settle(err('analysis_failed', `The analysis's result could not be read: ${messageOf(e)}`));
      }
      if (!core) return;
      const done = core;
      complete = true;
      // Indexing is the one step left on this thread; requests that came in meanwhile go first.
      void turn().then(() => settle(ok(completeAnalysis(meta, done))));
    });
    worker.on('error', (e) => settle(err('analysis_failed', `The analysis failed: ${messageOf(e)}`)));
    worker.on('exit', (code) => {
      // An exit before the last slice: a crash, or heap exhaustion (which ends a worker with code 1).
      if (!settled && !complete)
        settle(err('analysis_failed', `The analysis stopped before it finished (worker exit code ${code}).`));
    });
  });
}

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

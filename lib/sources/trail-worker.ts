/**
 * The worker thread of `TrailPool` (trail-pool.ts): takes the files of its list from the front,
 * each one only if the main thread has not claimed it, and posts each one's fast-path batch
 * (`fastTrailBatch`) or none. Built as its own entry by scripts/build-cli.mjs
 * (dist/cli/trail-worker.mjs).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { TrailMessage, TrailWork } from './trail-pool';
import { WORKER, fastTrailBatch } from './trail-pool';

const { paths, claims } = workerData as TrailWork;
for (let i = 0; i < paths.length; i++) {
  if (Atomics.compareExchange(claims, i, 0, WORKER) !== 0) continue;
  const batch = fastTrailBatch(paths[i]!);
  parentPort?.postMessage((batch ? { i, batch } : { i }) satisfies TrailMessage);
}

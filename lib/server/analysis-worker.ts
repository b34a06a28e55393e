/**
 * The analysis worker: a worker thread that opens the store at `workerData.dbPath`, analyses snapshot
 * `workerData.meta.id` (graph and findings, the part that takes minutes at 200,000 roles), records its
 * findings per account in the store, then KEEPS the analysis and answers the API's questions about it
 * (`analysis-channel.ts`) until the request thread ends it. The request thread meanwhile answers what
 * the store alone answers, and its heap stays small: the analysis's gigabytes are collected here, not
 * between its requests. Bundled to dist/cli/analysis-worker.mjs by `npm run build:cli`; started by
 * `analysis-runner.ts`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { checkCapacity } from '../app/capacity';
import { recordFindingsByAccount } from '../app/overview';
import type { SnapshotMeta } from '../store';
import { Store } from '../store';
import { analyseCore, completeAnalysis } from './analysis';
import type { FromWorker, ToWorker } from './analysis-channel';
import { answerer, totalsOf } from './analysis-channel';
import { prepareAccountParts } from './account-parts';
import { prepareSearch } from './node-details';

export interface AnalysisJob {
  dbPath: string;
  meta: SnapshotMeta;
}

function run(port: NonNullable<typeof parentPort>, job: AnalysisJob): void {
  const post = (m: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);
  const opened = Store.open(job.dbPath);
  if (!opened.ok) return post({ kind: 'failed', ...opened.error });
  const store = opened.value;
  let core;
  try {
    const snapshot = store.getSnapshot(job.meta.id);
    if (!snapshot)
      return post({
        kind: 'failed',
        code: 'no_snapshot',
        message: `Snapshot ${job.meta.id} could not be read.`,
      });
    // This thread's heap is what the analysis uses: the check is made here.
    const fits = checkCapacity(snapshot);
    if (!fits.ok) return post({ kind: 'failed', ...fits.error });
    core = analyseCore(store, snapshot);
    // The overview's findings per account, kept with the snapshot (see context.ts).
    recordFindingsByAccount(store, job.meta.id, core.graph, core.findings);
  } finally {
    // What the routes ask of the store (events, the overview) the request thread reads itself.
    store.close();
  }
  const analysis = completeAnalysis(job.meta, core);
  // The search keys now, not on the first keystroke.
  prepareSearch(analysis);
  prepareAccountParts(analysis);
  const answer = answerer(analysis, post);
  port.on('message', (m: ToWorker) => answer(m));
  post({ kind: 'ready', totals: totalsOf(analysis) });
}

if (parentPort) run(parentPort, workerData as AnalysisJob);

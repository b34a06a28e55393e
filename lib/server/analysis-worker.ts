/**
 * The analysis worker: a worker thread that opens the store at `workerData.dbPath`, analyses snapshot
 * `workerData.snapshotId` (graph and findings, the part that takes minutes at 200,000 roles), records its
 * findings per account in the store, and posts the result in slices (`analysis-transfer.ts`). The
 * server's request thread meanwhile answers requests. Bundled to dist/cli/analysis-worker.mjs by
 * `npm run build:cli`; started by `analysis-runner.ts`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { checkCapacity } from '../app/capacity';
import { recordFindingsByAccount } from '../app/overview';
import { Store } from '../store';
import { analyseCore } from './analysis';
import type { TransferMessage } from './analysis-transfer';
import { transferMessages } from './analysis-transfer';

export interface AnalysisJob {
  dbPath: string;
  snapshotId: number;
}

function run(port: NonNullable<typeof parentPort>, job: AnalysisJob): void {
  const post = (m: TransferMessage) => port.postMessage(m);
  const opened = Store.open(job.dbPath);
  if (!opened.ok) return post({ kind: 'failed', ...opened.error });
  const store = opened.value;
  try {
    const snapshot = store.getSnapshot(job.snapshotId);
    if (!snapshot)
      return post({
        kind: 'failed',
        code: 'no_snapshot',
        message: `Snapshot ${job.snapshotId} could not be read.`,
      });
    // This thread's heap is what the analysis uses: the check is made here.
    const fits = checkCapacity(snapshot);
    if (!fits.ok) return post({ kind: 'failed', ...fits.error });
    const core = analyseCore(store, snapshot);
    // The overview's findings per account, kept with the snapshot (see context.ts).
    recordFindingsByAccount(store, job.snapshotId, core.graph, core.findings);
    for (const m of transferMessages(core)) post(m);
  } finally {
    store.close();
  }
}

if (parentPort) run(parentPort, workerData as AnalysisJob);

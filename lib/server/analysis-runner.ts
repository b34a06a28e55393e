/**
 * Runs the analysis of a stored snapshot in a worker thread (`analysis-worker.ts`) that keeps it and
 * answers the analysis's routes there (`analysis-channel.ts`). Why: at 200,000 roles the analysis takes
 * minutes and holds about 3 GiB; on the request thread every request waited for it, and afterwards for
 * the collections of a nearly full heap. The worker has its own heap (by default as large as the
 * request thread's: V8 sizes each isolate's limit alike, and `--max-old-space-size` in `NODE_OPTIONS`
 * raises both), so the request thread's stays small.
 *
 * The worker's code is the bundle `npm run build:cli` writes to dist/cli/analysis-worker.mjs (Next does
 * not bundle worker entry points); `ROLECHAIN_ANALYSIS_WORKER` names another file (the unit tests name
 * a module that loads the TypeScript source). Where no worker file is found, `workerFile()` says so and
 * the caller analyses on this thread.
 *
 * A large estate's worker gets the analysis's young generation (`resourceLimits`, from
 * lib/app/analysis-heap.ts, as `rolechain analyze` does); its old generation stays the process's.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ResourceLimits } from 'node:worker_threads';
import { Worker } from 'node:worker_threads';
import type { Result } from '../model';
import { err, ok } from '../model';
import type { SnapshotMeta } from '../store';
import type { AnalysisAsk } from './analysis-answers';
import type { AnalysisTotals, FromWorker, ToWorker, WireAnswer } from './analysis-channel';
import type { AnalysisJob } from './analysis-worker';
import type { ServedAnalysis, ServedAnswer } from './served-analysis';

/**
 * Below this many roles and users the analysis takes about as long as starting a worker (a few hundred
 * ms), so it runs on the request thread.
 */
export const WORKER_MIN_PRINCIPALS = 2000;

/**
 * Which thread analyses a store's snapshot of `principals` roles and users: the worker for a file store
 * from `WORKER_MIN_PRINCIPALS` up, else the request thread. `ROLECHAIN_ANALYSIS_THREAD=request` keeps
 * every analysis on the request thread; `=worker` sends every file store's to the worker, whatever its
 * size (the demo's in-memory store cannot be opened by another thread, so it stays).
 */
export function analysisThread(
  env: Record<string, string | undefined>,
  storePath: string,
  principals: number,
): 'request' | 'worker' {
  const forced = env.ROLECHAIN_ANALYSIS_THREAD;
  if (storePath === ':memory:' || forced === 'request') return 'request';
  return forced === 'worker' || principals >= WORKER_MIN_PRINCIPALS ? 'worker' : 'request';
}

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

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The request thread's side of one worker that holds an analysis. */
class WorkerAnalysis implements ServedAnalysis {
  readonly thread = 'worker';
  private nextId = 1;
  /** Who waits for the next message about each ask: its answer, then each chunk pulled. */
  private readonly waiting = new Map<number, (m: FromWorker | undefined) => void>();
  private gone: string | undefined;

  constructor(
    readonly meta: SnapshotMeta,
    readonly totals: AnalysisTotals,
    private readonly worker: Worker,
  ) {}

  /** A message from the worker after `ready`. */
  receive(m: FromWorker): void {
    if (m.kind !== 'answer' && m.kind !== 'chunk') return;
    const w = this.waiting.get(m.id);
    this.waiting.delete(m.id);
    w?.(m);
  }

  /** The worker ended: every ask still waiting, and every later one, answers with an error. */
  ended(why: string): void {
    this.gone ??= why;
    for (const w of this.waiting.values()) w(undefined);
    this.waiting.clear();
  }

  private send(m: ToWorker): Promise<FromWorker | undefined> {
    if (this.gone !== undefined) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      this.waiting.set(m.id, resolve);
      this.worker.postMessage(m);
    });
  }

  private lost(): Result<never> {
    return err(
      'analysis_failed',
      `The analysis is no longer held (${this.gone ?? 'its worker ended'}); ask again.`,
    );
  }

  async ask(ask: AnalysisAsk): Promise<Result<ServedAnswer>> {
    const id = this.nextId++;
    const m = await this.send({ kind: 'ask', id, ask });
    if (m?.kind !== 'answer') return this.lost();
    if (!m.result.ok) return m.result;
    return ok(this.served(id, m.result.value));
  }

  private served(id: number, w: WireAnswer): ServedAnswer {
    if (!('stream' in w)) return w;
    const { stream: _, ...head } = w;
    const enc = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      pull: async (controller) => {
        const m = await this.send({ kind: 'pull', id });
        if (m?.kind !== 'chunk' || m.broken)
          controller.error(new Error('the analysis worker did not finish this body'));
        else if (m.text === undefined) controller.close();
        else controller.enqueue(enc.encode(m.text));
      },
      cancel: () => {
        if (this.gone === undefined) this.worker.postMessage({ kind: 'cancel', id } satisfies ToWorker);
      },
    });
    return { ...head, stream };
  }

  close(): void {
    this.ended('it was replaced');
    void this.worker.terminate();
  }
}

/**
 * Starts a worker running `file` that analyses snapshot `meta.id` of the store file `dbPath` (and
 * records its findings per account in the store), and resolves once it holds the analysis. Resolves to
 * an error if the worker refuses the estate (too large for its heap), fails or dies first. `onEnd` is
 * called if the worker ends after that (a crash, heap exhaustion), so the caller can drop it.
 * `resourceLimits` sizes the worker's heap (`analysisWorkerLimits()` for a large estate; none: V8's
 * defaults).
 */
export function analyseInWorker(
  file: string,
  dbPath: string,
  meta: SnapshotMeta,
  onEnd: (a: ServedAnalysis) => void = () => {},
  resourceLimits?: ResourceLimits,
): Promise<Result<ServedAnalysis>> {
  return new Promise((resolve) => {
    const job: AnalysisJob = { dbPath, meta };
    const worker = new Worker(file, { workerData: job, ...(resourceLimits ? { resourceLimits } : {}) });
    let served: WorkerAnalysis | undefined;
    let settled = false;
    const settle = (r: Result<ServedAnalysis>) => {
      if (settled) return;
      settled = true;
      resolve(r);
      if (!r.ok) void worker.terminate();
    };
    worker.on('message', (m: FromWorker) => {
      if (served) return served.receive(m);
      if (m.kind === 'failed') return settle(err(m.code, m.message));
      if (m.kind !== 'ready') return;
      served = new WorkerAnalysis(meta, m.totals, worker);
      settle(ok(served));
    });
    worker.on('error', (e) => {
      if (!served) return settle(err('analysis_failed', `The analysis failed: ${messageOf(e)}`));
      console.error('rolechain: the analysis worker failed:', messageOf(e));
    });
    worker.on('exit', (code) => {
      // An exit before `ready`: a crash, or heap exhaustion (which ends a worker with code 1).
      if (!served)
        return settle(
          err('analysis_failed', `The analysis stopped before it finished (worker exit code ${code}).`),
        );
      served.ended(`its worker ended with code ${code}`);
      onEnd(served);
    });
  });
}

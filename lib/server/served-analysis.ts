/**
 * The analysis a server answers from, wherever it lives: on the request thread (`localAnalysis`: small
 * estates and the demo) or in the analysis worker (`analyseInWorker`: large file stores). The routes
 * ask it the same questions either way and get the same bytes (`analysis-answers.ts`).
 */
import type { Result } from '../model';
import { ok } from '../model';
import type { SnapshotMeta } from '../store';
import type { Analysis } from './analysis';
import type { AnalysisAnswer, AnalysisAsk } from './analysis-answers';
import { answerOf } from './analysis-answers';
import type { AnalysisTotals } from './analysis-channel';
import { totalsOf } from './analysis-channel';
import { streamOfChunks } from './findings-api';

/**
 * An answer ready to send: its body whole (text on this thread, UTF-8 bytes from the worker), or as a
 * stream the client reads (an export).
 */
export type ServedAnswer = Omit<AnalysisAnswer, 'chunks' | 'body'> &
  ({ body: string | Uint8Array<ArrayBuffer> } | { stream: ReadableStream<Uint8Array> });

export interface ServedAnalysis {
  readonly meta: SnapshotMeta;
  readonly totals: AnalysisTotals;
  /** `'worker'` when the analysis lives in the analysis worker. */
  readonly thread: 'request' | 'worker';
  ask(ask: AnalysisAsk): Promise<Result<ServedAnswer>>;
  /** Lets it go (ends a worker); later asks answer with an error. */
  close(): void;
}

/** An analysis held on this thread. */
export function localAnalysis(a: Analysis): ServedAnalysis {
  return {
    meta: a.meta,
    totals: totalsOf(a),
    thread: 'request',
    ask: (ask) => {
      const r = answerOf(a, ask);
      if (!r.ok || !('chunks' in r.value)) return Promise.resolve(r as Result<ServedAnswer>);
      const { chunks, ...head } = r.value;
      return Promise.resolve(ok({ ...head, stream: streamOfChunks(chunks) }));
    },
    close: () => {},
  };
}

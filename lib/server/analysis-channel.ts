/**
 * What the request thread and the analysis worker say to each other (`analysis-runner.ts`,
 * `analysis-worker.ts`): the worker keeps the analysis it made and answers questions about it.
 *
 * - worker → request thread: `ready` with the totals `/api/snapshot` shows, or `failed`; then one
 *   `answer` per `ask`, and for an answer made of chunks (an export) one `chunk` per `pull`.
 * - request thread → worker: `ask` (route and validated query), `pull` (the next chunk of an answer's
 *   body), `cancel` (the client left before the end).
 *
 * Structured-clone values only: queries are the zod-parsed plain objects, answers JSON text.
 */
import type { Result } from '../model';
import { err, ok } from '../model';
import type { Analysis } from './analysis';
import type { AnalysisAnswer, AnalysisAsk } from './analysis-answers';
import { answerOf } from './analysis-answers';

/** The analysis's sizes, as `/api/snapshot` reports them. */
export interface AnalysisTotals {
  nodes: number;
  edges: number;
  findings: number;
}

export const totalsOf = (a: Analysis): AnalysisTotals => ({
  nodes: a.graph.nodes.length,
  edges: a.graph.edges.length,
  findings: a.findings.length,
});

/**
 * An answer as it crosses: its body whole, as UTF-8 bytes encoded by the worker (moved, not copied,
 * so the request thread neither copies nor encodes it), or `stream` (chunks to pull, one message each).
 */
export type WireAnswer = Omit<AnalysisAnswer, 'chunks' | 'body'> &
  ({ body: Uint8Array<ArrayBuffer> } | { stream: true });

export type ToWorker =
  | { kind: 'ask'; id: number; ask: AnalysisAsk }
  | { kind: 'pull'; id: number }
  | { kind: 'cancel'; id: number };

export type FromWorker =
  | { kind: 'ready'; totals: AnalysisTotals }
  | { kind: 'failed'; code: string; message: string }
  | { kind: 'answer'; id: number; result: Result<WireAnswer> }
  /** The next chunk of answer `id`'s body; no text: the body is complete, or with `broken` cut short. */
  | { kind: 'chunk'; id: number; text?: string; broken?: true };

const messageOf = (e: unknown): string => (e instanceof Error ? (e.stack ?? e.message) : String(e));

/**
 * The worker's side: answers each message about analysis `a` through `post`. An exception in an
 * answer is logged and answered as `internal`, as the request thread's route wrapper does.
 */
export function answerer(
  a: Analysis,
  post: (m: FromWorker, transfer?: ArrayBuffer[]) => void,
): (m: ToWorker) => void {
  const open = new Map<number, Iterator<string>>();
  const utf8 = new TextEncoder();
  return (m) => {
    if (m.kind === 'ask') {
      let result: Result<WireAnswer>;
      const moved: ArrayBuffer[] = [];
      try {
        const r = answerOf(a, m.ask);
        if (!r.ok) result = r;
        else if ('chunks' in r.value) {
          const { chunks, ...head } = r.value;
          open.set(m.id, chunks);
          result = ok({ ...head, stream: true });
        } else {
          const body = utf8.encode(r.value.body);
          moved.push(body.buffer);
          result = ok({ ...r.value, body });
        }
      } catch (e) {
        console.error('rolechain: unexpected error in the analysis worker:', messageOf(e));
        result = err('internal', 'Something went wrong on the server. The log has the details.');
      }
      return post({ kind: 'answer', id: m.id, result }, moved);
    }
    const chunks = open.get(m.id);
    if (m.kind === 'cancel') {
      open.delete(m.id);
      chunks?.return?.();
      return;
    }
    let next: IteratorResult<string> = { done: true, value: undefined };
    try {
      if (chunks) next = chunks.next();
    } catch (e) {
      console.error('rolechain: unexpected error in the analysis worker:', messageOf(e));
      open.delete(m.id);
      // Said as such: a body cut short must not read as a complete download.
      return post({ kind: 'chunk', id: m.id, broken: true });
    }
    if (next.done) {
      open.delete(m.id);
      return post({ kind: 'chunk', id: m.id });
    }
    post({ kind: 'chunk', id: m.id, text: next.value });
  };
}

/**
 * The dashboard's refresh from live AWS: one at a time, its progress kept in memory for the status
 * stream. The collection and the write are the `lib/app/collect` use case `rolechain collect` runs
 * too; the dashboard runs it as `--allow-partial` does: a partial read is saved (nothing read before
 * is lost) and its gaps shown.
 */
import type { Problem, Result } from '../model';
import { err, ok } from '../model';
import type { Store } from '../store';
import type { ProgressEvent } from '../sources/aws';
import type { CollectRequest, CollectResult } from '../app/collect';
import { collectIntoStore } from '../app/collect';

export type RefreshOptions = CollectRequest;
export type SaveResult = CollectResult;

export const REFRESH_STATES = ['running', 'done', 'failed', 'cancelled'] as const;
export type RefreshState = (typeof REFRESH_STATES)[number];

export interface RefreshStatus {
  id: string;
  state: RefreshState;
  startedAt: string;
  finishedAt?: string;
  /** The progress so far, oldest first, each numbered for `Last-Event-ID`. */
  progress: (ProgressEvent & { seq: number })[];
  result?: SaveResult;
  error?: Problem;
}

type Listener = (e: ProgressEvent & { seq: number }) => void;

const MAX_PROGRESS_KEPT = 2000;

/** One refresh at a time, with its progress kept for the status stream. */
export class RefreshManager {
  private current:
    | {
        status: RefreshStatus;
        controller: AbortController;
        listeners: Set<Listener>;
        finished: Promise<RefreshStatus>;
      }
    | undefined;
  private seq = 0;
  private nextId = 1;

  start(store: Store, opts: RefreshOptions = {}): Result<{ id: string }> {
    if (this.current?.status.state === 'running')
      return {
        ok: false,
        error: {
          code: 'refresh_running',
          message: `Refresh ${this.current.status.id} is still running; wait for it or cancel it.`,
        },
      };
    const id = `r${Date.now().toString(36)}-${this.nextId++}`;
    const controller = new AbortController();
    const status: RefreshStatus = { id, state: 'running', startedAt: new Date().toISOString(), progress: [] };
    const listeners = new Set<Listener>();
    const emit = (e: ProgressEvent): void => {
      const numbered = { ...e, seq: ++this.seq };
      status.progress.push(numbered);
      if (status.progress.length > MAX_PROGRESS_KEPT)
        status.progress.splice(0, status.progress.length - MAX_PROGRESS_KEPT);
      for (const l of listeners) l(numbered);
    };
    const finished = collectIntoStore(store, opts, emit, controller.signal)
      .then((r) => {
        if (r.ok) {
          status.result = r.value;
          status.state = 'done';
          emit({
            phase: 'done',
            done: 1,
            total: 1,
            message: `saved snapshot ${r.value.snapshotId} with ${r.value.warnings.length} warning(s); ${r.value.events.inserted} new event(s)${r.value.failed.length > 0 ? `; ${r.value.failed.length} part(s) not read fully, their earlier data kept` : ''}`,
          });
        } else {
          status.error = r.error;
          status.state = r.error.code === 'cancelled' ? 'cancelled' : 'failed';
          emit({
            phase: status.state === 'cancelled' ? 'cancelled' : 'failed',
            done: 0,
            message: r.error.message,
          });
        }
      })
      .catch((e: unknown) => {
        status.error = {
          code: 'internal',
          message: `The refresh failed unexpectedly: ${e instanceof Error ? e.message : 'unknown error'}`,
        };
        status.state = 'failed';
        emit({ phase: 'failed', done: 0, message: status.error.message });
      })
      .then(() => {
        status.finishedAt = new Date().toISOString();
        listeners.clear();
        return status;
      });
    this.current = { status, controller, listeners, finished };
    return ok({ id });
  }

  /** The running or last refresh (by id when given). */
  status(id?: string): RefreshStatus | undefined {
    const s = this.current?.status;
    return s && (id === undefined || s.id === id) ? s : undefined;
  }

  /** Cancels the running refresh; a finished one is left as it ended (its state is returned). */
  cancel(id?: string): Result<{ id: string; state: RefreshState }> {
    const c = this.current;
    if (!c || (id !== undefined && c.status.id !== id)) return err('not_found', 'No such refresh.');
    if (c.status.state === 'running') c.controller.abort();
    return ok({ id: c.status.id, state: c.status.state });
  }

  /** Progress events as they come, until the refresh ends; returns the unsubscribe. */
  subscribe(id: string, listener: Listener): () => void {
    const c = this.current;
    if (!c || c.status.id !== id || c.status.state !== 'running') return () => undefined;
    c.listeners.add(listener);
    return () => c.listeners.delete(listener);
  }

  /** Resolves with the final status once the refresh has ended. */
  async wait(id: string): Promise<RefreshStatus | undefined> {
    const c = this.current;
    if (!c || c.status.id !== id) return undefined;
    return c.finished;
  }
}

/**
 * The process's one manager: the dashboard's server keeps one refresh at a time. Held on
 * `globalThis` so that route bundles and dev reloads that load this module twice share it.
 */
const holder = globalThis as typeof globalThis & { __rolechainRefreshes?: RefreshManager };
export const refreshes: RefreshManager = (holder.__rolechainRefreshes ??= new RefreshManager());

export function startRefresh(store: Store, opts: RefreshOptions = {}): Result<{ id: string }> {
  return refreshes.start(store, opts);
}

/** What the stream's final `end` event carries: the status without its progress list. */
export function statusSummary(s: RefreshStatus): Omit<RefreshStatus, 'progress'> {
  const { progress: _progress, ...rest } = s;
  return rest;
}

/**
 * The refresh's progress as Server-Sent Events: the events kept so far (after `afterSeq`, from
 * `Last-Event-ID`), then each new one, then `event: end` with the final status; closes when the
 * refresh ends or the client goes away.
 */
export function progressStream(
  manager: RefreshManager,
  status: RefreshStatus,
  afterSeq: number,
  clientGone?: AbortSignal,
): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  const frame = (event: string, data: unknown, id?: number): Uint8Array =>
    enc.encode(`${id !== undefined ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  let open = true;
  let unsubscribe = (): void => undefined;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (chunk: Uint8Array): void => {
        if (!open) return;
        try {
          controller.enqueue(chunk);
        } catch {
          stop();
        }
      };
      const stop = (): void => {
        if (!open) return;
        open = false;
        unsubscribe();
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      // Backlog and subscription in one synchronous step, so no event falls between them.
      for (const e of status.progress) if (e.seq > afterSeq) send(frame('progress', e, e.seq));
      unsubscribe = manager.subscribe(status.id, (e) => send(frame('progress', e, e.seq)));
      void manager.wait(status.id).then((final) => {
        if (final) send(frame('end', statusSummary(final)));
        stop();
      });
      clientGone?.addEventListener('abort', stop, { once: true });
    },
    cancel() {
      open = false;
      unsubscribe();
    },
  });
}

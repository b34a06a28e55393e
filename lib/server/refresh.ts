/**
 * Refreshing the store from live AWS, shared by `POST /api/refresh` and `rolechain collect`.
 * One refresh at a time; its progress is kept in memory for the status stream. The snapshot and
 * the events land in ONE transaction at the end: a refresh that fails or is cancelled writes
 * nothing, and the previous snapshot stays served.
 */
import type { Problem, Result, Snapshot, SnapshotWarning } from '../model';
import { err, mergeSnapshots, ok } from '../model';
import type { ImportStats, Store } from '../store';
import { collectAccount, collectOrganization, defaultClientFactory } from '../sources/aws';
import type { ClientFactory, Collection, CollectOptions, ProgressEvent } from '../sources/aws';
import { LOOKUP_EVENT_NAMES } from '../sources/aws/cloudtrail';
import { originsOf } from './ingest';

export interface RefreshOptions {
  organization?: boolean;
  auditRoleName?: string;
  externalId?: string;
  regions?: string[];
  /** A profile of the shared AWS config; else `AWS_PROFILE`, else the default chain. */
  profile?: string;
  /** Tests inject mocked clients; default: the SDK's, with `AWS_ENDPOINT_URL` when set. */
  clients?: ClientFactory;
  /** Collection settings (clock, sleep, bounds), mostly for tests. */
  collect?: CollectOptions;
  env?: Record<string, string | undefined>;
}

export interface SaveResult {
  snapshotId: number;
  events: ImportStats;
  /** What could not be collected, and which permission would fetch it. */
  warnings: SnapshotWarning[];
  accounts: Collection['accounts'];
}

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

/** The newest stored AssumeRole* event of an account and region, where CloudTrail collection resumes. */
export function newestStoredEvent(store: Store, account: string, region: string): string | undefined {
  const names = LOOKUP_EVENT_NAMES.map(() => '?').join(', ');
  const row = store.handle
    .prepare(
      `SELECT max(time) AS t FROM events WHERE recorded_by = ? AND region = ? AND event_name IN (${names})`,
    )
    .get(account, region, ...LOOKUP_EVENT_NAMES) as { t: string | null } | undefined;
  return row?.t ?? undefined;
}

/**
 * Collects (one account, or the organisation) and saves the snapshot and events in one
 * transaction. Accounts collected replace themselves in the previous snapshot; accounts that
 * were not (another import, or a member that failed this time) are kept as they were.
 */
export async function collectAndSave(
  store: Store,
  opts: RefreshOptions,
  progress: (e: ProgressEvent) => void,
  signal: AbortSignal,
): Promise<Result<SaveResult>> {
  const env = opts.env ?? process.env;
  const clients =
    opts.clients ??
    defaultClientFactory({
      ...(opts.profile ? { profile: opts.profile } : {}),
      ...(env.AWS_ENDPOINT_URL ? { endpoint: env.AWS_ENDPOINT_URL } : {}),
    });
  const homeRegion = env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';
  const collect: CollectOptions = {
    homeRegion,
    ...(opts.regions && opts.regions.length > 0 ? { regions: opts.regions } : {}),
    ...opts.collect,
    cloudTrail:
      opts.collect?.cloudTrail === false
        ? false
        : {
            since: (account, region) => newestStoredEvent(store, account, region),
            ...opts.collect?.cloudTrail,
          },
  };
  const collected = opts.organization
    ? await collectOrganization(
        clients,
        {
          ...collect,
          ...(opts.auditRoleName ? { auditRoleName: opts.auditRoleName } : {}),
          ...(opts.externalId ? { externalId: opts.externalId } : {}),
        },
        progress,
        signal,
      )
    : await collectAccount(clients, collect, progress, signal);
  if (!collected.ok) return collected;
  // The last moment to cancel: after this the write is one transaction, all or nothing.
  if (signal.aborted) return err('cancelled', 'The collection was cancelled; nothing was written.');
  const { snapshot, events, accounts } = collected.value;
  progress({ phase: 'save', done: 0, message: `saving the snapshot and ${events.length} event(s)` });
  const origins = originsOf(events, [snapshot]);
  const saved = store.transaction(() => {
    const latest = store.latestSnapshotMeta();
    const prev: Snapshot | undefined =
      latest && latest.source.kind !== 'demo' ? store.getSnapshot(latest.id) : undefined;
    // Warnings describe this refresh only: an old AccessDenied fixed since must not linger.
    const next = prev ? { ...mergeSnapshots(prev, snapshot), warnings: snapshot.warnings } : snapshot;
    const snapshotId = store.saveSnapshot(next);
    return { snapshotId, events: store.importEvents(events, origins) };
  });
  return ok({ ...saved, warnings: snapshot.warnings, accounts });
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
    const finished = collectAndSave(store, opts, emit, controller.signal)
      .then((r) => {
        if (r.ok) {
          status.result = r.value;
          status.state = 'done';
          emit({
            phase: 'done',
            done: 1,
            total: 1,
            message: `saved snapshot ${r.value.snapshotId} with ${r.value.warnings.length} warning(s); ${r.value.events.inserted} new event(s)`,
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

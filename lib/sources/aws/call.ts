/**
 * One AWS call with what every call needs: a timeout, prompt cancellation, patience with throttling
 * beyond the SDK's own retries, and failures turned into values the collector reports as warnings.
 */
import type { SnapshotWarning } from '../../model';
import { redact } from './redact';

export const FAILURE_KINDS = ['denied', 'throttled', 'not-found', 'timeout', 'failed'] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

export interface ApiFailure {
  kind: FailureKind;
  /** The AWS error code (`AccessDenied`, `ThrottlingException`, …) or `Timeout`. */
  code: string;
  message: string;
}

export type CallResult<T> = { ok: true; value: T } | { ok: false; failure: ApiFailure };

/** Raised inside collection when the caller aborted; caught at the public functions' edge. */
export class Cancelled extends Error {
  constructor() {
    super('collection cancelled');
    this.name = 'Cancelled';
  }
}

export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

/** `setTimeout` as a promise that rejects with `Cancelled` when the signal aborts. */
export const realSleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new Cancelled());
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(new Cancelled());
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });

export interface CallSettings {
  signal: AbortSignal;
  /** Milliseconds one call may take, retries inside the SDK included. */
  timeoutMs: number;
  /** Extra rounds after the SDK gave up on throttling, waiting `throttleWaitMs × 2^n` before each. */
  throttleRounds: number;
  throttleWaitMs: number;
  sleep: Sleep;
}

export const DEFAULT_CALL_SETTINGS = {
  timeoutMs: 120_000,
  throttleRounds: 3,
  throttleWaitMs: 5_000,
} as const;

const DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'AuthorizationError',
  'AuthFailure',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'ExpiredToken',
  'ExpiredTokenException',
  'SignatureDoesNotMatch',
  'OptInRequired',
]);
const THROTTLED = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'Throttled',
]);
const NOT_FOUND = new Set([
  'NoSuchBucketPolicy',
  'NoSuchPublicAccessBlockConfiguration',
  'NoSuchEntity',
  'NoSuchEntityException',
  'NoSuchBucket',
  'ReportNotPresent',
  // S3: the bucket has no default encryption (only buckets made before 2023 can lack one).
  'ServerSideEncryptionConfigurationNotFoundError',
  // Glue GetResourcePolicy: the catalog has no resource policy.
  'EntityNotFoundException',
]);

/** What kind of failure an SDK error is, by its name and HTTP status. */
export function classify(e: unknown): ApiFailure {
  const o = (typeof e === 'object' && e !== null ? e : {}) as {
    name?: unknown;
    Code?: unknown;
    message?: unknown;
    $metadata?: { httpStatusCode?: number };
  };
  const named =
    typeof o.name === 'string' && o.name !== 'Error' ? o.name : typeof o.Code === 'string' ? o.Code : 'Error';
  const raw = typeof o.message === 'string' ? o.message : String(e);
  const status = o.$metadata?.httpStatusCode;
  // An answer the SDK could not parse (an emulator's or a proxy's HTML, an empty body) says nothing
  // in its parser message; its HTTP status says what happened.
  const unparsed =
    status !== undefined && (/Deserialization error/i.test(raw) || UNNAMED.has(named) || /^\d+$/.test(named));
  const code = unparsed ? `HTTP ${status}` : named;
  const message = unparsed
    ? `the endpoint answered HTTP ${status} with a body that is not an AWS API response`
    : redact(raw).slice(0, 300);
  const kind: FailureKind = THROTTLED.has(code)
    ? 'throttled'
    : DENIED.has(code) || status === 403
      ? 'denied'
      : NOT_FOUND.has(code)
        ? 'not-found'
        : code === 'TimeoutError' || code === 'RequestTimeout'
          ? 'timeout'
          : 'failed';
  return { kind, code, message };
}

/** Error names that are a parser's or a runtime's, not AWS's. */
const UNNAMED = new Set(['Error', 'SyntaxError', 'TypeError', 'UnknownError', 'Unknown']);

/**
 * Runs `fn` (which must pass the signal it gets to `client.send`) with a timeout, returning the
 * value or the failure. A throttled call is tried again after a wait; an abort throws `Cancelled`.
 */
export async function call<T>(
  s: CallSettings,
  fn: (signal: AbortSignal) => Promise<T>,
): Promise<CallResult<T>> {
  for (let round = 0; ; round++) {
    if (s.signal.aborted) throw new Cancelled();
    // Not AbortSignal.timeout(): its timer is unref'd, so a call that never answers would let the
    // process exit (or a test end) instead of timing out. This timer holds the loop until cleared.
    const timer = new AbortController();
    const handle = setTimeout(() => timer.abort(), s.timeoutMs);
    const timeout = timer.signal;
    const signal = AbortSignal.any([s.signal, timeout]);
    try {
      return {
        ok: true,
        value: await raceAbort(
          Promise.resolve().then(() => fn(signal)),
          signal,
        ),
      };
    } catch (e) {
      if (s.signal.aborted) throw new Cancelled();
      if (e instanceof Cancelled) throw e;
      if (timeout.aborted)
        return {
          ok: false,
          failure: { kind: 'timeout', code: 'Timeout', message: `no answer within ${s.timeoutMs} ms` },
        };
      const failure = classify(e);
      if (failure.kind !== 'throttled' || round >= s.throttleRounds) return { ok: false, failure };
      await s.sleep(s.throttleWaitMs * 2 ** round, s.signal);
    } finally {
      clearTimeout(handle);
    }
  }
}

/** Settles with the promise, or rejects as soon as the signal aborts (a handler may ignore it). */
function raceAbort<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new Error('aborted'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

export const AWS_WARNING_CODES = {
  'api-access-denied':
    'A read call was denied; the permission named in the message would fetch what is missing.',
  'api-failed':
    'A read call failed (throttling, timeout or a service error); what it would fetch is missing.',
  'account-not-collected': 'A member account could not be collected; the other accounts were.',
  'not-collected': 'This version of Rolechain does not collect this part of the estate.',
  truncated: 'A bound was reached; the rest was not collected.',
} as const;
export type AwsWarningCode = keyof typeof AWS_WARNING_CODES;

/**
 * The warning for a failed call: what could not be read, why, and what to grant.
 * `what` names the call's object, e.g. `on bucket logs-123`.
 */
export function failureWarning(
  action: string,
  what: string,
  f: ApiFailure,
  account?: string,
): SnapshotWarning {
  const where = what ? ` ${what}` : '';
  const inAccount = account ? ` in account ${account}` : '';
  const fix =
    f.kind === 'denied'
      ? ` — grant ${action} to fetch it`
      : f.kind === 'throttled'
        ? ' — AWS kept throttling; run the refresh again later'
        : f.kind === 'timeout'
          ? ' — the call timed out; check the network or endpoint and run the refresh again'
          : '';
  return {
    source: action,
    code: f.kind === 'denied' ? 'api-access-denied' : 'api-failed',
    message: `could not call ${action}${where}${inAccount}: ${f.code}${f.kind === 'denied' ? '' : ` (${f.message})`}${fix}`,
  };
}

/** What the per-service collectors of one account share. */
import type { AssumeEvent, ReadFailure, SnapshotWarning, SourceName } from '../../model';
import type { Collector } from '../collector';
import type { ApiFailure, CallSettings } from './call';
import { call, failureWarning } from './call';
import type { ServiceClients, Service } from './clients';
import type { Clock } from './pace';
import type { ProgressPhase, ProgressSink } from './progress';
import { redact } from './redact';

export interface CloudTrailOptions {
  /** The newest event already stored for this account and region (ISO); collection resumes there. */
  since?: (account: string, region: string) => string | undefined;
  /** How far back to look when nothing is stored yet (LookupEvents keeps 90 days). */
  lookbackDays?: number;
  /** Pages (50 events each) per region and event name before stopping with a warning. */
  maxPages?: number;
}

export interface ResolvedOptions {
  homeRegion: string;
  regions?: string[];
  cloudTrail: false | (Required<Pick<CloudTrailOptions, 'lookbackDays' | 'maxPages'>> & CloudTrailOptions);
  maxBuckets: number;
  concurrency: number;
  credentialReport: { pollMs: number; maxPolls: number };
  clock: Clock;
}

export interface AccountContext {
  account: string;
  partition: string;
  clients: <S extends Service>(service: S, region: string) => ServiceClients[S];
  call: CallSettings;
  collector: Collector;
  events: AssumeEvent[];
  opts: ResolvedOptions;
  warn(w: SnapshotWarning): void;
  progress(
    phase: ProgressPhase,
    message: string,
    extra?: { api?: string; done?: number; total?: number },
  ): void;
}

export function makeProgress(sink: ProgressSink, account: string | undefined): AccountContext['progress'] {
  return (phase, message, extra = {}) =>
    sink({
      ...(account ? { account } : {}),
      ...(extra.api ? { api: extra.api } : {}),
      phase,
      done: extra.done ?? 0,
      ...(extra.total !== undefined ? { total: extra.total } : {}),
      message: redact(message),
    });
}

/** The source (part of the snapshot) an API action reads. */
export function sourceOfAction(action: string): SourceName {
  const [service = '', name = ''] = action.split(':');
  if (service === 'iam') {
    if (name === 'ListRoles') return 'list-roles';
    if (/OpenIDConnect|SAML/.test(name)) return 'identity-providers';
    if (/CredentialReport/.test(name)) return 'credential-report';
    return 'iam';
  }
  if (service === 'glue' && /^Get(Jobs|Crawlers)$/.test(name)) return 'glue-jobs';
  if (service === 'sso' || service === 'identitystore') return 'identity-center';
  if (service === 'elasticmapreduce') return 'emr';
  if (service === 'eks' || service === 'ecs' || service === 'lambda') return service;
  if (service === 's3' || service === 'ec2' || service === 'glue' || service === 'kms') return service;
  if (service === 'organizations') return 'organizations';
  if (service === 'cloudtrail') return 'cloudtrail';
  return 'iam';
}

/**
 * Records on the collector that a part could not be read fully, without a warning of its own
 * (the caller warns, or aggregates warnings).
 */
export function noteGap(ctx: AccountContext, action: string, failure: ReadFailure, region?: string): void {
  const source = sourceOfAction(action);
  ctx.collector.noteRead(
    {
      source,
      ...(source !== 'organizations' ? { account: ctx.account } : {}),
      ...(region ? { region } : {}),
    },
    failure,
  );
}

/**
 * One call whose failure becomes a warning (`what` names its object, e.g. `on bucket x`) and a
 * gap in the part it reads (`region` for the regional sources). A `not-found` answer is not a
 * failure here: the caller gets it back to decide. `quiet` leaves the warning to the caller.
 */
export async function tryCall<T>(
  ctx: AccountContext,
  action: string,
  what: string,
  fn: (signal: AbortSignal) => Promise<T>,
  part: { region?: string; quiet?: boolean } = {},
): Promise<{ ok: true; value: T } | { ok: false; failure: ApiFailure }> {
  const r = await call(ctx.call, fn);
  const source = sourceOfAction(action);
  const where = {
    source,
    ...(source !== 'organizations' ? { account: ctx.account } : {}),
    ...(part.region ? { region: part.region } : {}),
  };
  if (r.ok || r.failure.kind === 'not-found') ctx.collector.noteRead(where);
  else {
    const w = failureWarning(action, what, r.failure, ctx.account);
    ctx.collector.noteRead(where, { call: action, code: r.failure.code, message: w.message });
    if (!part.quiet) ctx.warn(w);
  }
  return r;
}

/** An SDK output as the JSON the CLI would print: dates as ISO strings, no `$metadata`. */
export function jsonify(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (k, v: unknown) => (k === '$metadata' ? undefined : v))) as unknown;
}

/** Runs `fn` over the items with at most `limit` at once; results in input order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, i: number) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}

/** The partition of an ARN (`aws`, `aws-cn`, `aws-us-gov`). */
export function partitionOf(arn: string): string {
  return /^arn:([^:]+):/.exec(arn)?.[1] ?? 'aws';
}

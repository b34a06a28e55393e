/**
 * Live collection of one AWS account through injected SDK clients. Every response is translated
 * by the same readers as files; a failed call becomes a warning and collection goes on.
 */
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { AssumeEvent, Result, Snapshot } from '../../model';
import { err, ok } from '../../model';
import { dedupe } from '../../audit/dedupe';
import { Collector } from '../collector';
import type { Sleep } from './call';
import { Cancelled, call, DEFAULT_CALL_SETTINGS, realSleep } from './call';
import type { ClientFactory, CredentialProvider } from './clients';
import { collectAssumeEvents } from './cloudtrail';
import type { AccountContext, CloudTrailOptions, ResolvedOptions } from './context';
import { makeProgress, partitionOf } from './context';
import { collectInstances, enabledRegions } from './ec2';
import { collectGlue } from './glue';
import { collectIdentityCenter } from './identity-center';
import { collectKms } from './kms';
import {
  collectAuthorizationDetails,
  collectCredentialReport,
  collectIdentityProviders,
  collectInstanceProfiles,
  collectListRoles,
} from './iam';
import type { Clock } from './pace';
import type { ProgressSink } from './progress';
import { redact } from './redact';
import { collectBuckets } from './s3';
import { collectWorkloads } from './workloads';

export interface CollectOptions {
  /** Region for IAM, STS, S3 listing and the default (`AWS_REGION`, else us-east-1). */
  homeRegion?: string;
  /** Regions for EC2 and CloudTrail; default: the account's enabled regions. */
  regions?: string[];
  /** `false` skips CloudTrail. */
  cloudTrail?: false | CloudTrailOptions;
  /** Buckets whose policies are read, per account (default 1000). */
  maxBuckets?: number;
  /** Calls in flight at once within an account (regions, buckets); default 4. */
  concurrency?: number;
  timeoutMs?: number;
  throttleRounds?: number;
  throttleWaitMs?: number;
  credentialReport?: { pollMs?: number; maxPolls?: number };
  clock?: Clock;
  sleep?: Sleep;
}

export interface Collection {
  snapshot: Snapshot;
  /** AssumeRole* events from CloudTrail, de-duplicated. */
  events: AssumeEvent[];
  accounts: { collected: string[]; failed: string[] };
}

export function resolveOptions(o: CollectOptions): ResolvedOptions {
  const ct = o.cloudTrail;
  return {
    homeRegion: o.homeRegion ?? 'us-east-1',
    ...(o.regions ? { regions: o.regions } : {}),
    cloudTrail: ct === false ? false : { lookbackDays: 7, maxPages: 200, ...ct },
    maxBuckets: o.maxBuckets ?? 1000,
    concurrency: o.concurrency ?? 4,
    credentialReport: { pollMs: 2000, maxPolls: 30, ...o.credentialReport },
    clock: o.clock ?? { now: () => Date.now() },
  };
}

export interface Run {
  clients: ClientFactory;
  opts: ResolvedOptions;
  sink: ProgressSink;
  signal: AbortSignal;
  sleep: Sleep;
  timeoutMs: number;
  throttleRounds: number;
  throttleWaitMs: number;
  collector: Collector;
  events: AssumeEvent[];
}

export function startRun(
  clients: ClientFactory,
  o: CollectOptions,
  sink: ProgressSink,
  signal: AbortSignal,
): Run {
  return {
    clients,
    opts: resolveOptions(o),
    sink,
    signal,
    sleep: o.sleep ?? realSleep,
    timeoutMs: o.timeoutMs ?? DEFAULT_CALL_SETTINGS.timeoutMs,
    throttleRounds: o.throttleRounds ?? DEFAULT_CALL_SETTINGS.throttleRounds,
    throttleWaitMs: o.throttleWaitMs ?? DEFAULT_CALL_SETTINGS.throttleWaitMs,
    collector: new Collector(),
    events: [],
  };
}

export function contextFor(
  run: Run,
  account: string,
  partition: string,
  credentials?: CredentialProvider,
): AccountContext {
  return {
    account,
    partition,
    clients: (service, region) => run.clients(service, region, credentials),
    call: {
      signal: run.signal,
      timeoutMs: run.timeoutMs,
      throttleRounds: run.throttleRounds,
      throttleWaitMs: run.throttleWaitMs,
      sleep: run.sleep,
    },
    collector: run.collector,
    events: run.events,
    opts: run.opts,
    warn: (w) => run.collector.warnings.push({ ...w, message: redact(w.message) }),
    progress: makeProgress(run.sink, account || undefined),
  };
}

/** Who the default credentials are: the first call, and the one whose failure ends collection. */
export async function identify(
  run: Run,
): Promise<Result<{ account: string; arn: string; partition: string }>> {
  const sink = makeProgress(run.sink, undefined);
  sink('identity', 'checking credentials (sts:GetCallerIdentity)', { api: 'sts:GetCallerIdentity' });
  const r = await call(contextFor(run, '', 'aws').call, (abortSignal) =>
    run.clients('sts', run.opts.homeRegion).send(new GetCallerIdentityCommand({}), { abortSignal }),
  );
  if (!r.ok) {
    const f = r.failure;
    if (f.code === 'CredentialsProviderError' || /could not load credentials/i.test(f.message))
      return err('no_credentials', NO_CREDENTIALS_HELP);
    if (f.kind === 'denied')
      return err(
        'credentials_rejected',
        `AWS rejected the credentials (${f.code}: ${f.message}). If they come from SSO, sign in again with \`aws sso login --profile <name>\`; otherwise renew them.`,
      );
    return err(
      'identity_failed',
      `sts:GetCallerIdentity failed (${f.code}: ${f.message}). Check AWS_REGION and AWS_ENDPOINT_URL, and the network.`,
    );
  }
  const { Account: account, Arn: arn } = r.value;
  if (!account || !arn) return err('identity_failed', 'sts:GetCallerIdentity returned no account');
  sink('identity', `collecting as ${arn}`);
  return ok({ account, arn, partition: partitionOf(arn) });
}

export const NO_CREDENTIALS_HELP =
  'No AWS credentials found. The SDK tried, in order: environment variables (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), ' +
  'SSO and the shared config and credentials files (~/.aws/config, ~/.aws/credentials; the profile from --profile or AWS_PROFILE, else "default"), ' +
  'web identity (AWS_WEB_IDENTITY_TOKEN_FILE with AWS_ROLE_ARN), container credentials (ECS/EKS) and EC2 instance metadata. ' +
  'Configure one of them, e.g. `aws configure sso` and then `rolechain collect --profile <name>`, or run where an instance or task role is attached.';

const ACCOUNT_STEPS = 10;

/** Everything of one account into the run's collector; failures become warnings. */
export async function collectAccountInto(ctx: AccountContext): Promise<void> {
  const step = (
    done: number,
    phase: Parameters<AccountContext['progress']>[0],
    message: string,
    api: string,
  ): void => ctx.progress(phase, `account ${ctx.account}: ${message}`, { api, done, total: ACCOUNT_STEPS });
  step(0, 'iam', 'IAM authorization details', 'iam:GetAccountAuthorizationDetails');
  await collectAuthorizationDetails(ctx);
  step(1, 'iam', "roles' MaxSessionDuration", 'iam:ListRoles');
  await collectListRoles(ctx);
  step(2, 'iam', 'instance profiles', 'iam:ListInstanceProfiles');
  await collectInstanceProfiles(ctx);
  step(3, 'iam', 'OIDC and SAML providers', 'iam:ListOpenIDConnectProviders');
  await collectIdentityProviders(ctx);
  step(4, 'iam', 'credential report', 'iam:GenerateCredentialReport');
  await collectCredentialReport(ctx);
  step(5, 's3', 'S3 buckets, policies and Block Public Access', 's3:ListAllMyBuckets');
  await collectBuckets(ctx);
  step(6, 'ec2', 'EC2 regions and instances', 'ec2:DescribeRegions');
  const regions = await enabledRegions(ctx);
  await collectInstances(ctx, regions);
  step(7, 'glue', 'Glue Data Catalog resource policies', 'glue:GetResourcePolicy');
  await collectGlue(ctx, regions);
  step(8, 'kms', 'KMS keys, key policies and aliases', 'kms:ListKeys');
  await collectKms(ctx, regions);
  await collectWorkloads(ctx, regions);
  await collectIdentityCenter(ctx, regions);
  if (ctx.opts.cloudTrail) {
    step(
      9,
      'cloudtrail',
      `CloudTrail AssumeRole* events in ${regions.length} region(s)`,
      'cloudtrail:LookupEvents',
    );
    await collectAssumeEvents(ctx, regions);
  }
  step(ACCOUNT_STEPS, 'iam', 'done', '');
}

/** The snapshot of what the run gathered. */
export function finish(run: Run, detail: string, collected: string[], failed: string[]): Collection {
  makeProgress(run.sink, undefined)('assemble', 'assembling the snapshot');
  const snapshot = run.collector.assemble(
    { kind: 'aws', detail },
    new Date(run.opts.clock.now()).toISOString(),
  );
  for (const id of collected) if (!snapshot.accounts.some((a) => a.id === id)) snapshot.accounts.push({ id });
  snapshot.accounts.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { snapshot, events: dedupe(run.events).events, accounts: { collected, failed } };
}

/** Turns an escaped exception into a value: cancellation, or an unexpected failure. */
export function settle(e: unknown): Result<never> {
  if (e instanceof Cancelled) return err('cancelled', 'The collection was cancelled; nothing was written.');
  return err(
    'collection_failed',
    `Collection failed unexpectedly: ${redact(e instanceof Error ? e.message : String(e))}`,
  );
}

/**
 * Collects the account of the default credentials (or `clients`' credentials): IAM, S3, EC2 and
 * CloudTrail. Resolves to the snapshot and events, or to why nothing could be collected
 * (`no_credentials`, `credentials_rejected`, `cancelled`…); never throws.
 */
export async function collectAccount(
  clients: ClientFactory,
  opts: CollectOptions,
  progress: ProgressSink,
  signal: AbortSignal,
): Promise<Result<Collection>> {
  const run = startRun(clients, opts, progress, signal);
  try {
    const who = await identify(run);
    if (!who.ok) return who;
    const { account, arn, partition } = who.value;
    await collectAccountInto(contextFor(run, account, partition));
    if (signal.aborted) throw new Cancelled();
    return ok(finish(run, `AWS account ${account} as ${arn}`, [account], []));
  } catch (e) {
    return settle(e);
  }
}

/**
 * Collecting from live AWS into the store: the one use case behind `rolechain collect` and the
 * dashboard's refresh (`POST /api/refresh`). The snapshot and the events land in ONE transaction
 * at the end: a collection that fails or is cancelled writes nothing. A collection that read only
 * part of what it was asked for is merged so that nothing read before is lost (`mergeSnapshots`);
 * its gaps are returned, and whether it counts as a failure is the caller's `allowPartial`.
 */
import type { Result, SnapshotWarning, SourceRead } from '../model';
import { err, gapsOf, ok } from '../model';
import type { ImportStats, Store } from '../store';
import { collectAccount, collectOrganization, defaultClientFactory } from '../sources/aws';
import type { ClientFactory, Collection, CollectOptions, ProgressEvent } from '../sources/aws';
import { LOOKUP_EVENT_NAMES } from '../sources/aws/cloudtrail';
import { knownProfiles } from '../sources/aws/profiles';
import { originsOf } from './import';
import { saveMerged } from './save';

export interface CollectRequest {
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

export interface CollectResult {
  snapshotId: number;
  events: ImportStats;
  /** What could not be collected, and which permission would fetch it. */
  warnings: SnapshotWarning[];
  accounts: Collection['accounts'];
  /**
   * The parts this collection was asked for and did not read fully (a denied call, an endpoint
   * that died, a member account that could not be assumed). Their earlier data was kept, stale.
   * Parts this version never collects (Glue, KMS) are not here: see `gaps`.
   */
  failed: SourceRead[];
  /** Everything the stored snapshot holds that is stale or was not read, after this collection. */
  gaps: SourceRead[];
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

/** Parts a collection was asked for that it did not read fully; "not collected by this version" is no failure. */
export function failedParts(coverage: readonly SourceRead[] | undefined): SourceRead[] {
  return (coverage ?? []).filter(
    (p) => p.state !== 'complete' && p.failures.some((f) => f.code !== 'not-collected'),
  );
}

/**
 * Collects (one account, or the organisation) and saves the snapshot and events in one
 * transaction, merged over the user's latest snapshot.
 */
export async function collectIntoStore(
  store: Store,
  req: CollectRequest,
  progress: (e: ProgressEvent) => void,
  signal: AbortSignal,
): Promise<Result<CollectResult>> {
  const env = req.env ?? process.env;
  if (req.profile !== undefined && !req.clients) {
    const known = knownProfiles(env);
    if (!known.names.has(req.profile))
      return err(
        'profile_not_found',
        `AWS profile not found: '${req.profile}' is in neither ${known.files.length > 0 ? known.files.join(' nor ') : 'the AWS config file nor the credentials file (neither exists)'}. ` +
          `Known profiles: ${[...known.names].sort().join(', ') || 'none'}. Create it with \`aws configure --profile ${req.profile}\` or \`aws configure sso\`.`,
      );
  }
  const clients =
    req.clients ??
    defaultClientFactory({
      ...(req.profile ? { profile: req.profile } : {}),
      ...(env.AWS_ENDPOINT_URL ? { endpoint: env.AWS_ENDPOINT_URL } : {}),
    });
  const homeRegion = env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';
  const collect: CollectOptions = {
    homeRegion,
    ...(req.regions && req.regions.length > 0 ? { regions: req.regions } : {}),
    ...req.collect,
    cloudTrail:
      req.collect?.cloudTrail === false
        ? false
        : {
            since: (account, region) => newestStoredEvent(store, account, region),
            ...req.collect?.cloudTrail,
          },
  };
  const collected = req.organization
    ? await collectOrganization(
        clients,
        {
          ...collect,
          ...(req.auditRoleName ? { auditRoleName: req.auditRoleName } : {}),
          ...(req.externalId ? { externalId: req.externalId } : {}),
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
  const saved = store.transaction(() => {
    // Warnings describe this refresh only: an old AccessDenied fixed since must not linger. The
    // gaps it left are in the coverage records, which the merge keeps.
    const s = saveMerged(store, snapshot, new Date().toISOString(), (m) => ({
      ...m,
      warnings: snapshot.warnings,
    }));
    const origins = originsOf(events, [s.snapshot]);
    return { snapshotId: s.id, gaps: gapsOf(s.snapshot), events: store.importEvents(events, origins) };
  });
  return ok({ ...saved, warnings: snapshot.warnings, accounts, failed: failedParts(snapshot.coverage) });
}

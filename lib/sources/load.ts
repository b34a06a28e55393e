import type { AssumeEvent, Snapshot, SnapshotWarning, SourceName } from '../model';
import { accountOf, parseArn } from '../model';
import { readAccessKeys } from './access-keys';
import { dedupe } from '../audit/dedupe';
import { isAuthorizationDetails, readAuthorizationDetails } from './authz-details';
import type { CloudTrailBatch, FileText } from './cloudtrail';
import {
  addRecords,
  cloudTrailRecordsOf,
  isDigestFile,
  isJsonLinesName,
  newBatch,
  readFileText,
  readJsonLines,
  readJsonLinesText,
  scanTrailText,
} from './cloudtrail';
import { Collector } from './collector';
import { longLinesMessage } from './lines';
import { isCredentialReport, readCredentialReport } from './credential-report';
import { isPlainObject } from './decode';
import {
  isOidcProvider,
  readInstanceProfiles,
  readOidcProvider,
  readOidcProviderList,
  readSamlProviders,
} from './iam-extras';
import { isListAliases, isListKeys, readBucketEncryption, readListAliases, readListKeys } from './kms';
import {
  isDescribeGroup,
  isDescribePermissionSet,
  isDescribeUser,
  isListAccountAssignments,
  readDescribeGroup,
  readDescribePermissionSet,
  readDescribeUser,
  readListAccountAssignments,
} from './identity-center';
import { orgFormatOf, readOrgFile } from './organization';
import { isListRoles, readListRoles } from './list-roles';
import type { Read } from './read';
import { readDescribeInstances, readGlueResourcePolicy } from './regional';
import {
  isListBuckets,
  readBucketLocation,
  readListBuckets,
  readPolicyString,
  readPublicAccessBlock,
} from './s3';
import type { FoundFile } from './walk';
import {
  isPodIdentityList,
  isServiceAccountList,
  readDescribeCluster,
  readDescribeNodegroup,
  readDescribePodIdentityAssociation,
  readListPodIdentityAssociations,
  readServiceAccounts,
} from './workloads/eks';
import {
  isGlueJobs,
  readDescribeTaskDefinition,
  readEmrCluster,
  readGlueJobs,
  readListFunctions,
} from './workloads/services';
import { isPoolCandidate, MIN_POOL_FILES, TrailPool } from './trail-pool';
import { pathContext, walk } from './walk';
import { warning } from './warnings';

export interface LoadProgress {
  phase: 'scan' | 'read' | 'dedupe' | 'done';
  done: number;
  total?: number;
  file?: string;
}

export interface LoadOptions {
  source?: Snapshot['source'];
  createdAt?: string;
  onProgress?: (p: LoadProgress) => void;
  /**
   * The compiled trail-worker.ts (the CLI bundle's dist/cli/trail-worker.mjs): when given, gzipped
   * CloudTrail files are read on a worker thread while this one reads the rest (trail-pool.ts).
   * The result is the same with or without it.
   */
  trailWorker?: URL;
}

export interface LoadStats {
  files: number;
  /** CloudTrail records seen, chain events or not. */
  records: number;
  /** Chain events kept after de-duplication. */
  chainEvents: number;
  /** CloudTrail records skipped: not chain events, or chain records that could not be read. */
  skippedRecords: number;
  /** Records dropped as duplicates (same eventID, or the same call recorded in another account). */
  duplicates: number;
}

export interface LoadResult {
  snapshot: Snapshot;
  events: AssumeEvent[];
  warnings: SnapshotWarning[];
  stats: LoadStats;
}

/** Documentation next to data is not data: skipped without a warning. */
const DOC_FILE = /\.(md|txt|html?)$/i;

/**
 * Reads files and folders of AWS output into one Snapshot and the chain events of any CloudTrail
 * logs among them. Files are recognised by content; what cannot be read becomes a warning naming
 * the file (relative to the chosen folder), and the rest still loads. CloudTrail files are read
 * one at a time, so memory holds one file's records at most.
 */
export async function loadFromPaths(paths: string[], opts: LoadOptions = {}): Promise<LoadResult> {
  const progress = opts.onProgress ?? (() => undefined);
  const c = new Collector();
  const stats: LoadStats = { files: 0, records: 0, chainEvents: 0, skippedRecords: 0, duplicates: 0 };
  progress({ phase: 'scan', done: 0 });
  const found = await walk(paths);
  c.warnings.push(...found.warnings);
  const files = found.files.filter((f) => !DOC_FILE.test(f.path));
  progress({ phase: 'scan', done: files.length, total: files.length });

  // Gzipped trail files go to a worker thread when there are enough of them (trail-pool.ts).
  const onPool = new Map<number, number>();
  if (opts.trailWorker)
    for (const [i, f] of files.entries()) if (isPoolCandidate(f.path)) onPool.set(i, onPool.size);
  const pool =
    opts.trailWorker && onPool.size >= MIN_POOL_FILES
      ? startPool(
          opts.trailWorker,
          [...onPool.keys()].map((i) => files[i]!.path),
        )
      : undefined;
  if (!pool) onPool.clear();

  // The next file is read and gunzipped (on libuv's pool) while this one is parsed: two files'
  // text at most, one file's records.
  const prefetch = (i: number): Promise<FileText> | undefined => {
    const f = files[i];
    return f && !isJsonLinesName(f.path) && !onPool.has(i) ? readFileText(f.path) : undefined;
  };
  let next = prefetch(0);
  try {
    for (const [i, f] of files.entries()) {
      progress({ phase: 'read', done: i, total: files.length, file: f.rel });
      stats.files++;
      const text = next;
      next = prefetch(i + 1);
      const k = onPool.get(i);
      const batch = (k !== undefined ? await pool!.batch(k) : undefined) ?? (await readOne(f, c, text));
      if (batch) {
        stats.records += batch.records;
        stats.skippedRecords += batch.skipped + batch.invalid.length;
        for (const e of batch.events) c.events.push(e);
        if (batch.invalid.length > 0)
          c.warnings.push(
            warning(
              f.rel,
              'invalid-record',
              `${f.rel}: ${batch.invalid.length} chain record(s) skipped: ${batch.invalid.slice(0, 5).join('; ')}${batch.invalid.length > 5 ? `; and ${batch.invalid.length - 5} more` : ''}`,
            ),
          );
      }
    }
  } finally {
    pool?.close();
  }
  progress({ phase: 'read', done: files.length, total: files.length });

  progress({ phase: 'dedupe', done: 0, total: c.events.length });
  const d = dedupe(c.events);
  stats.duplicates = d.duplicates;
  for (const x of d.conflicts)
    c.warnings.push(
      warning(
        'cloudtrail',
        'eventid-conflict',
        `eventID ${x.eventId} is shared by ${x.records} records that differ in ${x.fields.join(', ')}; kept apart as ${x.keptAs.join(', ')}`,
      ),
    );
  stats.chainEvents = d.events.length;
  const createdAt = opts.createdAt ?? c.manifestCreatedAt ?? new Date().toISOString();
  const source = opts.source ?? { kind: 'files' as const, detail: paths.join(', ') };
  const snapshot = c.assemble(source, createdAt);
  progress({ phase: 'done', done: files.length, total: files.length });
  return { snapshot, events: d.events, warnings: snapshot.warnings, stats };
}

/** A pool on the worker at `script`, or undefined when a worker cannot be made here: then this thread reads every file. */
function startPool(script: URL, paths: string[]): TrailPool | undefined {
  try {
    return new TrailPool(script, paths);
  } catch {
    return undefined;
  }
}

/** Reads one file into the collector; returns the CloudTrail batch when the file is a trail log. */
async function readOne(
  f: FoundFile,
  c: Collector,
  pending: Promise<FileText> | undefined,
): Promise<CloudTrailBatch | undefined> {
  const file = f.rel;
  if (isJsonLinesName(f.path)) {
    const r = await readJsonLines(f.path);
    if (r.error) c.warnings.push(warning(file, r.error.code, `${file}: ${r.error.message}`));
    if (r.longLines.length > 0)
      c.warnings.push(warning(file, 'line-too-long', `${file}: ${longLinesMessage(r.longLines)}`));
    if (r.badLines.length > 0)
      c.warnings.push(
        warning(
          file,
          'invalid-json',
          `${file}: ${r.badLines.length} line(s) are not JSON (first: line ${r.badLines[0]})`,
        ),
      );
    return r.batch;
  }
  const text = await (pending ?? readFileText(f.path));
  if (!text.ok) {
    c.warnings.push(warning(file, text.code, `${file}: ${text.message}`));
    return undefined;
  }
  const body = text.text.replace(/^\uFEFF/, '');
  if (isCredentialReport(body)) {
    const r = readCredentialReport(body, file);
    c.warnings.push(...r.warnings);
    c.addCredentialReport(r.rows, file);
    return undefined;
  }
  const fast = scanTrailText(body);
  if (fast) return fast;
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (e) {
    const lines = readJsonLinesText(body);
    if (lines) {
      if (lines.badLines.length > 0)
        c.warnings.push(
          warning(
            file,
            'invalid-json',
            `${file}: ${lines.badLines.length} line(s) are not JSON (first: line ${lines.badLines[0]})`,
          ),
        );
      return lines.batch;
    }
    const looksJson = /^\s*[[{]/.test(body) || /\.json(\.gz)?$/i.test(f.path);
    c.warnings.push(
      looksJson
        ? warning(file, 'invalid-json', `${file}: invalid JSON (${(e as Error).message})`)
        : warning(file, 'unsupported-format', `${file}: not a format Rolechain reads`),
    );
    return undefined;
  }
  const records = cloudTrailRecordsOf(json);
  if (records) return addRecords(newBatch(), records);
  if (isDigestFile(json)) return undefined;
  readJson(json, f, c);
  return undefined;
}

/** Every non-CloudTrail JSON format of the layout, recognised by its keys; the folder gives the context. */
function readJson(json: unknown, f: FoundFile, c: Collector): void {
  const file = f.rel;
  const ctx = pathContext(f.path);
  const take = <T>(r: Read<T>, use: (v: T) => void): void => {
    c.warnings.push(...r.warnings);
    if (r.value !== undefined) use(r.value);
  };
  const needs = (what: string): void => {
    c.warnings.push(warning(file, 'missing-context', `${file}: ${what} cannot be told from the path`));
  };
  if (!isPlainObject(json)) {
    c.warnings.push(warning(file, 'unsupported-format', `${file}: JSON of no format Rolechain reads`));
    return;
  }
  if (isAuthorizationDetails(json)) {
    const r = readAuthorizationDetails(json, file);
    c.warnings.push(...r.warnings);
    c.addAuthz(r.part, file);
    if (json.IsTruncated === true)
      onePage(c, file, 'iam', 'get-account-authorization-details', r.part.accounts);
    return;
  }
  const org = orgFormatOf(json);
  if (org) {
    c.warnings.push(
      ...readOrgFile(org, json, file, ORG_SUBJECT.has(ctx.folder) ? ctx.stem : undefined, c.org),
    );
    return;
  }
  if (isListRoles(json))
    return take(readListRoles(json, file), (v) => {
      c.addListedRoles(v, file);
      if (json.IsTruncated === true) {
        const accounts = [...new Set(v.map((x) => accountOf(x.arn)).filter((a) => a !== undefined))];
        onePage(
          c,
          file,
          'list-roles',
          'list-roles',
          accounts.map((id) => ({ id })),
        );
      }
    });
  if ('AccessKeyMetadata' in json)
    return take(readAccessKeys(json, file), (v) => c.addAccessKeys(v, file, ctx.account));
  if ('InstanceProfiles' in json)
    return take(readInstanceProfiles(json, file, ctx.account), (v) => c.addInstanceProfiles(v));
  if ('OpenIDConnectProviderList' in json)
    return take(readOidcProviderList(json, file), (v) => v.forEach((p) => c.addProvider(p)));
  if (isOidcProvider(json)) {
    if (!ctx.account) return needs('the account of this OIDC provider');
    return take(readOidcProvider(json, file, ctx.account), (p) => c.addProvider(p));
  }
  if ('SAMLProviderList' in json)
    return take(readSamlProviders(json, file), (v) => v.forEach((p) => c.addProvider(p)));
  if (isListBuckets(json))
    return take(readListBuckets(json, file), (v) =>
      v.forEach((b) => {
        const bucket = c.bucket(b.name, ctx.account);
        if (b.region) bucket.region = b.region;
      }),
    );
  if ('PublicAccessBlockConfiguration' in json) {
    if (!ctx.bucket) return needs('the bucket of this public access block');
    const bucket = ctx.bucket;
    return take(
      readPublicAccessBlock(json, file),
      (v) => (c.bucket(bucket, ctx.account).publicAccessBlock = v),
    );
  }
  if (isDescribePermissionSet(json))
    return take(readDescribePermissionSet(json, file), (p) => c.addPermissionSet(p));
  if (isListAccountAssignments(json))
    return take(readListAccountAssignments(json, file), (list) => c.addAssignments(list));
  if (isDescribeUser(json)) return take(readDescribeUser(json, file), (u) => c.addIcPrincipal(u));
  if (isDescribeGroup(json)) return take(readDescribeGroup(json, file), (g) => c.addIcPrincipal(g));
  if (Array.isArray(json.PermissionSets)) return;
  if ('ServerSideEncryptionConfiguration' in json) {
    if (!ctx.bucket) return needs('the bucket of this encryption configuration');
    const bucket = ctx.bucket;
    return take(readBucketEncryption(json, file), (v) => (c.bucket(bucket, ctx.account).encryption = v));
  }
  if (isListKeys(json)) {
    return take(readListKeys(json, file), (keys) => {
      for (const k of keys) {
        const arn =
          k.arn ??
          (ctx.account && ctx.region ? `arn:aws:kms:${ctx.region}:${ctx.account}:key/${k.id}` : undefined);
        const where = arn ? parseArn(arn) : undefined;
        if (!arn || !where) return needs('the account and region of these KMS keys');
        c.addKms({ arn, account: where.account, region: where.region });
      }
      // A region's key list read whole: the keys of that region are known, even when there are none.
      if (ctx.account && ctx.region) c.noteRead({ source: 'kms', account: ctx.account, region: ctx.region });
    });
  }
  if (isListAliases(json)) {
    return take(readListAliases(json, file), (aliases) => {
      const first = aliases.find((a) => a.arn)?.arn;
      const where = first ? parseArn(first) : undefined;
      const account = ctx.account ?? where?.account;
      const region = ctx.region ?? where?.region;
      if (!account || !region) return needs('the account and region of these KMS aliases');
      c.addAliases(account, region, aliases);
    });
  }
  if ('LocationConstraint' in json) {
    if (!ctx.bucket) return needs('the bucket of this location');
    const bucket = ctx.bucket;
    return take(readBucketLocation(json, file), (v) => (c.bucket(bucket, ctx.account).region = v));
  }
  if ('PolicyInJson' in json) {
    if (!ctx.account || !ctx.region) return needs('the account and region of this Glue catalog policy');
    const { account, region } = ctx;
    return take(readGlueResourcePolicy(json, file), (policy) => {
      c.addGlue({ account, region, policy });
      c.noteRead({ source: 'glue', account, region });
    });
  }
  if ('Reservations' in json) {
    // A region's instances file read whole: that region of that account is complete, even when empty.
    if (ctx.account && ctx.region) c.noteRead({ source: 'ec2', account: ctx.account, region: ctx.region });
    return take(readDescribeInstances(json, file, ctx), (v) => c.addInstances(v));
  }
  if (typeof json.Policy === 'string') {
    if (ctx.service === 'kms' || 'PolicyName' in json) {
      if (!ctx.account || !ctx.region) return needs('the account and region of this KMS key policy');
      const { account, region } = ctx;
      const arn = `arn:aws:kms:${region}:${account}:key/${ctx.stem}`;
      return take(readPolicyString(json, file, 'KMS key policy'), (policy) =>
        c.addKms({ arn, account, region, policy }),
      );
    }
    if (!ctx.bucket) return needs('the bucket of this bucket policy');
    const bucket = ctx.bucket;
    return take(
      readPolicyString(json, file, 'bucket policy'),
      (v) => (c.bucket(bucket, ctx.account).policy = v),
    );
  }
  if (readWorkloadJson(json, f, c)) return;
  if (typeof json.createdAt === 'string' && typeof json.name === 'string') {
    c.manifestCreatedAt = json.createdAt;
    return;
  }
  c.warnings.push(warning(file, 'unsupported-format', `${file}: JSON of no format Rolechain reads`));
}

/**
 * A file that is one page of a paginated answer (`IsTruncated: true` with a `Marker`, as with
 * `--max-items` or `--no-paginate`) holds part of the account: its part is partial, not complete,
 * so a merge keeps what earlier imports held and the gap is named.
 */
function onePage(
  c: Collector,
  file: string,
  source: 'iam' | 'list-roles',
  command: string,
  accounts: readonly { id: string }[],
): void {
  const message = `${file}: one page of ${command} (IsTruncated: true); the rest of the account is not in it — export it whole (the AWS CLI paginates by default; leave out --max-items and --no-paginate)`;
  c.warnings.push(warning(file, 'one-page', message));
  for (const a of accounts) c.noteRead({ source, account: a.id }, { call: file, code: 'one-page', message });
}

const ORG_SUBJECT = new Set([
  'list-organizational-units-for-parent',
  'list-parents',
  'describe-policy',
  'list-targets-for-policy',
]);

/**
 * The workload formats (EKS, kubectl, ECS, Lambda, Glue jobs, EMR); true when the file was one.
 * A file read whole makes its part (source × account × region) complete, as with EC2: an export
 * that lists nothing says there is nothing, and a source with no file stays *not read*.
 */
function readWorkloadJson(json: Record<string, unknown>, f: FoundFile, c: Collector): boolean {
  const file = f.rel;
  const ctx = pathContext(f.path);
  const take = <T>(r: Read<T>, use: (v: T) => void): true => {
    c.warnings.push(...r.warnings);
    if (r.value !== undefined) use(r.value);
    return true;
  };
  const noted = (source: SourceName, w: { account: string; region: string }): void =>
    c.noteRead({ source, account: w.account, region: w.region });
  if (typeof json.cluster === 'object' && json.cluster !== null && 'arn' in json.cluster)
    return take(readDescribeCluster(json, file), (v) => {
      noted('eks', v);
      c.addEksCluster(v);
    });
  if (typeof json.nodegroup === 'object' && json.nodegroup !== null)
    return take(readDescribeNodegroup(json, file), (v) => {
      noted('eks', v);
      c.addWorkloads([v]);
    });
  if (typeof json.association === 'object' && json.association !== null)
    return take(readDescribePodIdentityAssociation(json, file), (v) => {
      noted('eks', v);
      const arn = (json.association as { associationArn?: string }).associationArn;
      c.addWorkloads([v], arn);
    });
  if (isPodIdentityList(json))
    return take(readListPodIdentityAssociations(json, file), (v) => {
      for (const a of v) noted('eks', a);
      c.listAssociations(v, file);
    });
  if (isServiceAccountList(json)) {
    if (!ctx.account || !ctx.region) {
      c.warnings.push(
        warning(
          file,
          'missing-context',
          `${file}: a kubectl export names no cluster; put it at accounts/<id>/eks/<region>/serviceaccounts/<cluster>.json`,
        ),
      );
      return true;
    }
    const where = { account: ctx.account, region: ctx.region, cluster: ctx.stem };
    return take(readServiceAccounts(json, file, where), (v) => {
      noted('kubernetes', where);
      c.addWorkloads(v);
    });
  }
  if (typeof json.taskDefinition === 'object' && json.taskDefinition !== null)
    return take(readDescribeTaskDefinition(json, file), (v) => {
      noted('ecs', v);
      c.addWorkloads([v]);
    });
  if (Array.isArray(json.Functions))
    return take(readListFunctions(json, file), (v) => {
      if (ctx.account && ctx.region) noted('lambda', { account: ctx.account, region: ctx.region });
      for (const w of v) noted('lambda', w);
      c.addWorkloads(v);
    });
  if (isGlueJobs(json))
    return take(readGlueJobs(json, file, ctx), (v) => {
      if (ctx.account && ctx.region) noted('glue-jobs', { account: ctx.account, region: ctx.region });
      c.addWorkloads(v);
    });
  if (typeof json.Cluster === 'object' && json.Cluster !== null)
    return take(readEmrCluster(json, file, ctx), (v) => {
      noted('emr', v);
      c.addWorkloads([v]);
    });
  return false;
}

/**
 * Completeness is data: which parts of an estate a snapshot read, fully, partly or not at all.
 *
 * A snapshot is cut into *parts*: one source of one account (EC2 and CloudTrail per region too,
 * Organizations for the whole organisation). Each part read or tried gets a `SourceRead`. A merge
 * uses them to keep what a failed read could not replace, and verdicts use them to say when they
 * rest on data that is stale or was never read. Snapshots written before this existed carry no
 * records: their parts are derived from the data they hold (`coverageOf`).
 */
import type { Snapshot } from './snapshot';

export const SOURCE_NAMES = [
  'iam',
  'list-roles',
  'identity-providers',
  'credential-report',
  's3',
  'ec2',
  'glue',
  'kms',
  'eks',
  'kubernetes',
  'ecs',
  'lambda',
  'glue-jobs',
  'emr',
  'organizations',
  'identity-center',
  'cloudtrail',
] as const;
export type SourceName = (typeof SOURCE_NAMES)[number];

/** Sources read once per region; the others once per account (Organizations once per organisation). */
export const REGIONAL_SOURCES: ReadonlySet<SourceName> = new Set([
  'ec2',
  'cloudtrail',
  'glue',
  'kms',
  'eks',
  'kubernetes',
  'ecs',
  'lambda',
  'glue-jobs',
  'emr',
]);

/** What people call each source, in messages. */
export const SOURCE_LABELS: Record<SourceName, string> = {
  iam: 'IAM (authorization details, instance profiles)',
  'list-roles': "IAM list-roles (roles' MaxSessionDuration)",
  'identity-providers': 'IAM OIDC and SAML providers',
  'credential-report': 'IAM credential report (access keys, MFA)',
  s3: 'S3 buckets and policies',
  ec2: 'EC2 instances',
  glue: 'Glue catalog policy',
  kms: 'KMS keys, aliases and key policies',
  eks: 'EKS clusters, node groups and Pod Identity associations',
  kubernetes: 'Kubernetes service accounts (kubectl export of IRSA annotations)',
  ecs: 'ECS task definitions',
  lambda: 'Lambda functions',
  'glue-jobs': 'Glue jobs and crawlers',
  emr: 'EMR clusters',
  organizations: 'Organizations (accounts, SCPs, RCPs)',
  'identity-center': 'IAM Identity Center (permission sets, assignments, users and groups)',
  cloudtrail: 'CloudTrail AssumeRole* events',
};

export const READ_STATES = ['complete', 'partial', 'not-read'] as const;
export type ReadState = (typeof READ_STATES)[number];

export interface ReadFailure {
  /** The API action (`iam:GetAccountAuthorizationDetails`) or the file that failed. */
  call: string;
  /** The AWS error code, `HTTP 404`, `Timeout`, `truncated`, `not-collected`… */
  code: string;
  message: string;
}

export interface SourceRead {
  source: SourceName;
  /** Absent for Organizations, which belongs to the organisation rather than one account. */
  account?: string;
  /** Set for the regional sources. */
  region?: string;
  state: ReadState;
  /** When the data held for this part was read (the snapshot time of the read that gave it). */
  readAt: string;
  /** Set when a later read of this part failed and the data held is older: the time of that data. */
  staleSince?: string;
  /** Why the read was partial or did not happen. */
  failures: ReadFailure[];
  /** `files` when the part came from imported files (complete as far as the files go). */
  via?: 'aws' | 'files';
}

/** The identity of a part, as a map key. */
export function partKey(p: { source: SourceName; account?: string; region?: string }): string {
  return `${p.source}|${p.account ?? '*'}|${p.region ?? ''}`;
}

/** A part's name in a sentence: `IAM … of account 111111111111`, `EC2 instances of … in eu-west-1`. */
export function partLabel(p: { source: SourceName; account?: string; region?: string }): string {
  return `${SOURCE_LABELS[p.source]}${p.account ? ` of account ${p.account}` : ''}${p.region ? ` in ${p.region}` : ''}`;
}

/**
 * The parts of a snapshot: its records, and for a snapshot stored before records existed, one
 * `complete` part per (account, source) that holds data, read at the snapshot's time.
 */
export function coverageOf(s: Snapshot): SourceRead[] {
  if (s.coverage) return s.coverage;
  const out = new Map<string, SourceRead>();
  const add = (source: SourceName, account: string | undefined, region?: string): void => {
    if (account === undefined && source !== 'organizations') return;
    const p = { source, ...(account !== undefined ? { account } : {}), ...(region ? { region } : {}) };
    const k = partKey(p);
    if (!out.has(k)) out.set(k, { ...p, state: 'complete', readAt: s.createdAt, failures: [] });
  };
  for (const list of [s.roles, s.users, s.groups, s.instanceProfiles])
    for (const x of list) add('iam', x.account);
  for (const p of s.identityProviders) add('identity-providers', p.account);
  for (const b of s.buckets) add('s3', b.account);
  for (const i of s.instances) add('ec2', i.account, i.region);
  for (const g of s.glueCatalogs) add('glue', g.account, g.region);
  for (const k of s.kmsKeys) add('kms', k.account, k.region);
  for (const c of s.eksClusters ?? []) add('eks', c.account, c.region);
  for (const w of s.workloads ?? []) add(w.source, w.account, w.region);
  if (s.organization) add('organizations', undefined);
  return [...out.values()];
}

/**
 * The parts that were not read fully, or hold data older than a failed read: what a verdict must
 * name. An account the snapshot knows as its own (not only as a principal) whose IAM no record
 * covers is a gap too: its roles are unknown, not absent.
 */
export function gapsOf(s: Snapshot): SourceRead[] {
  const cov = coverageOf(s);
  const out = cov.filter((p) => p.state !== 'complete' || p.staleSince !== undefined);
  const iam = new Set(cov.filter((p) => p.source === 'iam').map((p) => p.account));
  for (const a of s.accounts)
    if (!a.external && !iam.has(a.id))
      out.push({
        source: 'iam',
        account: a.id,
        state: 'not-read',
        readAt: s.createdAt,
        failures: [
          {
            call: 'iam:GetAccountAuthorizationDetails',
            code: 'no-data',
            message: `no IAM data of account ${a.id} was collected or imported`,
          },
        ],
      });
  return out;
}

/** The gaps as sentences, one per part (empty: everything the snapshot covers was read fully). */
export function gapMessages(s: Snapshot): string[] {
  return gapsOf(s).map(gapMessage);
}

/** One line for a gap: what was not read, since when the data is stale, and the first reason. */
export function gapMessage(p: SourceRead): string {
  const what = partLabel(p);
  const why = p.failures[0] ? ` (${p.failures[0].call}: ${p.failures[0].code})` : '';
  const more = p.failures.length > 1 ? ` and ${p.failures.length - 1} more failure(s)` : '';
  const stale = p.staleSince ? `; the data shown is stale since ${p.staleSince}` : '';
  const state = p.state === 'not-read' ? 'not read' : p.state === 'partial' ? 'read only partly' : 'read';
  return `${what}: ${state}${why}${more}${stale}`;
}

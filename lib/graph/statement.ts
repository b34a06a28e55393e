/**
 * `readStatement()`: reads the AWS settings out of what a user pasted from a data platform — a Doris or
 * StarRocks statement, a Trino / Presto catalog `.properties` file, Hadoop S3A `core-site.xml`, Spark
 * configuration with Iceberg catalogs — and plans every chain it implies: the S3 side and the Glue side,
 * each with its credentials (an assumed role, the instance profile, an IAM user's key, the SDK default
 * chain), ExternalId, location or catalog, and the actions the statement really performs.
 * Secrets are never returned: secret keys are masked, access key ids shortened.
 */
import type { Result } from '../model';
import { err, ok } from '../model';
import type { StatementForm } from './statement-forms';
import { FORMS, GLUE_READ, sqlForm } from './statement-forms';
import type { TextKind } from './statement-text';
import { readConfigText } from './statement-text';

export const ENGINES = ['doris', 'starrocks', 'trino', 'hadoop', 'iceberg', 'unknown'] as const;
export type Engine = (typeof ENGINES)[number];

export const CREDENTIAL_KINDS = ['assumed-role', 'instance-profile', 'iam-user', 'default-chain'] as const;
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number];

/** One chain a statement implies; the caller adds the source (the cluster's instance role or instance). */
export interface PlannedChain {
  /** `S3`, `Glue`, `S3 (bucket b)`, `S3 (catalog c)`. */
  label: string;
  service: 's3' | 'glue';
  credentials: CredentialKind;
  /** The role ARN exactly as written, and the property it came from. */
  targetRole?: string;
  roleProperty?: string;
  externalId?: string;
  /** `s3://bucket/path` (a folder ends in `/`), or `glue:catalog`. */
  resource?: string;
  actions: string[];
  region?: string;
  /** The Glue catalog's account when the statement names another one (`glue.id`, `…catalogid`). */
  catalogAccount?: string;
  /** The access key id of an IAM user set-up (an identifier, never the secret), to find its user. */
  accessKeyId?: string;
  durationSeconds?: number;
  kmsKey?: string;
  /** Why this chain cannot be checked whatever the snapshot holds (no credentials at all…). */
  notCheckable?: string;
}

export interface StatementReading {
  kind: TextKind;
  engine: Engine;
  form: StatementForm;
  formLabel: string;
  /** Every key/value pair, secrets masked and access key ids shortened. */
  properties: Record<string, string>;
  chains: PlannedChain[];
  contradictions: string[];
  notes: string[];
}

const SECRET_KEYS =
  /(secret_key|secret-key|secret\.key|secretkey|secret-access-key|session_token|session-token|session\.token|sessiontoken|password)$/i;
const ACCESS_KEYS = /(access_key|access-key|access\.key|access-key-id|accesskey)$|^ak$/i;

export const maskAccessKey = (v: string): string =>
  v.length > 8 ? `${v.slice(0, 4)}…${v.slice(-4)}` : '****';

/** `s3.us-west-2.amazonaws.com`, `https://bucket.s3.eu-west-1.amazonaws.com`, `glue.us-east-1.amazonaws.com`. */
export function endpointRegion(endpoint: string): string | undefined {
  const host =
    endpoint
      .replace(/^[a-z]+:\/\//i, '')
      .split('/')[0]
      ?.toLowerCase() ?? '';
  const m =
    /(?:^|\.)(?:s3|glue|sts)[.-](?:dualstack\.)?([a-z]{2}(?:-gov)?-[a-z]+-\d)\.amazonaws\.com(?:\.cn)?$/.exec(
      host,
    );
  return m?.[1];
}

/** A location as a chain-check resource: the part before the first wildcard; a folder ends in `/`. */
export function asResource(location: string, folder: boolean): string {
  const m = /^s3[an]?:\/\/([^/]+)\/?(.*)$/i.exec(location.trim());
  if (!m) return location;
  const path = m[2] ?? '';
  const star = path.search(/[*?{[]/);
  const fixed = star < 0 ? path : path.slice(0, path.lastIndexOf('/', star) + 1);
  const r = `s3://${m[1]}/${fixed}`;
  return (folder || star >= 0) && !r.endsWith('/') ? `${r}/` : r;
}

/** Hadoop durations: `30m`, `1h`, `900s`, `3600`. */
function durationOf(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const m = /^(\d+)\s*(s|m|h|d)?$/i.exec(v.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = (m[2] ?? 's').toLowerCase();
  return n * (unit === 'h' ? 3600 : unit === 'm' ? 60 : unit === 'd' ? 86400 : 1);
}

type Get = (...keys: string[]) => string | undefined;
const isTrue = (v: string | undefined): boolean => v?.toLowerCase() === 'true';
const isFalse = (v: string | undefined): boolean => v?.toLowerCase() === 'false';

interface Side {
  role?: [string, string];
  externalId?: string;
  accessKey?: string;
  region?: string;
}

function sideOf(
  get: Get,
  roleKeys: string[],
  extKeys: string[],
  akKeys: string[],
  regionKeys: string[],
): Side {
  const roleKey = roleKeys.find((k) => get(k) !== undefined);
  const role = roleKey !== undefined ? get(roleKey) : undefined;
  const externalId = get(...extKeys);
  const accessKey = get(...akKeys);
  const region = get(...regionKeys);
  return {
    ...(roleKey !== undefined && role !== undefined ? { role: [roleKey, role] as [string, string] } : {}),
    ...(externalId !== undefined ? { externalId } : {}),
    ...(accessKey !== undefined ? { accessKey } : {}),
    ...(region !== undefined ? { region } : {}),
  };
}

/** A side's credentials: a role (assumed from the source, or with the key), a user's key, or the default chain. */
function chainOf(
  label: string,
  service: 's3' | 'glue',
  side: Side,
  base: Partial<PlannedChain>,
  fallback: CredentialKind,
): PlannedChain {
  const credentials: CredentialKind = side.role ? 'assumed-role' : side.accessKey ? 'iam-user' : fallback;
  return {
    label,
    service,
    credentials,
    actions: [],
    ...(side.role ? { targetRole: side.role[1], roleProperty: side.role[0] } : {}),
    ...(side.role && side.externalId !== undefined ? { externalId: side.externalId } : {}),
    ...(side.accessKey !== undefined ? { accessKeyId: side.accessKey } : {}),
    ...(side.region !== undefined ? { region: side.region } : {}),
    ...base,
  };
}

/** The Glue chain of a catalog: on the named catalog's account when the properties name one. */
function glueChainOf(label: string, side: Side, catalogAccount: string | undefined): PlannedChain {
  return chainOf(
    label,
    'glue',
    side,
    { resource: 'glue:catalog', ...(catalogAccount ? { catalogAccount } : {}) },
    'default-chain',
  );
}

function engineOf(kind: TextKind, keys: string[]): Engine {
  if (kind === 'core-site-xml') return 'hadoop';
  if (kind === 'spark-defaults')
    return keys.some((k) => k.startsWith('spark.sql.catalog.')) ? 'iceberg' : 'hadoop';
  if (kind === 'properties') {
    if (keys.some((k) => k.startsWith('client.assume-role.') || k === 'catalog-impl')) return 'iceberg';
    if (keys.some((k) => k.startsWith('fs.s3a.'))) return 'hadoop';
    return 'trino';
  }
  const doris = keys.some((k) => /^(s3\.|aws_|glue\.)/.test(k) || k === 'provider');
  const star = keys.some((k) => /^aws\.(s3|glue)\./.test(k));
  if (star && !doris) return 'starrocks';
  if (doris && !star) return 'doris';
  if (star) return 'starrocks';
  return 'unknown';
}

/** Reads pasted configuration and plans its chains. Fails only when there is nothing to read. */
export function readStatement(text: string): Result<StatementReading> {
  if (typeof text !== 'string' || text.trim() === '') return err('bad_sql', 'No statement given.');
  const read = readConfigText(text);
  if (!read) return err('bad_sql', 'The statement has an unterminated string literal.');
  if (read.pairs.length === 0)
    return err(
      'bad_sql',
      read.kind === 'sql'
        ? 'No "key" = "value" properties found: paste the whole statement with its PROPERTIES (or S3(…), FILES(…), WITH S3 (…)).'
        : 'No key/value settings found in the pasted text.',
    );
  const raw = new Map<string, string>();
  for (const [k, v] of read.pairs) raw.set(k.toLowerCase(), v);
  const properties: Record<string, string> = {};
  for (const [k, v] of read.pairs)
    properties[k] = SECRET_KEYS.test(k) ? '****' : ACCESS_KEYS.test(k) ? maskAccessKey(v) : v;
  const keys = [...raw.keys()];
  const engine = engineOf(read.kind, keys);
  const ctx: Ctx = { raw, locations: read.locations, skeleton: read.skeleton, contradictions: [], notes: [] };
  let form: StatementForm;
  let chains: PlannedChain[];
  switch (engine) {
    case 'trino':
      form = 'trino-catalog';
      chains = trino(ctx);
      break;
    case 'hadoop':
      form = 'hadoop-s3a';
      chains = hadoop(ctx);
      break;
    case 'iceberg':
      form = 'iceberg-catalog';
      chains = iceberg(ctx);
      break;
    default:
      form = sqlForm(read.skeleton);
      chains = engine === 'starrocks' ? starrocks(ctx, form) : doris(ctx, form);
  }
  const info = FORMS[form];
  if (info.note) ctx.notes.push(info.note);
  for (const c of chains) {
    if (c.actions.length === 0) c.actions = c.service === 'glue' ? [...GLUE_READ] : [...info.s3Actions];
    if (c.service === 's3' && c.resource !== undefined) c.resource = asResource(c.resource, info.folder);
  }
  return ok({
    kind: read.kind,
    engine,
    form,
    formLabel: info.label,
    properties,
    chains,
    contradictions: ctx.contradictions,
    notes: ctx.notes,
  });
}

interface Ctx {
  raw: Map<string, string>;
  locations: string[];
  skeleton: string;
  contradictions: string[];
  notes: string[];
}

function getter(raw: Map<string, string>, prefix = ''): Get {
  return (...keys) => {
    for (const k of keys) {
      const v = raw.get(`${prefix}${k}`.toLowerCase());
      if (v !== undefined && v.trim() !== '') return v.trim();
    }
    return undefined;
  };
}

/** Every S3 location the statement names: literals (ON LOCATION, DATA INFILE, TO, OUTFILE) and properties. */
function locationsOf(ctx: Ctx, get: Get, bucketKeys: string[], rootKeys: string[]): string[] {
  const out = [...ctx.locations];
  for (const k of ['uri', 'path', 'warehouse', 'location', 'hive.metastore.glue.default-warehouse-dir']) {
    const v = get(k);
    if (v !== undefined && /^s3[an]?:\/\//i.test(v)) out.push(v);
  }
  const bucket = get(...bucketKeys);
  if (bucket !== undefined) out.push(`s3://${bucket}/${(get(...rootKeys) ?? '').replace(/^\/+/, '')}`);
  return [...new Set(out)].slice(0, 8);
}

function withLocations(chain: PlannedChain, locations: string[]): PlannedChain[] {
  if (locations.length === 0) return [chain];
  return locations.map((l, i) => ({
    ...chain,
    resource: l,
    ...(locations.length > 1 ? { label: `${chain.label} #${i + 1}` } : {}),
  }));
}

const usesGlue = (get: Get): boolean =>
  ['hive.metastore.type', 'iceberg.catalog.type', 'metastore.type', 'hive.metastore', 'type'].some(
    (k) => get(k)?.toLowerCase() === 'glue',
  );

function doris(ctx: Ctx, form: StatementForm): PlannedChain[] {
  const get = getter(ctx.raw);
  const s3 = sideOf(
    get,
    ['s3.role_arn', 'aws_role_arn'],
    ['s3.external_id', 'aws_external_id'],
    ['s3.access_key', 'aws_access_key', 'ak'],
    ['s3.region', 'aws_region', 'region'],
  );
  const chains: PlannedChain[] = [];
  if (s3.externalId !== undefined && !s3.role)
    ctx.contradictions.push('s3.external_id without s3.role_arn: it is never sent');
  if (s3.role && s3.accessKey !== undefined)
    ctx.contradictions.push(
      's3.role_arn and s3.access_key are both set: the long-lived key is what the role replaces; remove one',
    );
  // Without a role or a key, Doris uses the AWS SDK's default chain: on EC2, the instance profile.
  const locs = locationsOf(ctx, get, ['s3.bucket'], ['s3.root.path', 'root_path']);
  const glue = usesGlue(get) || get('glue.role_arn', 'glue.endpoint', 'glue.access_key') !== undefined;
  if (locs.length > 0 || !glue)
    chains.push(...withLocations(chainOf('S3', 's3', s3, {}, 'default-chain'), locs));
  if (glue) {
    const g = sideOf(
      get,
      ['glue.role_arn'],
      ['glue.external_id'],
      ['glue.access_key'],
      ['glue.region', 's3.region', 'region'],
    );
    const catalog = get('glue.catalog_id', 'glue.id');
    chains.push(glueChainOf('Glue', g, catalog));
  }
  endpointCheck(ctx, get('s3.endpoint', 'aws_endpoint'), s3.region, 'S3');
  if (form === 'other' && chains.every((c) => c.resource === undefined))
    ctx.notes.push('The statement form was not recognised; give the bucket or path to check.');
  return chains;
}

function starrocks(ctx: Ctx, _form: StatementForm): PlannedChain[] {
  const get = getter(ctx.raw);
  const chains: PlannedChain[] = [];
  const s3Profile = get('aws.s3.use_instance_profile');
  const s3 = sideOf(
    get,
    ['aws.s3.iam_role_arn'],
    ['aws.s3.external_id'],
    ['aws.s3.access_key'],
    ['aws.s3.region'],
  );
  const locs = locationsOf(ctx, get, ['aws.s3.bucket'], []);
  // StarRocks: use_instance_profile = true takes the instance's credentials (and assumes the role if one
  // is given); false takes the IAM user's keys; neither gives no credentials at all.
  const s3Chain = starSide(ctx, 'S3', 's3', s3, s3Profile, 'aws.s3');
  const glue = usesGlue(get) || [...ctx.raw.keys()].some((k) => k.startsWith('aws.glue.'));
  if (locs.length > 0 || !glue || s3Profile !== undefined || s3.role || s3.accessKey)
    chains.push(...withLocations(s3Chain, locs));
  if (glue) {
    const g = sideOf(
      get,
      ['aws.glue.iam_role_arn'],
      ['aws.glue.external_id'],
      ['aws.glue.access_key'],
      ['aws.glue.region'],
    );
    const catalog = get('aws.glue.catalog_id');
    const chain = starSide(ctx, 'Glue', 'glue', g, get('aws.glue.use_instance_profile'), 'aws.glue');
    chains.push({ ...chain, resource: 'glue:catalog', ...(catalog ? { catalogAccount: catalog } : {}) });
  }
  if (isTrue(s3Profile) && s3.accessKey !== undefined)
    ctx.contradictions.push(
      'aws.s3.use_instance_profile = true together with aws.s3.access_key: one credential method must be chosen',
    );
  endpointCheck(ctx, get('aws.s3.endpoint'), s3.region, 'S3');
  return chains;
}

function starSide(
  ctx: Ctx,
  label: string,
  service: 's3' | 'glue',
  side: Side,
  profile: string | undefined,
  prefix: string,
): PlannedChain {
  if (side.externalId !== undefined && !side.role)
    ctx.contradictions.push(`${prefix}.external_id without ${prefix}.iam_role_arn: it is never sent`);
  if (isTrue(profile)) {
    const { accessKey: _ignored, ...rest } = side;
    return chainOf(label, service, rest, {}, 'instance-profile');
  }
  if (side.accessKey !== undefined) return chainOf(label, service, side, {}, 'iam-user');
  const why = side.role
    ? `${prefix}.iam_role_arn is set but ${prefix}.use_instance_profile is ${profile ?? 'not set (default false)'}: StarRocks assumes the role only with use_instance_profile = true (or with an IAM user's keys), so it has no credentials`
    : `${prefix}.use_instance_profile is ${isFalse(profile) ? 'false' : 'not set (default false)'} and no ${prefix}.access_key is given: StarRocks has no ${label} credentials`;
  ctx.contradictions.push(why);
  return { ...chainOf(label, service, side, {}, 'instance-profile'), notCheckable: why };
}

function trino(ctx: Ctx): PlannedChain[] {
  const get = getter(ctx.raw);
  const s3 = sideOf(
    get,
    ['s3.iam-role', 'hive.s3.iam-role'],
    ['s3.external-id', 'hive.s3.external-id'],
    ['s3.aws-access-key', 'hive.s3.aws-access-key'],
    ['s3.region', 'hive.s3.region'],
  );
  const kms = get('s3.sse.kms-key-id', 'hive.s3.sse.kms-key-id');
  const chains = withLocations(
    chainOf('S3', 's3', s3, kms?.startsWith('arn:') ? { kmsKey: kms } : {}, 'default-chain'),
    locationsOf(ctx, get, [], []),
  );
  if ((get('s3.auth-type') ?? '').toUpperCase() === 'IAM_ROLE' && !s3.role)
    ctx.contradictions.push('s3.auth-type = IAM_ROLE without s3.iam-role: Trino fails at start-up');
  if (get('s3.security-mapping.enabled') === 'true')
    ctx.notes.push(
      'S3 security mapping is enabled: the role used per user or prefix comes from the mapping file, which is not checked here',
    );
  const glue = usesGlue(get) || [...ctx.raw.keys()].some((k) => k.startsWith('hive.metastore.glue.'));
  if (glue) {
    const g = sideOf(
      get,
      ['hive.metastore.glue.iam-role'],
      ['hive.metastore.glue.external-id'],
      ['hive.metastore.glue.aws-access-key'],
      ['hive.metastore.glue.region'],
    );
    const catalog = get('hive.metastore.glue.catalogid');
    chains.push(glueChainOf('Glue', g, catalog));
  }
  return chains;
}

function hadoop(ctx: Ctx): PlannedChain[] {
  // spark-defaults carries Hadoop settings as spark.hadoop.<key>.
  const raw = new Map<string, string>();
  for (const [k, v] of ctx.raw) raw.set(k.replace(/^spark\.hadoop\./, ''), v);
  const chains: PlannedChain[] = [];
  const buckets = new Set<string>();
  for (const k of raw.keys()) {
    const m =
      /^fs\.s3a\.bucket\.([^.]+(?:\.[^.]+)*?)\.(assumed\.role\.|aws\.credentials\.provider|access\.key|endpoint\.region)/.exec(
        k,
      );
    if (m) buckets.add(m[1] as string);
  }
  const one = (get: Get, label: string, resource?: string): PlannedChain => {
    const provider = get('fs.s3a.aws.credentials.provider') ?? '';
    const role = get('fs.s3a.assumed.role.arn');
    const assumes = /AssumedRoleCredentialProvider/.test(provider);
    if (role !== undefined && !assumes)
      ctx.notes.push(
        `${label}: fs.s3a.assumed.role.arn is set but fs.s3a.aws.credentials.provider does not name AssumedRoleCredentialProvider, so the role is not assumed`,
      );
    // The STS call is made with fs.s3a.assumed.role.credentials.provider (default: the access key pair).
    const side: Side = {
      ...(assumes && role !== undefined
        ? { role: ['fs.s3a.assumed.role.arn', role] as [string, string] }
        : {}),
      ...(get('fs.s3a.access.key') !== undefined ? { accessKey: get('fs.s3a.access.key') } : {}),
      ...(get('fs.s3a.endpoint.region', 'fs.s3a.assumed.role.sts.endpoint.region') !== undefined
        ? { region: get('fs.s3a.endpoint.region', 'fs.s3a.assumed.role.sts.endpoint.region') }
        : {}),
    };
    const duration = durationOf(get('fs.s3a.assumed.role.session.duration'));
    const chain = chainOf(
      label,
      's3',
      side,
      {
        ...(resource !== undefined ? { resource } : {}),
        ...(duration !== undefined && side.role ? { durationSeconds: duration } : {}),
      },
      'default-chain',
    );
    if (chain.credentials === 'assumed-role' && side.accessKey !== undefined)
      chain.accessKeyId = side.accessKey;
    return chain;
  };
  const base = getter(raw);
  chains.push(one(base, 'S3'));
  for (const b of buckets) {
    // Per-bucket settings override the base ones for that bucket only.
    const get: Get = (...keys) => {
      for (const k of keys) {
        const v = raw.get(k.replace(/^fs\.s3a\./, `fs.s3a.bucket.${b}.`));
        if (v !== undefined && v.trim() !== '') return v.trim();
      }
      return base(...keys);
    };
    chains.push(one(get, `S3 (bucket ${b})`, `s3://${b}/`));
  }
  return chains;
}

function iceberg(ctx: Ctx): PlannedChain[] {
  // Spark names each catalog: spark.sql.catalog.<name>.<property>; a bare properties file is one catalog.
  const groups = new Map<string, Map<string, string>>();
  for (const [k, v] of ctx.raw) {
    const m = /^spark\.sql\.catalog\.([^.]+)\.(.+)$/.exec(k);
    const [name, key] = m ? [m[1] as string, m[2] as string] : ['', k];
    if (!groups.has(name)) groups.set(name, new Map());
    groups.get(name)?.set(key, v);
  }
  const chains: PlannedChain[] = [];
  for (const [name, raw] of groups) {
    const get = getter(raw);
    const role = get('client.assume-role.arn');
    const factory = get('client.factory') ?? '';
    const isGlue = /GlueCatalog/.test(get('catalog-impl') ?? '') || get('type')?.toLowerCase() === 'glue';
    const warehouse = get('warehouse');
    if (!role && !isGlue && !warehouse) continue;
    const tag = name ? ` (catalog ${name})` : '';
    if (role !== undefined && !/AssumeRoleAwsClientFactory/.test(factory))
      ctx.notes.push(
        `catalog${tag}: client.assume-role.arn is set but client.factory is not org.apache.iceberg.aws.AssumeRoleAwsClientFactory; checked as if it were`,
      );
    const side: Side = {
      ...(role !== undefined ? { role: ['client.assume-role.arn', role] as [string, string] } : {}),
      ...(get('client.assume-role.external-id') !== undefined
        ? { externalId: get('client.assume-role.external-id') }
        : {}),
      ...(get('s3.access-key-id') !== undefined ? { accessKey: get('s3.access-key-id') } : {}),
      ...(get('client.assume-role.region', 'client.region') !== undefined
        ? { region: get('client.assume-role.region', 'client.region') }
        : {}),
    };
    chains.push(
      chainOf(
        `S3${tag}`,
        's3',
        side,
        warehouse && /^s3[an]?:\/\//i.test(warehouse) ? { resource: warehouse } : {},
        'default-chain',
      ),
    );
    if (isGlue) {
      const catalog = get('glue.id');
      const { accessKey: _ak, ...glueSide } = side;
      chains.push(glueChainOf(`Glue${tag}`, glueSide, catalog));
    }
  }
  return chains;
}

function endpointCheck(
  ctx: Ctx,
  endpoint: string | undefined,
  region: string | undefined,
  name: string,
): void {
  const er = endpoint !== undefined ? endpointRegion(endpoint) : undefined;
  if (er !== undefined && region !== undefined && er !== region.toLowerCase())
    ctx.contradictions.push(`the ${name} endpoint ${endpoint ?? ''} is in ${er} but the region is ${region}`);
}

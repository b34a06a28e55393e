/**
 * `parseEngineProperties()`: reads the AWS settings out of a Doris or StarRocks statement and turns them
 * into the chain they describe (the role to assume, the ExternalId, the bucket path or Glue catalog, the
 * region), and lists the settings that contradict each other.
 *
 * Accepted: Doris `CREATE REPOSITORY … WITH S3 ON LOCATION … PROPERTIES(…)`, `CREATE STORAGE VAULT …
 * PROPERTIES(…)`, S3 load `LOAD LABEL … WITH S3 (…)` (keys `s3.*` or `AWS_*`); StarRocks `CREATE EXTERNAL
 * CATALOG … PROPERTIES(…)` and any other statement with `aws.s3.*` / `aws.glue.*` keys (Doris and StarRocks
 * documentation, "AWS authentication and authorization" / "Authenticate to AWS resources").
 * Secrets are never returned: secret keys are masked, access key ids shortened.
 */
import type { Result } from '../model';
import { err, ok } from '../model';
import type { ChainCheckRequest } from './check-input';

export const SQL_ENGINES = ['doris', 'starrocks', 'unknown'] as const;
export type SqlEngine = (typeof SQL_ENGINES)[number];

export const CREDENTIAL_KINDS = ['assumed-role', 'instance-profile', 'static-keys', 'default-chain'] as const;
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number];

export interface EngineProperties {
  engine: SqlEngine;
  /** Every `"key" = "value"` pair, secrets masked. */
  properties: Record<string, string>;
  /** The chain to check (S3 side, or Glue when the statement only configures Glue); the caller adds the source. */
  check: Partial<ChainCheckRequest>;
  /** Every chain the statement describes (StarRocks may give the S3 and the Glue side different roles). */
  checks: Partial<ChainCheckRequest>[];
  /** How the engine will get credentials. */
  credentials: CredentialKind;
  /** A static access key is configured (its id is shortened in `properties`; the secret is never returned). */
  staticKey: boolean;
  contradictions: string[];
  statement: 'repository' | 'storage-vault' | 's3-load' | 'external-catalog' | 'other';
}

interface Scan {
  pairs: [string, string][];
  locations: string[];
}

/** Reads string literals and `"k" = "v"` pairs, skipping comments; undefined on an unterminated string. */
function scan(sql: string): Scan | undefined {
  const pairs: [string, string][] = [];
  const locations: string[] = [];
  const tokens: { kind: 'str' | 'eq' | 'word' | 'punct'; text: string }[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i] as string;
    if (c === '-' && sql[i + 1] === '-') {
      const nl = sql.indexOf('\n', i);
      i = nl < 0 ? sql.length : nl + 1;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 2;
    } else if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      let text = '';
      while (j < sql.length && sql[j] !== c) {
        if (sql[j] === '\\' && j + 1 < sql.length) j++;
        text += sql[j];
        j++;
      }
      if (j >= sql.length) return undefined;
      tokens.push({ kind: c === '`' ? 'word' : 'str', text });
      i = j + 1;
    } else if (c === '=') {
      tokens.push({ kind: 'eq', text: '=' });
      i++;
    } else if (/\s/.test(c)) i++;
    else if (/[\w.]/.test(c)) {
      let j = i;
      while (j < sql.length && /[\w.]/.test(sql[j] as string)) j++;
      tokens.push({ kind: 'word', text: sql.slice(i, j) });
      i = j;
    } else {
      tokens.push({ kind: 'punct', text: c });
      i++;
    }
  }
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    const eq = tokens[k + 1];
    const v = tokens[k + 2];
    if (t?.kind === 'str' && eq?.kind === 'eq' && v && (v.kind === 'str' || v.kind === 'word')) {
      pairs.push([t.text.trim(), v.text]);
      k += 2;
    } else if (t?.kind === 'str' && /^s3[an]?:\/\//i.test(t.text)) locations.push(t.text);
  }
  return { pairs, locations };
}

const ROLE_ARN = /^arn:aws[\w-]*:iam::\d{12}:role\/.+/;
const SECRET_KEYS = /(secret_key|secret-key|secretkey|aws_secret_key|session_token|sessiontoken|password)$/i;
const ACCESS_KEYS = /(^|\.)(access_key|aws_access_key|access-key)$|^AWS_ACCESS_KEY$/i;

/** `s3.us-west-2.amazonaws.com`, `https://bucket.s3.eu-west-1.amazonaws.com`, `s3-us-west-2.amazonaws.com`, `glue.us-east-1.amazonaws.com`. */
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

/** A bucket path as a chain-check resource: the part before the first wildcard, as a folder. */
function folderOf(location: string): string {
  const m = /^s3[an]?:\/\/([^/]+)\/?(.*)$/i.exec(location.trim());
  if (!m) return location;
  const path = m[2] ?? '';
  const star = path.search(/[*?{[]/);
  const fixed = star < 0 ? path : path.slice(0, path.lastIndexOf('/', star) + 1);
  return `s3://${m[1]}/${fixed}`;
}

/** Repositories and vaults name a folder; loads name files or globs. */
const asResource = (location: string, folder: boolean): string => {
  const r = folderOf(location);
  return folder && !r.endsWith('/') ? `${r}/` : r;
};

function statementOf(sql: string): EngineProperties['statement'] {
  const s = sql
    .replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, ' ')
    .replace(/\s+/g, ' ')
    .toUpperCase();
  if (/\bCREATE\s+(READ\s+ONLY\s+)?REPOSITORY\b/.test(s)) return 'repository';
  if (/\bCREATE\s+STORAGE\s+(VAULT|VOLUME)\b/.test(s)) return 'storage-vault';
  if (/\bLOAD\s+LABEL\b/.test(s) || /\bWITH\s+S3\b/.test(s)) return 's3-load';
  if (/\bCREATE\s+(EXTERNAL\s+)?CATALOG\b/.test(s)) return 'external-catalog';
  return 'other';
}

/** Reads a Doris / StarRocks statement's AWS settings. Fails only when there is nothing to read. */
export function parseEngineProperties(sql: string): Result<EngineProperties> {
  if (typeof sql !== 'string' || sql.trim() === '') return err('bad_sql', 'No statement given.');
  const scanned = scan(sql);
  if (!scanned) return err('bad_sql', 'The statement has an unterminated string literal.');
  const raw = new Map<string, string>();
  for (const [k, v] of scanned.pairs) raw.set(k.toLowerCase(), v);
  if (raw.size === 0)
    return err(
      'bad_sql',
      'No "key" = "value" properties found: paste the whole CREATE / LOAD statement with its PROPERTIES.',
    );
  const get = (...keys: string[]): string | undefined => {
    for (const k of keys) {
      const v = raw.get(k.toLowerCase());
      if (v !== undefined && v.trim() !== '') return v.trim();
    }
    return undefined;
  };
  const statement = statementOf(sql);
  const keys = [...raw.keys()];
  const dorisKeys = keys.some((k) => /^(s3\.|aws_)/.test(k) || k === 'provider');
  const starKeys = keys.some(
    (k) => k.startsWith('aws.s3.') || k.startsWith('aws.glue.') || k.startsWith('aws.hive.'),
  );
  const engine: SqlEngine =
    starKeys && !dorisKeys
      ? 'starrocks'
      : dorisKeys && !starKeys
        ? 'doris'
        : statement === 'storage-vault'
          ? 'doris'
          : starKeys
            ? 'starrocks'
            : 'unknown';

  const properties: Record<string, string> = {};
  for (const [k, v] of scanned.pairs) {
    if (SECRET_KEYS.test(k)) properties[k] = '****';
    else if (ACCESS_KEYS.test(k)) properties[k] = v.length > 8 ? `${v.slice(0, 4)}…${v.slice(-4)}` : '****';
    else properties[k] = v;
  }

  const s3Role = get('s3.role_arn', 'aws_role_arn', 'aws.s3.iam_role_arn');
  const s3ExternalId = get('s3.external_id', 'aws_external_id', 'aws.s3.external_id');
  const glueRole = get('aws.glue.iam_role_arn', 'glue.role_arn');
  const glueExternalId = get('aws.glue.external_id', 'glue.external_id');
  const region = get('s3.region', 'aws_region', 'aws.s3.region', 'region');
  const glueRegion = get('aws.glue.region', 'glue.region') ?? region;
  const endpoint = get('s3.endpoint', 'aws_endpoint', 'aws.s3.endpoint', 'endpoint');
  const glueEndpoint = get('aws.glue.endpoint', 'glue.endpoint');
  const s3Profile = get('aws.s3.use_instance_profile');
  const glueProfile = get('aws.glue.use_instance_profile');
  const accessKey = get('s3.access_key', 'aws_access_key', 'aws.s3.access_key', 'ak');
  const secretKey = get('s3.secret_key', 'aws_secret_key', 'aws.s3.secret_key', 'sk');
  const glueAccess = get('aws.glue.access_key');
  const staticKey = accessKey !== undefined || glueAccess !== undefined;
  const usesGlue =
    get('hive.metastore.type', 'iceberg.catalog.type', 'metastore.type')?.toLowerCase() === 'glue' ||
    glueRole !== undefined ||
    glueProfile !== undefined;

  const contradictions: string[] = [];
  const isFalse = (v: string | undefined): boolean => v !== undefined && v.toLowerCase() === 'false';
  const isTrue = (v: string | undefined): boolean => v !== undefined && v.toLowerCase() === 'true';
  if (engine === 'starrocks') {
    if (s3Role !== undefined && !isTrue(s3Profile) && accessKey === undefined)
      contradictions.push(
        `aws.s3.iam_role_arn is set but aws.s3.use_instance_profile is ${s3Profile ?? 'not set (default false)'}: StarRocks assumes the role only with use_instance_profile = true, so it has no credentials`,
      );
    if (glueRole !== undefined && !isTrue(glueProfile) && glueAccess === undefined)
      contradictions.push(
        `aws.glue.iam_role_arn is set but aws.glue.use_instance_profile is ${glueProfile ?? 'not set (default false)'}: the Glue role is never assumed`,
      );
    if (isFalse(s3Profile) && s3Role === undefined && accessKey === undefined)
      contradictions.push(
        'aws.s3.use_instance_profile = false with neither a role ARN nor access keys: there are no S3 credentials',
      );
    if (isTrue(s3Profile) && accessKey !== undefined)
      contradictions.push(
        'aws.s3.use_instance_profile = true together with aws.s3.access_key: one credential method must be chosen',
      );
  }
  if (s3Role !== undefined && accessKey !== undefined)
    contradictions.push(
      'a role ARN and a static access key are both set: the static key would be used to assume the role (or instead of it), and long-lived keys are what the role replaces',
    );
  if ((accessKey === undefined) !== (secretKey === undefined))
    contradictions.push(
      accessKey === undefined ? 'a secret key without an access key' : 'an access key without its secret key',
    );
  if (s3ExternalId !== undefined && s3Role === undefined)
    contradictions.push('an ExternalId without a role ARN: it is never sent');
  if (glueExternalId !== undefined && glueRole === undefined)
    contradictions.push('aws.glue.external_id without aws.glue.iam_role_arn: it is never sent');
  for (const [name, arn] of [
    ['S3 role', s3Role],
    ['Glue role', glueRole],
  ] as const)
    if (arn !== undefined && !ROLE_ARN.test(arn))
      contradictions.push(`the ${name} '${arn}' is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)`);
  for (const [name, ep, r] of [
    ['S3', endpoint, region],
    ['Glue', glueEndpoint, glueRegion],
  ] as const) {
    const er = ep !== undefined ? endpointRegion(ep) : undefined;
    if (er !== undefined && r !== undefined && er !== r.toLowerCase())
      contradictions.push(`the ${name} endpoint ${ep} is in ${er} but the region is ${r}`);
  }
  if (dorisKeys && starKeys)
    contradictions.push(
      "Doris keys (s3.*, AWS_*) and StarRocks keys (aws.s3.*) are mixed: each engine ignores the other's",
    );

  const location =
    scanned.locations[0] ??
    (get('s3.bucket', 'aws.s3.bucket') !== undefined
      ? `s3://${get('s3.bucket', 'aws.s3.bucket')}/${(get('s3.root.path', 'root_path') ?? '').replace(/^\/+/, '')}`
      : undefined);
  const writes = statement === 'repository' || statement === 'storage-vault';
  const checks: Partial<ChainCheckRequest>[] = [];
  if (s3Role !== undefined || location !== undefined) {
    checks.push({
      ...(s3Role !== undefined ? { targetRole: s3Role } : {}),
      ...(s3ExternalId !== undefined ? { externalId: s3ExternalId } : {}),
      ...(location !== undefined ? { resource: asResource(location, writes) } : {}),
      action: writes ? 's3:PutObject' : 's3:GetObject',
      ...(region !== undefined ? { region } : {}),
    });
  }
  if (usesGlue) {
    checks.push({
      ...((glueRole ?? s3Role) !== undefined ? { targetRole: glueRole ?? s3Role } : {}),
      ...((glueRole !== undefined ? glueExternalId : s3ExternalId) !== undefined
        ? { externalId: glueRole !== undefined ? glueExternalId : s3ExternalId }
        : {}),
      resource: 'glue:catalog',
      action: 'glue:GetTable',
      ...(glueRegion !== undefined ? { region: glueRegion } : {}),
    });
  }
  const credentials: CredentialKind =
    s3Role !== undefined || glueRole !== undefined
      ? 'assumed-role'
      : staticKey
        ? 'static-keys'
        : isTrue(s3Profile) || isTrue(glueProfile)
          ? 'instance-profile'
          : 'default-chain';
  const check = checks.find((c) => c.targetRole !== undefined) ?? checks[0] ?? {};
  return ok({ engine, properties, check, checks, credentials, staticKey, contradictions, statement });
}

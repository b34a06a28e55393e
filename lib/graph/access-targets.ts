/**
 * What `can-access` edges are about: the targets a principal's policies name (S3 bucket or prefix, Glue
 * catalog or database, KMS key), the representative call per access level, the target's resource policy,
 * and its graph node.
 */
import { parseArn } from '../model';
import type { Bucket } from '../model';
import { allowedResourcePatternTexts, anyMatches, compilePolicy, resourceMatches } from '../policy';
import type { ContextValue, PolicyInput } from '../policy/types';
import type { GraphBuilder } from './builder';
import type { SnapshotIndex } from './snapshot-index';
import type { AccessLevel } from './types';
import { TextMemo } from '../policy/text-memo';

/** The key name used to stand for "any object" under a bucket or prefix. */
export const PROBE_KEY = 'rolechain-probe-object';

/** Context every data-access evaluation assumes: SDKs and engines call S3 over TLS. */
/** Frozen: shared as is by every probe without keys of its own (see `requestContext` in engine.ts). */
export const DATA_CONTEXT: Readonly<Record<string, ContextValue>> = Object.freeze({
  'aws:SecureTransport': true,
});

export interface Probe {
  level: AccessLevel;
  action: string;
  resources: string[];
  /** The whole request context of the probe (DATA_CONTEXT plus its own keys), frozen and shared. */
  context?: Readonly<Record<string, ContextValue>>;
}

/**
 * One frozen context per listed prefix. Why: the engine reads a context object once per object, and a
 * frozen one lets lib/graph/engine.ts share it without serialising it on every call.
 */
const prefixContexts = new TextMemo<Readonly<Record<string, ContextValue>>>(500_000);
function prefixContext(prefix: string): Readonly<Record<string, ContextValue>> {
  let ctx = prefixContexts.get(prefix);
  if (!ctx) {
    ctx = Object.freeze({ ...DATA_CONTEXT, 's3:prefix': prefix });
    prefixContexts.set(prefix, ctx);
  }
  return ctx;
}

export type Target = (
  | { kind: 'bucket'; bucket: string }
  | { kind: 'prefix'; bucket: string; prefix: string }
  | { kind: 'glue'; region: string; account: string; database?: string }
  | { kind: 'kms'; arn: string }
) & {
  /** Named exactly by a policy (not only matched by a wildcard): worth an edge even when every level is denied. */
  named?: boolean;
};

const S3_ACTIONS = ['s3:GetObject', 's3:PutObject', 's3:ListBucket', 's3:PutBucketPolicy'];
const GLUE_ACTIONS = [
  'glue:GetTable',
  'glue:GetTables',
  'glue:GetDatabases',
  'glue:UpdateTable',
  'glue:CreateTable',
];
const KMS_ACTIONS = ['kms:Decrypt', 'kms:GenerateDataKey'];

/**
 * Every action the graph asks of a principal's identity policies before it calls the engine: the
 * candidate index's `sts:AssumeRole` and the data actions above. Each policy is read once for all of
 * them (see `allowedResourcePatternTexts`); one frozen list, compared by identity.
 */
export const IDENTITY_GRANT_ACTIONS: readonly string[] = Object.freeze([
  'sts:AssumeRole',
  ...S3_ACTIONS,
  ...GLUE_ACTIONS,
  ...KMS_ACTIONS,
  // Asked only by the probes' pre-check (`mayAllow`): the admin levels' actions.
  'glue:DeleteDatabase',
  'glue:PutResourcePolicy',
  'kms:PutKeyPolicy',
]);

export const targetKey = (t: Target): string =>
  t.kind === 'bucket'
    ? `b|${t.bucket}`
    : t.kind === 'prefix'
      ? `p|${t.bucket}|${t.prefix}`
      : t.kind === 'glue'
        ? `g|${t.account}|${t.region}|${t.database ?? ''}`
        : `k|${t.arn}`;

const glueCatalogArn = (region: string, account: string): string =>
  `arn:aws:glue:${region}:${account}:catalog`;

/** The prefix an object pattern names: `doris/*` → `doris/`; empty for the whole bucket. */
function prefixOf(keyPattern: string): string {
  const star = keyPattern.search(/[*?]/);
  if (star < 0) return keyPattern;
  return keyPattern.slice(0, star);
}

function s3Targets(sx: SnapshotIndex, pattern: string, out: Map<string, Target>): void {
  const add = (t: Target): void => void out.set(targetKey(t), t);
  const named = (t: Target): void => add({ ...t, named: true });
  if (pattern === '*' || pattern.startsWith('arn:aws:s3:::*') || pattern.startsWith('arn:*')) {
    for (const b of sx.snapshot.buckets)
      if (matchesBucket(pattern, b)) add({ kind: 'bucket', bucket: b.name });
    return;
  }
  const arn = parseArn(pattern);
  if (!arn || arn.service !== 's3') return;
  const slash = arn.resource.indexOf('/');
  const bucket = slash < 0 ? arn.resource : arn.resource.slice(0, slash);
  if (bucket === '') return;
  if (/[*?]/.test(bucket) || bucket.includes('${')) {
    for (const b of sx.snapshot.buckets)
      if (matchesBucket(pattern, b)) add({ kind: 'bucket', bucket: b.name });
    return;
  }
  const prefix = slash < 0 ? '' : prefixOf(arn.resource.slice(slash + 1));
  named(prefix === '' ? { kind: 'bucket', bucket } : { kind: 'prefix', bucket, prefix });
}

const matchesBucket = (pattern: string, b: Bucket): boolean =>
  resourceMatches(pattern, `arn:aws:s3:::${b.name}`) ||
  resourceMatches(pattern, `arn:aws:s3:::${b.name}/${PROBE_KEY}`);

function glueTargets(sx: SnapshotIndex, pattern: string, out: Map<string, Target>): void {
  const arn = parseArn(pattern);
  const exact =
    arn &&
    arn.service === 'glue' &&
    /^\d{12}$/.test(arn.account) &&
    !/[*?]/.test(arn.region) &&
    arn.region !== '';
  if (exact) {
    // `database/<db>` or `table/<db>/…` with a literal database name: that database; otherwise the catalog.
    const db = /^(?:database|table)\/([^/*?]+)(?:\/|$)/.exec(arn.resource)?.[1];
    const t: Target = {
      kind: 'glue',
      region: arn.region,
      account: arn.account,
      ...(db !== undefined ? { database: db } : {}),
      named: true,
    };
    out.set(targetKey(t), t);
    return;
  }
  for (const c of sx.snapshot.glueCatalogs) {
    const catalog = glueCatalogArn(c.region, c.account);
    if (
      resourceMatches(pattern, catalog) ||
      resourceMatches(pattern, `arn:aws:glue:${c.region}:${c.account}:table/x/y`)
    ) {
      const t: Target = { kind: 'glue', region: c.region, account: c.account };
      out.set(targetKey(t), t);
    }
  }
}

function kmsTargets(sx: SnapshotIndex, pattern: string, out: Map<string, Target>): void {
  const arn = parseArn(pattern);
  if (arn && arn.service === 'kms' && arn.resource.startsWith('key/') && !/[*?]/.test(pattern)) {
    out.set(`k|${pattern}`, { kind: 'kms', arn: pattern, named: true });
    return;
  }
  for (const k of sx.snapshot.kmsKeys)
    if (resourceMatches(pattern, k.arn)) out.set(`k|${k.arn}`, { kind: 'kms', arn: k.arn });
}

/** The targets one Resource pattern names, as `[targetKey, target]` in the order they were first set. */
type PatternTargets = readonly (readonly [string, Target])[];
type TargetsOf = (sx: SnapshotIndex, pattern: string, out: Map<string, Target>) => void;

/**
 * What each Resource pattern names, worked out once per pattern and service for one build (a
 * `PatternTargetMemo` per `addAccessEdges` call) and replayed for every principal whose policies carry
 * it. Why: thousands of principals carry the same patterns (`arn:aws:s3:::data-lake/*`, `*`), and each
 * read of one parsed the ARN, ran its regexes and made new target objects and key strings: at 41,000
 * roles about a tenth of what `can-access` allocated. The targets are shared, read-only objects.
 */
export class PatternTargetMemo {
  private readonly byService = new Map<TargetsOf, Map<string, PatternTargets>>();
  constructor(private readonly sx: SnapshotIndex) {}

  /** Sets into `out` what `targetsOf` would set for `pattern`, with the same final keys, order and values. */
  replay(targetsOf: TargetsOf, pattern: string, out: Map<string, Target>): void {
    let memo = this.byService.get(targetsOf);
    if (!memo) {
      memo = new Map();
      this.byService.set(targetsOf, memo);
    }
    let entries = memo.get(pattern);
    if (!entries) {
      // A fresh map keeps each key where it was first set, with its last value: replaying its entries
      // into `out` leaves `out` as the calls themselves would (keys already there keep their place).
      const own = new Map<string, Target>();
      targetsOf(this.sx, pattern, own);
      entries = [...own];
      memo.set(pattern, entries);
    }
    for (const [k, t] of entries) out.set(k, t);
  }
}

/** What a principal's identity policies name, as access targets (shared objects: do not mutate). */
export function identityTargets(
  sx: SnapshotIndex,
  identity: AllowIndex,
  memo: PatternTargetMemo = new PatternTargetMemo(sx),
): Map<string, Target> {
  const out = new Map<string, Target>();
  if (identity.empty) return out;
  const each = (actions: readonly string[], targetsOf: TargetsOf): void => {
    // Deduplicated first, as before: a pattern set again after another would change which value a
    // shared key ends with.
    const seen = new Set<string>();
    const visit = (r: string): void => {
      if (seen.has(r)) return;
      seen.add(r);
      memo.replay(targetsOf, r, out);
    };
    for (const a of actions) identity.eachPattern(a, visit);
  };
  each(S3_ACTIONS, s3Targets);
  each(GLUE_ACTIONS, glueTargets);
  each(KMS_ACTIONS, kmsTargets);
  return out;
}

/**
 * The representative calls per access level for a target. Not memoised here: `addAccessEdges` makes them
 * once per target and shares them with every principal that names it (its `factsOf`); a module memo of
 * them by target key was never hit (0 of 31,759 look-ups at 41,000 roles) and held every list, about
 * 17 MB at that size, until the build was done.
 */
export function probes(t: Target): readonly Probe[] {
  return makeProbes(t);
}

function makeProbes(t: Target): Probe[] {
  switch (t.kind) {
    case 'bucket': {
      const b = `arn:aws:s3:::${t.bucket}`;
      return [
        { level: 'list', action: 's3:ListBucket', resources: [b] },
        { level: 'read', action: 's3:GetObject', resources: [`${b}/${PROBE_KEY}`] },
        { level: 'write', action: 's3:PutObject', resources: [`${b}/${PROBE_KEY}`] },
        { level: 'admin', action: 's3:PutBucketPolicy', resources: [b] },
      ];
    }
    case 'prefix': {
      const b = `arn:aws:s3:::${t.bucket}`;
      const object =
        t.prefix.endsWith('/') || t.prefix === '' ? `${b}/${t.prefix}${PROBE_KEY}` : `${b}/${t.prefix}`;
      return [
        { level: 'list', action: 's3:ListBucket', resources: [b], context: prefixContext(t.prefix) },
        { level: 'read', action: 's3:GetObject', resources: [object] },
        { level: 'write', action: 's3:PutObject', resources: [object] },
      ];
    }
    case 'glue': {
      const base = `arn:aws:glue:${t.region}:${t.account}`;
      if (t.database !== undefined) {
        const db = [`${base}:catalog`, `${base}:database/${t.database}`];
        const tables = [...db, `${base}:table/${t.database}/${PROBE_KEY}`];
        return [
          { level: 'list', action: 'glue:GetTables', resources: db },
          { level: 'read', action: 'glue:GetTable', resources: tables },
          { level: 'write', action: 'glue:UpdateTable', resources: tables },
          { level: 'admin', action: 'glue:DeleteDatabase', resources: db },
        ];
      }
      const tables = [
        `${base}:catalog`,
        `${base}:database/${PROBE_KEY}`,
        `${base}:table/${PROBE_KEY}/${PROBE_KEY}`,
      ];
      return [
        { level: 'list', action: 'glue:GetDatabases', resources: [`${base}:catalog`] },
        { level: 'read', action: 'glue:GetTable', resources: tables },
        { level: 'write', action: 'glue:UpdateTable', resources: tables },
        { level: 'admin', action: 'glue:PutResourcePolicy', resources: [`${base}:catalog`] },
      ];
    }
    case 'kms':
      return [
        { level: 'read', action: 'kms:Decrypt', resources: [t.arn] },
        { level: 'write', action: 'kms:GenerateDataKey', resources: [t.arn] },
        { level: 'admin', action: 'kms:PutKeyPolicy', resources: [t.arn] },
      ];
  }
}

export interface ResourceSideOf {
  policy?: PolicyInput;
  account?: string;
}

/**
 * One shared (read-only) answer per snapshot index and resource. Why: the engine prepares a policy input
 * once per input object (and shares open conditions per policy label); a fresh `{ name, document }` per
 * call made it re-prepare the bucket / catalog / key policy on every probe of every principal.
 */
const sides = new WeakMap<SnapshotIndex, Map<string, ResourceSideOf>>();

/** The resource policy and owning account of a target, from the snapshot (shared object: do not mutate). */
export function resourceSide(sx: SnapshotIndex, t: Target): ResourceSideOf {
  let bySx = sides.get(sx);
  if (!bySx) {
    bySx = new Map();
    sides.set(sx, bySx);
  }
  // A prefix has its bucket's policy and account.
  const key = t.kind === 'prefix' || t.kind === 'bucket' ? `b|${t.bucket}` : targetKey(t);
  let side = bySx.get(key);
  if (!side) {
    side = readResourceSide(sx, t);
    bySx.set(key, side);
  }
  return side;
}

function readResourceSide(sx: SnapshotIndex, t: Target): ResourceSideOf {
  switch (t.kind) {
    case 'bucket':
    case 'prefix': {
      const b = sx.bucketsByName.get(t.bucket);
      return {
        ...(b?.policy !== undefined
          ? { policy: { name: `bucket policy of ${t.bucket}`, document: b.policy } }
          : {}),
        ...(b?.account !== undefined ? { account: b.account } : {}),
      };
    }
    case 'glue': {
      const c = sx.glueByAccountRegion.get(`${t.account}/${t.region}`);
      return {
        ...(c?.policy !== undefined
          ? { policy: { name: `Glue catalog policy of ${t.account} ${t.region}`, document: c.policy } }
          : {}),
        account: t.account,
      };
    }
    case 'kms': {
      const k = sx.kmsByArn.get(t.arn);
      return {
        ...(k?.policy !== undefined
          ? { policy: { name: `key policy of ${t.arn}`, arn: t.arn, document: k.policy } }
          : {}),
        ...(k ? { account: k.account } : {}),
      };
    }
  }
}

export function targetNode(sx: SnapshotIndex, g: GraphBuilder, t: Target): string {
  switch (t.kind) {
    case 'bucket':
      return g.bucket(t.bucket);
    case 'prefix':
      g.bucket(t.bucket);
      return g.prefix(t.bucket, t.prefix);
    case 'glue': {
      const arn = glueCatalogArn(t.region, t.account);
      const known = sx.glueByAccountRegion.has(`${t.account}/${t.region}`);
      if (t.database !== undefined) {
        const id = `arn:aws:glue:${t.region}:${t.account}:database/${t.database}`;
        return g.node({
          id,
          kind: 'glue-database',
          label: t.database,
          account: t.account,
          arn: id,
          meta: { region: t.region, catalog: arn },
          ...(known ? {} : { external: true }),
        });
      }
      return g.node({
        id: arn,
        kind: 'glue-catalog',
        label: `Glue catalog ${t.account} ${t.region}`,
        account: t.account,
        arn,
        meta: { region: t.region },
        ...(known ? {} : { external: true }),
      });
    }
    case 'kms': {
      const k = sx.kmsByArn.get(t.arn);
      const account = k?.account ?? parseArn(t.arn)?.account;
      return g.node({
        id: t.arn,
        kind: 'kms-key',
        label: t.arn.slice(t.arn.lastIndexOf('/') + 1),
        ...(account ? { account } : {}),
        arn: t.arn,
        ...(k ? {} : { external: true }),
      });
    }
  }
}

/** The Resource patterns of a resource policy's valid Allow statements covering `action` (principals and conditions not read). */
function resourceAllowPatterns(docs: readonly unknown[], action: string): string[] {
  const lc = action.toLowerCase();
  const out: string[] = [];
  for (const d of docs)
    for (const cs of compilePolicy(d, true).statements) {
      const st = cs.statement;
      if (st.effect !== 'Allow' || !st.valid) continue;
      const covers = cs.actions
        ? anyMatches(cs.actions, lc)
        : cs.notActions
          ? !anyMatches(cs.notActions, lc)
          : false;
      if (!covers) continue;
      if (st.notResource || !st.resource) out.push('*');
      else out.push(...st.resource);
    }
  return out;
}

/** Resource patterns that Allow statements grant per action, cached per set of documents. */
export class AllowIndex {
  private readonly cache = new Map<string, readonly string[]>();
  constructor(
    private readonly docs: readonly unknown[],
    private readonly kind: 'identity' | 'resource' = 'identity',
  ) {}
  get empty(): boolean {
    return this.docs.length === 0;
  }

  private ones: (readonly unknown[])[] | undefined;
  /** Each document alone, as the one-document lists whose pattern texts lib/policy caches per document. */
  private singles(): (readonly unknown[])[] {
    return (this.ones ??= this.docs.map((d) => [d]));
  }

  /** True when some Allow statement for `action` names a pattern that covers `resource` (conditions not evaluated). */
  mayAllow(action: string, resource: string): boolean {
    if (this.kind === 'identity' && this.docs.length > 1) {
      // Per document, from each one's own cached list: no merged list per principal and action.
      for (const one of this.singles())
        for (const p of allowedResourcePatternTexts(one, action, IDENTITY_GRANT_ACTIONS))
          if (p.includes('${') || resourceMatches(p, resource)) return true;
      return false;
    }
    for (const p of this.patterns(action)) if (p.includes('${') || resourceMatches(p, resource)) return true;
    return false;
  }

  /**
   * Calls `visit` with every pattern `patterns(action)` holds, in the same order, without making the
   * merged list: an identity index reads each document's own cached list (see `allowedResourcePatternTexts`).
   */
  eachPattern(action: string, visit: (pattern: string) => void): void {
    if (this.kind === 'identity' && this.docs.length > 1) {
      for (const one of this.singles())
        for (const p of allowedResourcePatternTexts(one, action, IDENTITY_GRANT_ACTIONS)) visit(p);
      return;
    }
    for (const p of this.patterns(action)) visit(p);
  }

  patterns(action: string): readonly string[] {
    let patterns = this.cache.get(action);
    if (!patterns) {
      patterns =
        this.docs.length === 0
          ? []
          : this.kind === 'identity'
            ? allowedResourcePatternTexts(this.docs, action, IDENTITY_GRANT_ACTIONS)
            : resourceAllowPatterns(this.docs, action);
      this.cache.set(action, patterns);
    }
    return patterns;
  }
}

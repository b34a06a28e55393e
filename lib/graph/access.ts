/**
 * `can-access` edges: principal → S3 bucket or prefix, Glue catalog, KMS key, summarised as
 * list / read / write / admin. Each level is one engine call with a representative action, with the
 * identity side (policies, boundary, SCPs) and the resource side (bucket / catalog / key policy, RCPs).
 *
 * Targets come from what the principal's policies name (and from resource policies that name the
 * principal), never from all principal × resource pairs.
 */
import { parseArn } from '../model';
import type { Bucket } from '../model';
import { allowedResourcePatterns, compilePolicy, resourceMatches, trustPrincipals } from '../policy';
import type { ContextValue, Evaluation, OpenCondition, PolicyInput, Reason } from '../policy/types';
import type { GraphBuilder } from './builder';
import { evaluatePrincipal } from './engine';
import type { IamPrincipal, SnapshotIndex } from './snapshot-index';
import { findPrincipal, principalArn } from './snapshot-index';
import type { AccessLevel, GraphEdge } from './types';

/** The key name used to stand for "any object" under a bucket or prefix. */
export const PROBE_KEY = 'rolechain-probe-object';

/** Context every data-access evaluation assumes: SDKs and engines call S3 over TLS. */
export const DATA_CONTEXT: Record<string, ContextValue> = { 'aws:SecureTransport': true };

interface Probe {
  level: AccessLevel;
  action: string;
  resources: string[];
  context?: Record<string, ContextValue>;
}

type Target = (
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

const targetKey = (t: Target): string =>
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

/** What a principal's identity policies name, as access targets. */
function identityTargets(sx: SnapshotIndex, identity: AllowIndex): Map<string, Target> {
  const out = new Map<string, Target>();
  if (identity.empty) return out;
  const patterns = (actions: string[]): Set<string> => {
    const s = new Set<string>();
    for (const a of actions) for (const r of identity.patterns(a)) s.add(r);
    return s;
  };
  for (const pattern of patterns(S3_ACTIONS)) s3Targets(sx, pattern, out);
  for (const pattern of patterns(GLUE_ACTIONS)) glueTargets(sx, pattern, out);
  for (const pattern of patterns(KMS_ACTIONS)) kmsTargets(sx, pattern, out);
  return out;
}

function probes(t: Target): Probe[] {
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
        { level: 'list', action: 's3:ListBucket', resources: [b], context: { 's3:prefix': t.prefix } },
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

/** The resource policy and owning account of a target, from the snapshot. */
function resourceSide(sx: SnapshotIndex, t: Target): { policy?: PolicyInput; account?: string } {
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

function targetNode(sx: SnapshotIndex, g: GraphBuilder, t: Target): string {
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

/** The best of several evaluations that must all allow (Glue needs the catalog, database and table). */
function combine(evals: Evaluation[]): Evaluation {
  const order = ['ExplicitDeny', 'ImplicitDeny', 'Conditional', 'Allow'] as const;
  let worst = evals[0] as Evaluation;
  for (const e of evals) if (order.indexOf(e.decision) < order.indexOf(worst.decision)) worst = e;
  return worst;
}

export interface AccessSummary {
  access: AccessLevel[];
  conditionalAccess: AccessLevel[];
  decision: Evaluation['decision'];
  reasons: Reason[];
  openConditions: OpenCondition[];
}

/** The Resource patterns of a resource policy's valid Allow statements covering `action` (principals and conditions not read). */
function resourceAllowPatterns(docs: readonly unknown[], action: string): string[] {
  const lc = action.toLowerCase();
  const out: string[] = [];
  for (const d of docs)
    for (const cs of compilePolicy(d).statements) {
      const st = cs.statement;
      if (st.effect !== 'Allow' || !st.valid) continue;
      const covers = cs.actions
        ? cs.actions.some((m) => m(lc))
        : cs.notActions
          ? !cs.notActions.some((m) => m(lc))
          : false;
      if (!covers) continue;
      if (st.notResource || !st.resource) out.push('*');
      else out.push(...st.resource);
    }
  return out;
}

/** Resource patterns that Allow statements grant per action, cached per set of documents. */
class AllowIndex {
  private readonly cache = new Map<string, string[]>();
  constructor(
    private readonly docs: readonly unknown[],
    private readonly kind: 'identity' | 'resource' = 'identity',
  ) {}
  get empty(): boolean {
    return this.docs.length === 0;
  }

  /** True when some Allow statement for `action` names a pattern that covers `resource` (conditions not evaluated). */
  mayAllow(action: string, resource: string): boolean {
    return this.patterns(action).some((p) => p.includes('${') || resourceMatches(p, resource));
  }

  patterns(action: string): string[] {
    let patterns = this.cache.get(action);
    if (!patterns) {
      patterns =
        this.docs.length === 0
          ? []
          : this.kind === 'identity'
            ? allowedResourcePatterns(this.docs, action).map((a) => a.pattern)
            : resourceAllowPatterns(this.docs, action);
      this.cache.set(action, patterns);
    }
    return patterns;
  }
}

/**
 * Evaluates every access level of one principal on one target. A level that no Allow statement (identity
 * or resource policy) could grant is not sent to the engine: it cannot be allowed, whatever else holds.
 */
function evaluateAccess(
  sx: SnapshotIndex,
  p: IamPrincipal,
  t: Target,
  identity: AllowIndex,
  resourceAllows: AllowIndex | undefined,
): AccessSummary {
  const side = resourceSide(sx, t);
  const access: AccessLevel[] = [];
  const conditionalAccess: AccessLevel[] = [];
  let reasons: Reason[] = [];
  const openConditions: OpenCondition[] = [];
  let denial: Evaluation | undefined;
  const run = (probe: Probe): Evaluation =>
    combine(
      probe.resources.map((resource) =>
        evaluatePrincipal(
          sx,
          p,
          probe.action,
          {
            resource,
            ...(side.account !== undefined ? { resourceAccount: side.account } : {}),
            ...(side.policy ? { policy: side.policy } : {}),
          },
          'open',
          { ...DATA_CONTEXT, ...probe.context },
        ),
      ),
    );
  const all = probes(t);
  for (const probe of all) {
    const possible = probe.resources.every(
      (r) => identity.mayAllow(probe.action, r) || (resourceAllows?.mayAllow(probe.action, r) ?? false),
    );
    if (!possible) continue;
    const ev = run(probe);
    if (ev.decision === 'Allow') {
      access.push(probe.level);
      reasons = ev.reasons;
    } else if (ev.decision === 'Conditional') {
      conditionalAccess.push(probe.level);
      if (access.length === 0) reasons = ev.reasons;
      openConditions.push(...ev.openConditions);
    } else if (probe.level === 'read' || denial === undefined) denial = ev;
  }
  if (access.length === 0 && conditionalAccess.length === 0 && t.named && denial === undefined) {
    // Nothing could grant it: one evaluation still explains why (the reasons the edge carries).
    const first = all.find((x) => x.level === 'read') ?? all[0];
    if (first) denial = run(first);
  }
  const decision =
    access.length > 0
      ? 'Allow'
      : conditionalAccess.length > 0
        ? 'Conditional'
        : (denial?.decision ?? 'ImplicitDeny');
  if (access.length === 0 && conditionalAccess.length === 0 && denial) reasons = denial.reasons;
  return { access, conditionalAccess, decision, reasons, openConditions };
}

/** Principals named (by ARN) in Allow statements of bucket and Glue catalog policies: they may need no identity grant. */
function resourcePolicyGrantees(sx: SnapshotIndex): Map<string, { p: IamPrincipal; targets: Target[] }> {
  const out = new Map<string, { p: IamPrincipal; targets: Target[] }>();
  const add = (arn: string, t: Target): void => {
    const p = findPrincipal(sx, arn);
    if (!p) return;
    const key = principalArn(p);
    const entry = out.get(key);
    if (entry) entry.targets.push(t);
    else out.set(key, { p, targets: [t] });
  };
  const named = (doc: unknown): string[] =>
    trustPrincipals(doc)
      .filter(
        (tp) =>
          tp.effect === 'Allow' &&
          !tp.negated &&
          !tp.invalid &&
          (tp.kind === 'role' || tp.kind === 'user' || tp.kind === 'session'),
      )
      .map((tp) => tp.value);
  for (const b of sx.snapshot.buckets)
    if (b.policy !== undefined)
      for (const arn of named(b.policy)) add(arn, { kind: 'bucket', bucket: b.name, named: true });
  for (const c of sx.snapshot.glueCatalogs)
    if (c.policy !== undefined)
      for (const arn of named(c.policy))
        add(arn, { kind: 'glue', region: c.region, account: c.account, named: true });
  return out;
}

/** Adds `can-access` edges for every role and user of the snapshot. */
export function addAccessEdges(sx: SnapshotIndex, g: GraphBuilder): void {
  const byResource = resourcePolicyGrantees(sx);
  const principals: IamPrincipal[] = [
    ...sx.snapshot.roles.map((role): IamPrincipal => ({ kind: 'role', role })),
    ...sx.snapshot.users.map((user): IamPrincipal => ({ kind: 'user', user })),
  ];
  const resourceIndexes = new Map<string, AllowIndex | undefined>();
  const resourceIndex = (t: Target): AllowIndex | undefined => {
    const key = t.kind === 'prefix' ? `b|${t.bucket}` : targetKey(t);
    if (!resourceIndexes.has(key)) {
      const policy = resourceSide(sx, t).policy;
      resourceIndexes.set(key, policy ? new AllowIndex([policy.document], 'resource') : undefined);
    }
    return resourceIndexes.get(key);
  };
  for (const p of principals) {
    const identity = new AllowIndex(sx.identityPolicies(p));
    const targets = identityTargets(sx, identity);
    for (const t of byResource.get(principalArn(p))?.targets ?? []) targets.set(targetKey(t), t);
    if (targets.size === 0) continue;
    const src = p.kind === 'role' ? g.role(p.role) : g.user(p.user);
    const prefixedBuckets = new Set<string>();
    for (const t of targets.values()) if (t.kind === 'prefix') prefixedBuckets.add(t.bucket);
    for (const t of targets.values()) {
      const s = evaluateAccess(sx, p, t, identity, resourceIndex(t));
      const granted = s.access.length > 0 || s.conditionalAccess.length > 0;
      // Denied everywhere: keep only targets a policy names exactly (they explain a broken chain), not wildcard matches.
      if (!granted && !t.named) continue;
      // `ListBucket` on the bucket narrowed by `s3:prefix` to a prefix that has its own edge adds nothing.
      if (
        t.kind === 'bucket' &&
        s.access.length === 0 &&
        s.conditionalAccess.every((l) => l === 'list') &&
        granted &&
        prefixedBuckets.has(t.bucket)
      )
        continue;
      const extra: Partial<GraphEdge> = {
        decision: s.decision,
        reasons: s.reasons,
        access: s.access,
        ...(s.conditionalAccess.length > 0 ? { conditionalAccess: s.conditionalAccess } : {}),
        ...(s.openConditions.length > 0 ? { openConditions: s.openConditions } : {}),
      };
      // A target the policies name but every level is denied (e.g. by a bucket policy) is kept: it explains a broken chain.
      g.edge('can-access', src, targetNode(sx, g, t), extra);
    }
  }
}

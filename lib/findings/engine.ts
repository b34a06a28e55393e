/**
 * How the rules ask the policy engine: one place that turns "can X assume role R" or "can X read
 * s3://b/k" into an `EvaluationInput` from the snapshot, and the re-checks that prove a fix.
 * Every judgement is `evaluate()`'s; nothing here matches policies itself.
 */
import type { Bucket, Role } from '../model';
import { accountOf, isAccountId } from '../model';
import { findPrincipal } from '../graph/snapshot-index';
import { allowedResourcePatterns, evaluate, parsePolicy, resourceMatches } from '../policy';
import type {
  AllowedResourcePattern,
  ContextMode,
  ContextValue,
  Decision,
  Evaluation,
  EvaluationInput,
  PolicyInput,
} from '../policy';
import type { RuleContext } from './context';
import type { FixRecheck } from './types';

export const ASSUME_ROLE = 'sts:AssumeRole';

/** Allow > Conditional > any deny: a fix "opens" a request when its decision moves up this order. */
const RANK: Record<Decision, number> = { Allow: 2, Conditional: 1, ImplicitDeny: 0, ExplicitDeny: 0 };
export const opens = (before: Decision, after: Decision): boolean => RANK[after] > RANK[before];
export const isDeny = (d: Decision): boolean => d === 'ImplicitDeny' || d === 'ExplicitDeny';

/**
 * Stands in for the identity policies of a principal whose account was not collected: we cannot know
 * them, so the question becomes "would this side's policy let them in if theirs allows".
 */
export const OUTSIDE_IDENTITY: PolicyInput = {
  name: 'assumed: identity policies of an account outside the snapshot allow the call',
  document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
};

/** Names a hypothetical principal of an account ("someone there whose own policies allow it"). */
export const PROBE_SUFFIX = ':role/rolechain-probe';
export const probeOf = (account: string): string => `arn:aws:iam::${account}${PROBE_SUFFIX}`;

/** An account id that is in no snapshot: the probe for "anyone else on AWS". */
export const OUTSIDER = 'arn:aws:iam::999999999999:role/rolechain-probe';

export interface AssumeQuery {
  principal: string;
  role: Role;
  action?: string;
  /** Replaces the role's trust policy (the fix being checked). */
  trust?: unknown;
  /** Replaces the caller's identity policies (the fix being checked). */
  identity?: PolicyInput[];
  context?: Record<string, ContextValue>;
  mode?: ContextMode;
}

/** The identity side of a caller: its policies and boundaries, or the stand-in for an uncollected account. */
function callerSide(ctx: RuleContext, principal: string, override?: PolicyInput[]): Partial<EvaluationInput> {
  const found = findPrincipal(ctx.index, principal);
  const account = accountOf(principal);
  const out: Partial<EvaluationInput> = {};
  if (found) {
    out.identityPolicies = override ?? ctx.index.identityPolicies(found);
    const b = ctx.index.boundaries(found);
    if (b.length > 0) out.permissionBoundaries = b;
  } else if (override) out.identityPolicies = override;
  else if (
    account !== undefined &&
    (!ctx.index.collectedAccounts.has(account) || principal.endsWith(PROBE_SUFFIX))
  )
    out.identityPolicies = [OUTSIDE_IDENTITY];
  const scps = account !== undefined ? ctx.index.scps(account) : undefined;
  if (scps) out.serviceControlPolicies = scps;
  return out;
}

const inputs = new WeakMap<object, PolicyInput>();
const proposals = new WeakMap<object, PolicyInput>();

/**
 * A document a fix proposes, read strictly: AWS rejects a malformed one, so it must not count as
 * working. The snapshot's own documents are read leniently, as AWS enforces them.
 */
function proposed(document: unknown, name: string, arn: string): PolicyInput {
  if (typeof document !== 'object' || document === null) return { name, arn, document, validation: 'strict' };
  let hit = proposals.get(document);
  if (!hit || hit.arn !== arn || hit.name !== name) {
    hit = { name, arn, document, validation: 'strict' };
    proposals.set(document, hit);
  }
  return hit;
}

/** A resource policy as the engine's input: one object per document, so the engine's per-input caches hit. */
function inputFor(document: unknown, name: string, arn: string): PolicyInput {
  if (typeof document !== 'object' || document === null) return { name, arn, document };
  let hit = inputs.get(document);
  if (!hit || hit.arn !== arn || hit.name !== name) {
    hit = { name, arn, document };
    inputs.set(document, hit);
  }
  return hit;
}

/** The engine's decision for `principal` calling `sts:AssumeRole*` on `role`. Open context unless told. */
export function evaluateAssume(ctx: RuleContext, q: AssumeQuery): Evaluation {
  const rcps = ctx.index.rcps(q.role.account);
  const input: EvaluationInput = {
    request: {
      principal: q.principal,
      action: q.action ?? ASSUME_ROLE,
      resource: q.role.arn,
      resourceAccount: q.role.account,
      ...(q.context ? { context: q.context } : {}),
    },
    ...callerSide(ctx, q.principal, q.identity),
    resourcePolicy:
      q.trust !== undefined
        ? proposed(q.trust, `trust policy of ${q.role.name}`, q.role.arn)
        : inputFor(q.role.trustPolicy, `trust policy of ${q.role.name}`, q.role.arn),
    ...(rcps ? { resourceControlPolicies: rcps } : {}),
  };
  return evaluate(input, { mode: q.mode ?? 'open', validation: 'lenient' });
}

export interface AccessQuery {
  principal: string;
  action: string;
  /** `arn:aws:s3:::bucket/key` or `arn:aws:s3:::bucket`. */
  resource: string;
  bucket: Bucket;
  /** Replaces the bucket policy (the fix being checked); `null` drops it. */
  bucketPolicy?: unknown;
  identity?: PolicyInput[];
  mode?: ContextMode;
}

/** The engine's decision for `principal` performing an S3 action on a bucket, with its bucket policy. */
export function evaluateAccess(ctx: RuleContext, q: AccessQuery): Evaluation {
  const policy = q.bucketPolicy === undefined ? q.bucket.policy : q.bucketPolicy;
  const rcps = q.bucket.account !== undefined ? ctx.index.rcps(q.bucket.account) : undefined;
  const input: EvaluationInput = {
    request: {
      principal: q.principal,
      action: q.action,
      resource: q.resource,
      ...(q.bucket.account !== undefined ? { resourceAccount: q.bucket.account } : {}),
    },
    ...callerSide(ctx, q.principal, q.identity),
    ...(policy !== undefined && policy !== null
      ? {
          resourcePolicy: (q.bucketPolicy === undefined ? inputFor : proposed)(
            policy,
            `bucket policy of ${q.bucket.name}`,
            `arn:aws:s3:::${q.bucket.name}`,
          ),
        }
      : {}),
    ...(rcps ? { resourceControlPolicies: rcps } : {}),
  };
  return evaluate(input, { mode: q.mode ?? 'open', validation: 'lenient' });
}

/** The action a principal of this form uses to assume a role. */
export function assumeActionFor(principal: string): string {
  if (
    principal.includes(':oidc-provider/') ||
    (!principal.startsWith('arn:') && !principal.endsWith('.amazonaws.com'))
  )
    return 'sts:AssumeRoleWithWebIdentity';
  if (principal.includes(':saml-provider/')) return 'sts:AssumeRoleWithSAML';
  return ASSUME_ROLE;
}

interface PrincipalSets {
  byAccount: Map<string, string[]>;
  all: string[];
}
const principalSets = new WeakMap<RuleContext, PrincipalSets>();

function principalsOf(ctx: RuleContext): PrincipalSets {
  const hit = principalSets.get(ctx);
  if (hit) return hit;
  const byAccount = new Map<string, string[]>();
  const all: string[] = [];
  const add = (account: string, arn: string): void => {
    const list = byAccount.get(account);
    if (list) list.push(arn);
    else byAccount.set(account, [arn]);
    all.push(arn);
  };
  for (const r of ctx.snapshot.roles) add(r.account, r.arn);
  for (const u of ctx.snapshot.users) add(u.account, u.arn);
  const sets = { byAccount, all };
  principalSets.set(ctx, sets);
  return sets;
}

/** Up to this many roles and users, every one of them is re-checked; above it, only those a change could concern. */
export const RECHECK_ALL_UP_TO = 300;

/** Principals, services and providers named by these statements (all principals when one names `*` or uses NotPrincipal). */
/**
 * The principals of `account` whose identity policies grant `sts:AssumeRole` on `roleArn` (conditions
 * aside): the only ones a trust naming the whole account can let in. Read from the engine's
 * `allowedResourcePatterns` index, once per principal.
 */
function granteesIn(ctx: RuleContext, account: string, roleArn: string): string[] {
  let cache = grantCache.get(ctx);
  if (!cache) {
    cache = new Map();
    grantCache.set(ctx, cache);
  }
  const out: string[] = [];
  for (const arn of principalsOf(ctx).byAccount.get(account) ?? []) {
    let patterns = cache.get(arn);
    if (!patterns) {
      const found = findPrincipal(ctx.index, arn);
      patterns = found ? allowedResourcePatterns(ctx.index.identityPolicies(found), ASSUME_ROLE) : [];
      cache.set(arn, patterns);
    }
    if (
      patterns.some(
        (p) =>
          resourceMatches(p.pattern, roleArn) && !(p.except ?? []).some((x) => resourceMatches(x, roleArn)),
      )
    )
      out.push(arn);
  }
  return out;
}
const grantCache = new WeakMap<RuleContext, Map<string, AllowedResourcePattern[]>>();

function namedBy(
  ctx: RuleContext,
  statements: readonly unknown[],
  into: Set<string>,
  roleArn?: string,
): void {
  const sets = principalsOf(ctx);
  const doc = { Version: '2012-10-17', Statement: statements };
  for (const st of parsePolicy(doc).document.statements) {
    if (st.notPrincipal || st.principal?.wildcard || st.principal?.AWS.includes('*')) {
      for (const p of sets.all) into.add(p);
      continue;
    }
    const block = st.principal;
    if (!block) continue;
    for (const p of block.AWS) {
      const acct = isAccountId(p) ? p : accountOf(p);
      if (acct === undefined) continue;
      if (isAccountId(p) || p.endsWith(':root')) {
        for (const q of roleArn !== undefined
          ? granteesIn(ctx, acct, roleArn)
          : (sets.byAccount.get(acct) ?? []))
          into.add(q);
        into.add(probeOf(acct));
      } else into.add(p);
    }
    for (const x of block.Service) into.add(x);
    for (const x of block.Federated) into.add(x);
  }
}

/** The statements of `a` not in `b` (compared as JSON), raw. */
function changedStatements(a: unknown, b: unknown): unknown[] {
  const rawOf = (d: unknown): unknown[] => {
    const s = typeof d === 'object' && d !== null ? (d as Record<string, unknown>).Statement : undefined;
    return Array.isArray(s) ? s : s === undefined ? [] : [s];
  };
  const other = new Set(rawOf(b).map((x) => JSON.stringify(x)));
  return rawOf(a).filter((x) => !other.has(JSON.stringify(x)));
}

/**
 * The principals whose access to `role` changing its trust from `before` to `after` could move. In a
 * small snapshot: every role and user, a probe per account named, the services and providers named,
 * and an outsider. In a large one: those named by the statements that differ (a statement can only
 * admit whom it names: an ARN, an account's principals, or everyone for `*`), and the outsider.
 */
export function trustAudience(ctx: RuleContext, role: Role, before: unknown, after: unknown): string[] {
  const sets = principalsOf(ctx);
  const out = new Set<string>([OUTSIDER, probeOf(role.account)]);
  if (sets.all.length <= RECHECK_ALL_UP_TO) {
    for (const p of sets.all) out.add(p);
    namedBy(ctx, [...changedStatements(before, {}), ...changedStatements(after, {})], out);
  } else
    namedBy(ctx, [...changedStatements(before, after), ...changedStatements(after, before)], out, role.arn);
  return [...out];
}

export interface Subject {
  principal: string;
  action?: string;
  context?: Record<string, ContextValue>;
  mode?: ContextMode;
}

function compare(
  list: string[],
  skip: string,
  before: (p: string) => Decision,
  after: (p: string) => Decision,
): Pick<FixRecheck, 'checked' | 'openedElsewhere' | 'closedElsewhere'> {
  const openedElsewhere: string[] = [];
  const closedElsewhere: string[] = [];
  let checked = 0;
  for (const p of list) {
    if (p === skip) continue;
    checked++;
    const b = before(p);
    const a = after(p);
    if (opens(b, a)) openedElsewhere.push(p);
    else if (opens(a, b)) closedElsewhere.push(p);
  }
  return { checked, openedElsewhere, closedElsewhere };
}

/** Before/after for the subject against a patched trust, and every other principal that matters re-checked. */
export function recheckTrust(ctx: RuleContext, role: Role, subject: Subject, newTrust: unknown): FixRecheck {
  const ask = (principal: string, trust: unknown, s?: Subject): Decision =>
    evaluateAssume(ctx, {
      principal,
      role,
      trust,
      action: s?.action ?? assumeActionFor(principal),
      ...(s?.context ? { context: s.context } : {}),
      mode: s?.mode ?? 'open',
    }).decision;
  const audience = trustAudience(ctx, role, role.trustPolicy, newTrust);
  return {
    subject: subject.principal,
    before: ask(subject.principal, role.trustPolicy, subject),
    after: ask(subject.principal, newTrust, subject),
    ...compare(
      audience,
      subject.principal,
      (p) => ask(p, role.trustPolicy),
      (p) => ask(p, newTrust),
    ),
  };
}

/**
 * Before/after for a caller whose identity policies change, re-checked against the roles that matter:
 * every role in a small snapshot; otherwise the roles the graph pairs the caller with (any trust that
 * names it or its account) and those in `extra`.
 */
export function recheckIdentity(
  ctx: RuleContext,
  principal: string,
  target: Role,
  newIdentity: PolicyInput[],
  extra: readonly string[] = [],
): FixRecheck {
  const ask = (role: Role, identity?: PolicyInput[]): Decision =>
    evaluateAssume(ctx, { principal, role, ...(identity ? { identity } : {}) }).decision;
  const arns = new Set<string>(extra);
  if (principalsOf(ctx).all.length <= RECHECK_ALL_UP_TO) for (const r of ctx.snapshot.roles) arns.add(r.arn);
  else
    for (const e of ctx.graph.edges)
      if (e.source === principal && ctx.index.rolesByArn.has(e.target)) arns.add(e.target);
  const byArn = new Map<string, Role>();
  for (const a of arns) {
    const r = ctx.index.rolesByArn.get(a);
    if (r) byArn.set(a, r);
  }
  return {
    subject: principal,
    before: ask(target),
    after: ask(target, newIdentity),
    ...compare(
      [...byArn.keys()],
      target.arn,
      (arn) => ask(byArn.get(arn) as Role),
      (arn) => ask(byArn.get(arn) as Role, newIdentity),
    ),
  };
}

/**
 * Before/after for a principal's access under a patched bucket policy; every other role and user
 * re-checked in a small snapshot, otherwise those the graph gives access to the bucket and those the
 * changed statements name.
 */
export function recheckBucket(
  ctx: RuleContext,
  bucket: Bucket,
  subject: { principal: string; action: string; resource: string },
  newPolicy: unknown,
): FixRecheck {
  const ask = (principal: string, policy?: unknown): Decision =>
    evaluateAccess(ctx, {
      principal,
      action: subject.action,
      resource: subject.resource,
      bucket,
      ...(policy !== undefined ? { bucketPolicy: policy } : {}),
    }).decision;
  return {
    subject: subject.principal,
    before: ask(subject.principal),
    after: ask(subject.principal, newPolicy),
    ...compare(
      bucketAudience(ctx, bucket, newPolicy),
      subject.principal,
      (p) => ask(p),
      (p) => ask(p, newPolicy),
    ),
  };
}

function bucketAudience(ctx: RuleContext, bucket: Bucket, newPolicy: unknown): string[] {
  const sets = principalsOf(ctx);
  if (sets.all.length <= RECHECK_ALL_UP_TO) return [...sets.all, OUTSIDER];
  const out = new Set<string>([OUTSIDER]);
  const node = `arn:aws:s3:::${bucket.name}`;
  const prefix = `s3://${bucket.name}/`;
  for (const e of ctx.edgesByKind.get('can-access') ?? [])
    if (e.target === node || e.target.startsWith(prefix)) out.add(e.source);
  namedBy(
    ctx,
    [...changedStatements(bucket.policy, newPolicy), ...changedStatements(newPolicy, bucket.policy)],
    out,
  );
  for (const p of [...out]) if (!p.startsWith('arn:')) out.delete(p);
  return [...out];
}

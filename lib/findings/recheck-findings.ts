/**
 * The second half of a fix's re-check: every rule run again on the snapshot as the fix would leave it,
 * and the findings it adds and removes. Why: a fix checked only against the request it repairs can open
 * a new hole (a `{"AWS": "*"}` trust replaced by a vendor's account root without an ExternalId is
 * exactly what `cross-account-no-external-id` flags), and a security tool must not call that safe.
 *
 * Scope: the rules run over the changed role (with its instance profiles and instances) or bucket, beside
 * every user, event and policy of the snapshot, once as it is and once patched; the difference is what
 * the fix changes. Scoped so that a re-check costs milliseconds, not a whole analysis per fix. Fixes of identity policies and fixes that change no policy are not re-run
 * (`findings` is then absent, and the dashboard says the rules were not re-run).
 */
import type { EdgeKind, GraphEdge } from '../graph/types';
import type { AssumeEvent, Bucket, Role } from '../model';
import type { RuleContext } from './context';
import { roleByAnyArn, roleOfEvent } from './context';
import type { Finding, FindingChange, Fix, Rule, Severity } from './types';
import { SEVERITIES } from './types';

export type { FindingChange } from './types';

export interface FindingsDiff {
  /** Findings the snapshot would have after the fix and does not have now. */
  added: FindingChange[];
  /** Findings it has now and would not have after the fix (the one fixed among them, normally). */
  removed: FindingChange[];
}

const rank = (s: Severity): number => SEVERITIES.indexOf(s);

/** True when `a` is as severe as `b` or more. */
export const atLeast = (a: Severity, b: Severity): boolean => rank(a) <= rank(b);

/** Each node's edges, once per context (every fix of a snapshot scopes the same graph). */
const edgesByNode = new WeakMap<RuleContext, Map<string, GraphEdge[]>>();

/**
 * The graph's edges that touch one of `ids`, by kind. Why: the rules that read edges (missing-trust,
 * missing-permission, role-chaining-duration, long-lived-user-keys) then look at the changed role or
 * bucket only, as the snapshot does; they read the graph as built before the fix (it is not rebuilt per
 * fix), so their findings show what the fix touches, not what a rebuilt graph would draw.
 */
function edgesTouching(ctx: RuleContext, ids: readonly string[]): Map<EdgeKind, GraphEdge[]> {
  let index = edgesByNode.get(ctx);
  if (!index) {
    index = new Map();
    for (const e of ctx.graph.edges)
      for (const id of e.source === e.target ? [e.source] : [e.source, e.target]) {
        const list = index.get(id);
        if (list) list.push(e);
        else index.set(id, [e]);
      }
    edgesByNode.set(ctx, index);
  }
  const out = new Map<EdgeKind, GraphEdge[]>();
  const seen = new Set<GraphEdge>();
  for (const id of ids)
    for (const e of index.get(id) ?? []) {
      if (seen.has(e)) continue;
      seen.add(e);
      const list = out.get(e.kind);
      if (list) list.push(e);
      else out.set(e.kind, [e]);
    }
  return out;
}

/**
 * A map that is `base` with one key's value replaced, without copying `base`. Why: a copy of the role
 * lookups per re-check was most of its cost on thousands of roles.
 */
class Overlay<V> extends Map<string, V> {
  constructor(
    private readonly base: ReadonlyMap<string, V>,
    private readonly key: string,
    private readonly value: V,
  ) {
    super();
  }
  override get(k: string): V | undefined {
    return k === this.key ? this.value : this.base.get(k);
  }
  override has(k: string): boolean {
    return k === this.key || this.base.has(k);
  }
  override get size(): number {
    return this.base.size + (this.base.has(this.key) ? 0 : 1);
  }
  override *entries(): MapIterator<[string, V]> {
    for (const [k, v] of this.base) if (k !== this.key) yield [k, v];
    yield [this.key, this.value];
  }
  override *keys(): MapIterator<string> {
    for (const [k] of this.entries()) yield k;
  }
  override *values(): MapIterator<V> {
    for (const [, v] of this.entries()) yield v;
  }
  override [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries();
  }
  override forEach(fn: (value: V, key: string, map: Map<string, V>) => void): void {
    for (const [k, v] of this.entries()) fn(v, k, this);
  }
}

/** Per context and role ARN, the events a re-check of that role's trust reads (see `eventsOf`). */
const eventsByRole = new WeakMap<RuleContext, Map<string, AssumeEvent[]>>();

/**
 * The events whose replay a change to `role`'s trust can change: calls to the role, calls from its
 * sessions, and calls that do not say which role they were for. Why only these: every other event
 * replays the same before and after the fix (its target's trust and its caller's permissions are
 * untouched), so its findings are the same on both sides and drop out of the diff; replaying each of
 * them twice per fix was most of the time `analyze` spent vetting fixes on the demo.
 */
function eventsOf(ctx: RuleContext, role: Role): AssumeEvent[] {
  let byRole = eventsByRole.get(ctx);
  if (!byRole) {
    byRole = new Map();
    eventsByRole.set(ctx, byRole);
  }
  let events = byRole.get(role.arn);
  if (!events) {
    const self = ctx.index.rolesByArn.get(role.arn) ?? role;
    const isRole = (arn: string | undefined): boolean =>
      arn !== undefined && (arn === role.arn || roleByAnyArn(ctx, arn) === self);
    events = ctx.assumeEvents.filter(
      (e) =>
        e.roleArn === undefined ||
        roleOfEvent(ctx, e) === self ||
        isRole(e.roleArn) ||
        isRole(e.caller.sessionIssuerArn) ||
        isRole(e.caller.arn),
    );
    byRole.set(role.arn, events);
  }
  return events;
}

/** A context whose rules see only `role` (as given) among the roles, and find it by ARN. */
function withRole(ctx: RuleContext, role: Role): RuleContext {
  const rolesByArn = new Overlay(ctx.index.rolesByArn, role.arn, role);
  const rolesByAccountName = new Overlay(ctx.index.rolesByAccountName, `${role.account}/${role.name}`, role);
  // The role's own instance profiles and their instances: the instance rules walk those.
  const profiles = ctx.snapshot.instanceProfiles.filter((p) => p.roleArns.includes(role.arn));
  const arns = new Set(profiles.map((p) => p.arn));
  const instances = ctx.snapshot.instances.filter(
    (i) => i.instanceProfileArn !== undefined && arns.has(i.instanceProfileArn),
  );
  const snapshot = { ...ctx.snapshot, roles: [role], instanceProfiles: profiles, instances };
  return {
    ...ctx,
    snapshot,
    assumeEvents: eventsOf(ctx, role),
    index: { ...ctx.index, snapshot, rolesByArn, rolesByAccountName },
    edgesByKind: edgesTouching(ctx, [role.arn]),
  };
}

/** A context whose rules see only `bucket` (as given) among the buckets. */
function withBucket(ctx: RuleContext, bucket: Bucket): RuleContext {
  const bucketsByName = new Overlay(ctx.index.bucketsByName, bucket.name, bucket);
  const snapshot = {
    ...ctx.snapshot,
    buckets: [bucket],
    roles: [] as Role[],
    instanceProfiles: [],
    instances: [],
  };
  // Roles stay findable by ARN (the bucket rule asks who reads the bucket), but only the bucket is walked.
  const ids = [`s3://${bucket.name}`, `arn:aws:s3:::${bucket.name}`, `bucket:${bucket.name}`];
  return {
    ...ctx,
    snapshot,
    index: { ...ctx.index, snapshot, bucketsByName },
    edgesByKind: edgesTouching(ctx, ids),
  };
}

function runAll(rules: readonly Rule[], ctx: RuleContext): Map<string, Finding> {
  const out = new Map<string, Finding>();
  for (const rule of rules) {
    let found: Finding[];
    try {
      found = rule.run(ctx);
    } catch {
      continue;
    }
    for (const f of found) if (!out.has(f.id)) out.set(f.id, f);
  }
  return out;
}

const change = (f: Finding): FindingChange => ({
  id: f.id,
  rule: f.rule,
  severity: f.severity,
  message: f.message,
});

/** The two contexts (now, patched) a fix is re-run in, or undefined when its kind is not re-run. */
function contextsOf(ctx: RuleContext, fix: Fix, document: unknown): [RuleContext, RuleContext] | undefined {
  if (fix.policyKind === 'trust') {
    const role = ctx.index.rolesByArn.get(fix.target);
    if (!role) return undefined;
    return [withRole(ctx, role), withRole(ctx, { ...role, trustPolicy: document })];
  }
  if (fix.policyKind === 'bucket') {
    const name = fix.target.replace(/^s3:\/\//, '').replace(/^arn:aws[\w-]*:s3:::/, '');
    const bucket = ctx.index.bucketsByName.get(name);
    if (!bucket) return undefined;
    return [withBucket(ctx, bucket), withBucket(ctx, { ...bucket, policy: document })];
  }
  return undefined;
}

/**
 * Every rule before and after `document` replaces the policy `fix` changes (the fix's own new document
 * unless another is given). Undefined for fixes of a kind that is not re-run (see the module comment).
 */
export function findingsDiff(
  rules: readonly Rule[],
  ctx: RuleContext,
  fix: Fix,
  document: unknown = fix.newDocument,
): FindingsDiff | undefined {
  if (document === undefined) return undefined;
  const pair = contextsOf(ctx, fix, document);
  if (!pair) return undefined;
  const before = runAll(rules, pair[0]);
  const after = runAll(rules, pair[1]);
  const added: FindingChange[] = [];
  const removed: FindingChange[] = [];
  for (const [id, f] of after) {
    const was = before.get(id);
    // The same finding at a higher severity is new risk too.
    if (!was || rank(f.severity) < rank(was.severity)) added.push(change(f));
  }
  for (const [id, f] of before) if (!after.has(id)) removed.push(change(f));
  const order = (a: FindingChange, b: FindingChange): number =>
    rank(a.severity) - rank(b.severity) || a.id.localeCompare(b.id);
  return { added: added.sort(order), removed: removed.sort(order) };
}

/**
 * The findings a fix adds that make it unfit to offer: any as severe as the finding it fixes, and any
 * medium or worse whatever it fixes. Trading a critical hole for a high one is still opening a hole,
 * and so is a medium one: a third-party trust without ExternalId is medium only while the account's
 * membership of the organisation is unknown, and doubt must not make a fix look safe.
 */
export const newHoles = (diff: FindingsDiff, severity: Severity): FindingChange[] => {
  const bar: Severity = atLeast(severity, 'medium') ? 'medium' : severity;
  return diff.added.filter((c) => !ACCESS_LOSS_RULES.has(c.rule) && atLeast(c.severity, bar));
};

/**
 * Rules whose findings say a chain stops working (a caller CloudTrail saw would now be denied, a trust
 * or permission is missing), not that anyone gains access. A fix that adds one of these narrows access:
 * it is shown in the re-check's `added` so the breakage is visible, but it is not a new hole.
 */
const ACCESS_LOSS_RULES: ReadonlySet<string> = new Set([
  'assume-drift',
  'denied-attempt',
  'external-id-mismatch',
  'missing-trust',
  'missing-permission',
  'role-chaining-duration',
  'unused-role',
  'unused-trust-entry',
]);

/**
 * `can-access` edges: principal → S3 bucket or prefix, Glue catalog, KMS key, summarised as
 * list / read / write / admin. Each level is one engine call with a representative action, with the
 * identity side (policies, boundary, SCPs) and the resource side (bucket / catalog / key policy, RCPs).
 *
 * Targets come from what the principal's policies name (and from resource policies that name the
 * principal), never from all principal × resource pairs.
 */
import { trustPrincipals } from '../policy';
import type { Evaluation, OpenCondition } from '../policy/types';
import type { Probe, ResourceSideOf, Target } from './access-targets';
import {
  AllowIndex,
  DATA_CONTEXT,
  identityTargets,
  PatternTargetMemo,
  probes,
  resourceSide,
  targetKey,
  targetNode,
} from './access-targets';
import type { GraphBuilder } from './builder';
import type { ResourceSide } from './engine';
import { evaluatePrincipal } from './engine';
import type { IamPrincipal, SnapshotIndex } from './snapshot-index';
import { findPrincipal, principalArn } from './snapshot-index';
import type { AccessLevel, GraphEdge } from './types';
import { NO_LEVELS } from './level-list';

export { DATA_CONTEXT, PROBE_KEY } from './access-targets';

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
  /** The evaluation whose reasons explain the summary (read lazily: most are never shown). */
  reasonsFrom: Evaluation | undefined;
  openConditions: OpenCondition[];
}

/**
 * What every principal's probes of one target share: the probes, the resource side of each probed
 * resource, and the Allow index of the target's resource policy. Worked out once per target object of a
 * build (targets are shared objects, see `PatternTargetMemo`) rather than looked up by key strings on
 * every (principal, target) pair.
 */
interface TargetFacts {
  probes: readonly Probe[];
  /** Per probe, the resource side of each of its resources (shared objects). */
  sides: readonly (readonly ResourceSide[])[];
  allows: AllowIndex | undefined;
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
  facts: TargetFacts,
): AccessSummary {
  let access = NO_LEVELS;
  let conditionalAccess = NO_LEVELS;
  let reasonsFrom: Evaluation | undefined;
  let openConditions: OpenCondition[] | undefined;
  let denial: Evaluation | undefined;
  const all = facts.probes;
  for (let i = 0; i < all.length; i++) {
    const probe = all[i] as Probe;
    if (!possible(probe, identity, facts.allows)) continue;
    const ev = runProbe(sx, p, probe, facts.sides[i] as readonly ResourceSide[]);
    if (ev.decision === 'Allow') {
      access = access.with(probe.level);
      reasonsFrom = ev;
    } else if (ev.decision === 'Conditional') {
      conditionalAccess = conditionalAccess.with(probe.level);
      if (access.list.length === 0) reasonsFrom = ev;
      if (ev.openConditions.length > 0) (openConditions ??= []).push(...ev.openConditions);
    } else if (probe.level === 'read' || denial === undefined) denial = ev;
  }
  if (access.list.length === 0 && conditionalAccess.list.length === 0 && t.named && denial === undefined) {
    // Nothing could grant it: one evaluation still explains why (the reasons the edge carries).
    let first = all.findIndex((x) => x.level === 'read');
    if (first < 0 && all.length > 0) first = 0;
    if (first >= 0)
      denial = runProbe(sx, p, all[first] as Probe, facts.sides[first] as readonly ResourceSide[]);
  }
  const decision =
    access.list.length > 0
      ? 'Allow'
      : conditionalAccess.list.length > 0
        ? 'Conditional'
        : (denial?.decision ?? 'ImplicitDeny');
  if (access.list.length === 0 && conditionalAccess.list.length === 0 && denial) reasonsFrom = denial;
  return {
    access: access.list,
    conditionalAccess: conditionalAccess.list,
    decision,
    reasonsFrom,
    openConditions: openConditions ?? NONE,
  };
}

const NONE: OpenCondition[] = [];

/** One probe of a principal: one engine call per resource it needs, the worst of them. */
function runProbe(
  sx: SnapshotIndex,
  p: IamPrincipal,
  probe: Probe,
  sides: readonly ResourceSide[],
): Evaluation {
  const ctx = probe.context ?? DATA_CONTEXT;
  if (sides.length === 1)
    return evaluatePrincipal(sx, p, probe.action, sides[0] as ResourceSide, 'open', ctx);
  return combine(sides.map((side) => evaluatePrincipal(sx, p, probe.action, side, 'open', ctx)));
}

/** Could any Allow statement (identity or resource policy) grant the probe on every resource it needs? */
function possible(probe: Probe, identity: AllowIndex, resourceAllows: AllowIndex | undefined): boolean {
  for (const r of probe.resources)
    if (!identity.mayAllow(probe.action, r) && !(resourceAllows?.mayAllow(probe.action, r) ?? false))
      return false;
  return true;
}

/**
 * The resource side of one probed resource, one shared (read-only) object per target side and resource.
 * Why: every principal probes the same few resources of a target; a fresh object per probe and principal
 * was garbage on every engine call.
 */
const probeSides = new WeakMap<ResourceSideOf, Map<string, ResourceSide>>();
function sideOf(side: ResourceSideOf, resource: string): ResourceSide {
  let byResource = probeSides.get(side);
  if (!byResource) {
    byResource = new Map();
    probeSides.set(side, byResource);
  }
  let r = byResource.get(resource);
  if (!r) {
    r = { resource };
    if (side.account !== undefined) r.resourceAccount = side.account;
    if (side.policy) r.policy = side.policy;
    byResource.set(resource, r);
  }
  return r;
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
  const factsByTarget = new Map<Target, TargetFacts>();
  const factsOf = (t: Target): TargetFacts => {
    let facts = factsByTarget.get(t);
    if (!facts) {
      const side = resourceSide(sx, t);
      const all = probes(t);
      facts = {
        probes: all,
        sides: all.map((probe) => probe.resources.map((resource) => sideOf(side, resource))),
        allows: resourceIndex(t),
      };
      factsByTarget.set(t, facts);
    }
    return facts;
  };
  const memo = new PatternTargetMemo(sx);
  for (const p of principals) {
    const identity = new AllowIndex(sx.identityPolicies(p));
    const targets = identityTargets(sx, identity, memo);
    for (const t of byResource.get(principalArn(p))?.targets ?? []) targets.set(targetKey(t), t);
    if (targets.size === 0) continue;
    const src = p.kind === 'role' ? g.role(p.role) : g.user(p.user);
    const prefixedBuckets = new Set<string>();
    for (const t of targets.values()) if (t.kind === 'prefix') prefixedBuckets.add(t.bucket);
    for (const t of targets.values()) {
      const s = evaluateAccess(sx, p, t, identity, factsOf(t));
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
      const rest: Partial<GraphEdge> = {
        access: s.access,
        ...(s.conditionalAccess.length > 0 ? { conditionalAccess: s.conditionalAccess } : {}),
        ...(s.openConditions.length > 0 ? { openConditions: s.openConditions } : {}),
      };
      // A target the policies name but every level is denied (e.g. by a bucket policy) is kept: it explains a broken chain.
      g.lazyEdge('can-access', src, targetNode(sx, g, t), s.decision, s.reasonsFrom, rest);
    }
  }
}

/**
 * `buildGraph()`: the role graph of a snapshot. Every edge that carries a decision got it from the engine,
 * in open-context mode (condition keys nobody can know at analysis time, like `sts:ExternalId`, stay open
 * and make the edge `Conditional`).
 *
 * Candidate pairs come from indexes (see `candidates.ts`): a role is paired only with the principals its
 * trust names, the principals of an account its trust names that hold an `sts:AssumeRole` grant covering it,
 * and the principals whose policies name it. Cost is linear in roles × (trust fan-in + grants that name them).
 */
import type { Role, Snapshot } from '../model';
import { parseArn } from '../model';
import { releaseTextMemos } from '../policy';
import type { Evaluation, PolicyInput, Reason } from '../policy/types';
import { addAccessEdges } from './access';
import { GraphBuilder, instanceNodeId } from './builder';
import type { TrustEntry } from './candidates';
import { indexGrants, namesDeletedPrincipal, trustEntries, wildcardGranteesOf } from './candidates';
import { evaluateOutsider, evaluatePrincipal, isAllowedish } from './engine';
import { overlayObservations } from './observe';
import type { IamPrincipal, SnapshotIndex } from './snapshot-index';
import { findPrincipal, indexSnapshot, keepIndex, principalArn } from './snapshot-index';
import type { EdgeKind, EdgeObservation, RoleGraph } from './types';
import { addIdentityCenterEdges } from './identity-center';
import { addWorkloadEdges } from './workloads';

export interface BuildOptions {
  observations?: EdgeObservation[];
  /** Skip `can-access` edges (role → bucket / catalog / key); on by default. */
  access?: boolean;
}

const trustCache = new WeakMap<Role, PolicyInput>();
export function trustInput(role: Role): PolicyInput {
  let hit = trustCache.get(role);
  if (!hit) {
    hit = { name: `trust policy of ${role.name}`, arn: role.arn, document: role.trustPolicy };
    trustCache.set(role, hit);
  }
  return hit;
}

/** Where a candidate pair came from: how the trust names the caller, and whether the caller's policies name the role. */
interface Origin {
  trust?: TrustEntry['kind'];
  exactGrant: boolean;
  wildcardGrant: boolean;
}

/** Stands for "any IAM principal of this account that its own policies let make the call". */
export const anyPrincipalOf = (account: string): string =>
  `arn:aws:iam::${account}:role/(any-principal-of-${account})`;

const IDENTITY_SIDE = new Set(['identity', 'boundary', 'session', 'scp']);

/** Which side of the call the engine blamed: the trust (`trust`), the caller's own policies (`caller`), or both. */
function blame(reasons: readonly Reason[]): { trust: boolean; caller: boolean } {
  let trust = false;
  let caller = false;
  for (const r of reasons) {
    const failing = r.outcome === 'missing' || (r.effect === 'Deny' && r.outcome === 'applies');
    if (!failing) continue;
    if (r.policy.kind === 'trust' || r.policy.kind === 'rcp') trust = true;
    else if (IDENTITY_SIDE.has(r.policy.kind)) caller = true;
  }
  return { trust, caller };
}

/** The edge kind for an evaluated candidate, or undefined when the pair is not worth an edge. */
export function classify(ev: Evaluation, origin: Origin): EdgeKind | undefined {
  if (isAllowedish(ev)) return 'can-assume';
  const namedByTrust = origin.trust === 'role' || origin.trust === 'user' || origin.trust === 'session';
  // Decided without the reasons where they cannot change the answer: reading them runs the engine's
  // explaining pass, which most denied candidates never need.
  if (origin.exactGrant && origin.trust === undefined) return 'missing-trust';
  if (!origin.exactGrant && !namedByTrust) return undefined;
  const b = blame(ev.reasons);
  // Policies that name the role exactly: the caller means it, so a trust that does not let it in is a gap.
  if (origin.exactGrant && (origin.trust === undefined || (b.trust && !b.caller))) return 'missing-trust';
  // The trust names the caller itself: the caller's side (identity policy, boundary, SCP) is what stops it.
  if (namedByTrust && !(b.trust && !b.caller)) return 'missing-permission';
  return undefined;
}

/** Builds the role graph of a snapshot; observations from CloudTrail are overlaid as `observed` / `denied-attempt` edges. */
export function buildGraph(snapshot: Snapshot, options: BuildOptions = {}): RoleGraph {
  const sx = indexSnapshot(snapshot);
  const g = new GraphBuilder(sx);
  for (const account of sx.collectedAccounts) g.account(account);
  for (const r of snapshot.roles) g.role(r);
  for (const u of snapshot.users) g.user(u);
  addInstanceEdges(sx, g);
  addWorkloadEdges(sx, g);
  addAssumeEdges(sx, g);
  // After the trust edges: an assignment's edge carries the decision of the role's SAML provider edge.
  addIdentityCenterEdges(sx, g);
  if (options.access !== false) addAccessEdges(sx, g);
  if (options.observations && options.observations.length > 0)
    overlayObservations(sx, g, options.observations);
  // The engine's text caches were filled for this build's pairs (every role ARN split, parsed and
  // matched): hundreds of MB at 200,000 roles that the findings, which ask far fewer questions, would
  // carry through their own allocations. Emptying them never changes an answer (see text-memo.ts).
  releaseTextMemos();
  const graph = g.graph();
  keepIndex(graph, sx);
  return graph;
}

/** `has-profile` (instance → profile) and `runs-as` (profile → role, decided by the role's trust of ec2.amazonaws.com). */
function addInstanceEdges(sx: SnapshotIndex, g: GraphBuilder): void {
  const profileNode = (arn: string): string => {
    const p = sx.profilesByArn.get(arn);
    const account = p?.account ?? parseArn(arn)?.account;
    return g.node({
      id: arn,
      kind: 'instance-profile',
      label: p?.name ?? arn.slice(arn.lastIndexOf('/') + 1),
      ...(account ? { account } : {}),
      arn,
      ...(p
        ? { meta: { roles: p.roleArns.length } }
        : { external: true, meta: { absentFromSnapshot: true } }),
    });
  };
  for (const inst of sx.snapshot.instances) {
    const id = g.node({
      id: instanceNodeId(inst.account, inst.region, inst.id),
      kind: 'instance',
      label: inst.name ?? inst.id,
      account: inst.account,
      arn: instanceNodeId(inst.account, inst.region, inst.id),
      meta: {
        instanceId: inst.id,
        region: inst.region,
        ...(inst.state !== undefined ? { state: inst.state } : {}),
        ...(inst.instanceProfileArn === undefined ? { noProfile: true } : {}),
      },
    });
    if (inst.instanceProfileArn !== undefined)
      g.edge('has-profile', id, profileNode(inst.instanceProfileArn));
  }
  for (const p of sx.snapshot.instanceProfiles) {
    const pid = profileNode(p.arn);
    if (p.roleArns.length === 0)
      g.node({ id: pid, kind: 'instance-profile', label: p.name, meta: { noRole: true } });
    for (const roleArn of p.roleArns) {
      const role = sx.rolesByArn.get(roleArn);
      if (!role) {
        const rid = g.outsidePrincipal(roleArn, 'absent');
        g.edge('runs-as', pid, rid, {
          decision: 'ImplicitDeny',
          action: 'sts:AssumeRole',
          reasons: [
            {
              policy: { kind: 'trust', arn: roleArn },
              outcome: 'missing',
              message: `the instance profile ${p.name} holds ${roleArn}, which is not in the snapshot (deleted, or its account was not collected)`,
            },
          ],
        });
        continue;
      }
      const ev = evaluateOutsider(
        sx,
        'ec2.amazonaws.com',
        'sts:AssumeRole',
        { resource: role.arn, policy: trustInput(role) },
        'open',
      );
      g.decided('runs-as', pid, g.role(role), ev, { action: 'sts:AssumeRole', trustMatch: 'service' });
    }
  }
}

/** `can-assume`, `missing-trust` and `missing-permission` edges, from the candidate indexes. */
function addAssumeEdges(sx: SnapshotIndex, g: GraphBuilder): void {
  const grants = indexGrants(sx);
  for (const role of sx.snapshot.roles) {
    const target = role.arn;
    const side = { resource: target, policy: trustInput(role) };
    if (namesDeletedPrincipal(role))
      g.node({ id: target, kind: 'role', label: role.name, meta: { trustNamesDeletedPrincipal: true } });
    const candidates = new Map<string, { p: IamPrincipal; origin: Origin }>();
    const candidate = (p: IamPrincipal, patch: Partial<Origin>): void => {
      const key = principalArn(p);
      const c = candidates.get(key);
      if (c) {
        if (patch.trust !== undefined && c.origin.trust === undefined) c.origin.trust = patch.trust;
        if (patch.exactGrant) c.origin.exactGrant = true;
        if (patch.wildcardGrant) c.origin.wildcardGrant = true;
      } else candidates.set(key, { p, origin: { exactGrant: false, wildcardGrant: false, ...patch } });
    };
    for (const p of grants.exact.get(target) ?? []) candidate(p, { exactGrant: true });
    const sessions: { role: Role; arn: string }[] = [];

    for (const entry of trustEntries(role)) {
      switch (entry.kind) {
        case 'role':
        case 'user':
        case 'session': {
          const p = findPrincipal(sx, entry.value);
          if (p && entry.kind === 'session' && p.kind === 'role') {
            // A session of a role of the snapshot: that role's policies, called as exactly that session.
            sessions.push({ role: p.role, arn: entry.value });
            break;
          }
          if (p) {
            candidate(p, { trust: entry.kind });
            break;
          }
          // Outside the snapshot: its own policies cannot be seen; the edge shows what the trust allows.
          const absent = entry.account !== undefined && sx.collectedAccounts.has(entry.account);
          const src =
            entry.kind === 'session'
              ? g.session(entry.value)
              : g.outsidePrincipal(entry.value, absent ? 'absent' : 'external');
          const ev = evaluateOutsider(
            sx,
            entry.value,
            entry.action,
            side,
            'open',
            {},
            { grantIdentity: true },
          );
          if (isAllowedish(ev) && isFederatedUser(entry.value))
            federatedUserEdge(g, src, target, entry.value);
          else if (isAllowedish(ev))
            g.decided('can-assume', src, target, ev, { action: entry.action, trustMatch: entry.kind });
          break;
        }
        case 'account': {
          const account = entry.account;
          if (account === undefined) break;
          const src = g.account(account);
          // The root user itself cannot assume roles: a stand-in principal of the account asks instead.
          const ev = evaluateOutsider(
            sx,
            anyPrincipalOf(account),
            entry.action,
            side,
            'open',
            {},
            { grantIdentity: true },
          );
          if (isAllowedish(ev))
            g.decided('can-assume', src, target, ev, { action: entry.action, trustMatch: 'account' });
          for (const p of wildcardGranteesOf(grants.wildcardByAccount.get(account), target))
            candidate(p, { trust: 'account', wildcardGrant: true });
          for (const p of grants.exact.get(target) ?? []) {
            const acct = p.kind === 'role' ? p.role.account : p.user.account;
            if (acct === account) candidate(p, { trust: 'account' });
          }
          break;
        }
        case 'wildcard': {
          const ev = evaluateOutsider(sx, '*', entry.action, side, 'open');
          if (isAllowedish(ev))
            g.decided('can-assume', g.anonymous(), target, ev, {
              action: entry.action,
              trustMatch: 'wildcard',
            });
          for (const p of wildcardGranteesOf(grants.wildcard, target))
            candidate(p, { trust: 'wildcard', wildcardGrant: true });
          for (const p of grants.exact.get(target) ?? []) candidate(p, { trust: 'wildcard' });
          break;
        }
        case 'service': {
          const ev = evaluateOutsider(sx, entry.value, entry.action, side, 'open');
          if (isAllowedish(ev))
            g.decided('can-assume', g.service(entry.value), target, ev, {
              action: entry.action,
              trustMatch: 'service',
            });
          break;
        }
        case 'federated': {
          const ev = evaluateOutsider(
            sx,
            entry.value,
            entry.action,
            side,
            'open',
            {},
            entry.account ? { principalAccount: entry.account } : {},
          );
          if (isAllowedish(ev))
            g.decided('can-assume', g.provider(entry.value), target, ev, {
              action: entry.action,
              trustMatch: 'federated',
            });
          break;
        }
      }
    }

    for (const { p, origin } of candidates.values()) {
      const ev = evaluatePrincipal(sx, p, 'sts:AssumeRole', side, 'open');
      const kind = classify(ev, origin);
      if (!kind) continue;
      const src = p.kind === 'role' ? g.role(p.role) : g.user(p.user);
      g.decided(kind, src, target, ev, {
        action: 'sts:AssumeRole',
        ...(origin.trust !== undefined ? { trustMatch: origin.trust } : {}),
      });
    }
    addSessionEdges(sx, g, grants, target, side, sessions);
  }
}

/**
 * Edges for trusts that name a session of a role of the snapshot
 * (`arn:aws:sts::<acct>:assumed-role/<role>/<session>`, e.g. an IAM Identity Center user's session of
 * `AWSReservedSSO_<set>_<hash>`): from the role, decided by the engine for a call made as that session,
 * and marked with the session name. Added after the role's other candidates: an edge the trust grants
 * the whole role already covers every session of it.
 */
function addSessionEdges(
  sx: SnapshotIndex,
  g: GraphBuilder,
  grants: ReturnType<typeof indexGrants>,
  target: string,
  side: { resource: string; policy: PolicyInput },
  sessions: readonly { role: Role; arn: string }[],
): void {
  for (const { role, arn } of sessions) {
    const p: IamPrincipal = { kind: 'role', role };
    const ev = evaluatePrincipal(sx, p, 'sts:AssumeRole', side, 'open', {}, { callerArn: arn });
    const exactGrant = (grants.exact.get(target) ?? []).some((q) => principalArn(q) === role.arn);
    const kind = classify(ev, { trust: 'session', exactGrant, wildcardGrant: false });
    if (!kind) continue;
    g.decided(kind, g.role(role), target, ev, {
      action: 'sts:AssumeRole',
      trustMatch: 'session',
      session: arn.slice(arn.indexOf('/', arn.indexOf('assumed-role/') + 'assumed-role/'.length) + 1),
    });
  }
}

const isFederatedUser = (arn: string): boolean => /^arn:[^:]+:sts::\d{12}:federated-user\//.test(arn);

/**
 * A trust that names a federated user (`GetFederationToken`'s session) lets it in, but such a session
 * cannot call any STS operation except GetCallerIdentity (STS API reference, GetFederationToken): the
 * caller's side stops it, whatever the trust says. Drawn so that the trust entry stays visible.
 */
function federatedUserEdge(g: GraphBuilder, source: string, target: string, arn: string): void {
  g.edge('missing-permission', source, target, {
    decision: 'ImplicitDeny',
    action: 'sts:AssumeRole',
    trustMatch: 'session',
    reasons: [
      {
        policy: { kind: 'session', name: `federated user session ${arn}` },
        outcome: 'missing',
        message:
          'A federated user session (from GetFederationToken) cannot call any STS operation except GetCallerIdentity, so it cannot assume this role although the trust names it.',
      },
    ],
  });
}

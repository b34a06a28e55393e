/**
 * Replaying a CloudTrail AssumeRole* event through the engine with the event's own context, and
 * naming which step of the chain fails: (1) the caller's permission to call sts:AssumeRole,
 * (2) the role's trust (with its ExternalId, or a deleted principal), (3) the session duration.
 */
import type { AssumeEvent, Role } from '../model';
import {
  accountOf,
  knownMaxSessionDuration,
  MAX_SESSION_DURATION_SOURCES,
  MIN_MAX_SESSION_DURATION,
} from '../model';
import { findPrincipal } from '../graph/snapshot-index';
import type { ContextMode, ContextValue, Evaluation } from '../policy';
import type { RuleContext } from './context';
import { callerPrincipal, roleOfEvent, trustOf } from './context';
import type { AssumeQuery } from './engine';
import { OUTSIDE_IDENTITY, evaluateAssume, isDeny } from './engine';

/** Role chaining caps a session at one hour whatever the role's MaxSessionDuration (STS AssumeRole reference). */
export const CHAINING_LIMIT_SECONDS = 3600;

export const CAUSES = [
  'permission',
  'scp',
  'trust',
  'external-id',
  'deleted-principal',
  'duration',
  'role-missing',
  'caller-unknown',
  'source-identity',
  'session-tags',
] as const;
export type Cause = (typeof CAUSES)[number];

export interface Replay {
  event: AssumeEvent;
  role?: Role;
  principal?: string;
  action: string;
  context: Record<string, ContextValue>;
  mode: ContextMode;
  /** The engine's decision with every policy, as the event's request would be judged today. */
  evaluation?: Evaluation;
  /** Chain steps (1–3) that fail, and why. Empty when today's policies would let the call through. */
  failedSteps: number[];
  causes: Cause[];
  /** The ExternalId values the trust asks of this caller, where it asks one. */
  requiredExternalIds: string[];
  explanation: string[];
}

const IP = /^[0-9a-fA-F:.]+$/;

/** The condition context the event's request carried, as far as CloudTrail records it. */
export function eventContext(
  ctx: RuleContext,
  e: AssumeEvent,
  principal: string | undefined,
): Record<string, ContextValue> {
  const c: Record<string, ContextValue> = {};
  if (e.externalIdPresent && e.externalId !== undefined) c['sts:ExternalId'] = e.externalId;
  if (e.roleSessionName !== undefined) c['sts:RoleSessionName'] = e.roleSessionName;
  if (e.sourceIp !== undefined && IP.test(e.sourceIp)) c['aws:SourceIp'] = e.sourceIp;
  if (e.sourceIdentity !== undefined) c['sts:SourceIdentity'] = e.sourceIdentity;
  if (e.caller.mfaAuthenticated !== undefined) c['aws:MultiFactorAuthPresent'] = e.caller.mfaAuthenticated;
  if (e.region !== '') c['aws:RequestedRegion'] = e.region;
  if (e.userAgent !== undefined) c['aws:UserAgent'] = e.userAgent;
  for (const [k, v] of Object.entries(e.sessionTags ?? {})) c[`aws:RequestTag/${k}`] = v;
  if (e.sessionTags) c['aws:TagKeys'] = Object.keys(e.sessionTags);
  const account = principal !== undefined ? accountOf(principal) : undefined;
  const org = account !== undefined ? ctx.index.orgIdOf(account) : undefined;
  if (org !== undefined) c['aws:PrincipalOrgID'] = org;
  const found = principal !== undefined ? findPrincipal(ctx.index, principal) : undefined;
  if (found) {
    const tags = found.kind === 'role' ? found.role.tags : found.user.tags;
    for (const [k, v] of Object.entries(tags)) c[`aws:PrincipalTag/${k}`] = v;
  }
  if (e.eventName === 'AssumeRoleWithWebIdentity' && e.provider !== undefined) {
    const host = e.provider.replace(/^arn:[^:]+:iam::\d{12}:oidc-provider\//, '').replace(/^https:\/\//, '');
    if (e.subject !== undefined) c[`${host}:sub`] = e.subject;
    if (e.audience !== undefined) c[`${host}:aud`] = e.audience;
  }
  return c;
}

/** Keys CloudTrail would show had the call sent them (in `requestParameters`): absent from the record means absent from the call. */
const REQUEST_KEYS = [
  'sts:externalid',
  'sts:sourceidentity',
  'sts:rolesessionname',
  'sts:transitivetagkeys',
  'aws:tagkeys',
];
const REQUEST_KEY_PREFIXES = ['aws:requesttag/'];

/**
 * Complete-context replay, settled: where today's policies deny only for want of a key CloudTrail does
 * not record (MFA on a long-term key, SAML attributes, VPC endpoint…), the honest answer is not "deny"
 * but "allowed if those held": the open-context decision with exactly those conditions left open.
 */
function settle(ctx: RuleContext, q: AssumeQuery, requestKnown: boolean): Evaluation {
  const complete = evaluateAssume(ctx, q);
  if (!isDeny(complete.decision)) return complete;
  const open = evaluateAssume(ctx, { ...q, mode: 'open' });
  if (open.decision !== 'Conditional') return complete;
  const given = new Set(Object.keys(q.context ?? {}).map((k) => k.toLowerCase()));
  const recorded = (key: string): boolean => {
    const k = key.toLowerCase();
    return (
      given.has(k) ||
      (requestKnown && (REQUEST_KEYS.includes(k) || REQUEST_KEY_PREFIXES.some((p) => k.startsWith(p))))
    );
  };
  return open.openConditions.every((c) => !recorded(c.key)) ? open : complete;
}

/** A trust that admits exactly this caller: isolates the caller's own side (step 1). */
function admitting(principal: string, action: string): unknown {
  const who = principal.startsWith('arn:') ? { AWS: principal } : { Service: principal };
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: who, Action: action }] };
}

const withoutKey = (c: Record<string, ContextValue>, key: string): Record<string, ContextValue> =>
  Object.fromEntries(Object.entries(c).filter(([k]) => k.toLowerCase() !== key.toLowerCase()));

const replayCache = new WeakMap<RuleContext, Map<string, Replay>>();

/**
 * Replays one AssumeRole* event against today's policies. Calls that carry the same request (caller,
 * role, action, context, duration) share one replay: a month of an instance's calls is one question.
 */
export function replayEvent(ctx: RuleContext, e: AssumeEvent): Replay {
  let cache = replayCache.get(ctx);
  if (!cache) {
    cache = new Map();
    replayCache.set(ctx, cache);
  }
  const principal = callerPrincipal(e);
  const key = JSON.stringify([
    principal,
    e.roleArn,
    e.eventName,
    eventContext(ctx, e, principal),
    e.durationSeconds,
    e.caller.type,
    e.externalIdPresent,
    (e.notes ?? []).some((n) => n.includes('requestParameters is null')),
  ]);
  const hit = cache.get(key);
  if (hit) return { ...hit, event: e };
  const replay = replayUncached(ctx, e);
  cache.set(key, replay);
  return replay;
}

function replayUncached(ctx: RuleContext, e: AssumeEvent): Replay {
  const action = `sts:${e.eventName}`;
  const role = roleOfEvent(ctx, e);
  const principal = callerPrincipal(e);
  const context = eventContext(ctx, e, principal);
  // Without requestParameters (real logs on some denials) nothing says which keys the call carried.
  const requestKnown = !(e.notes ?? []).some((n) => n.includes('requestParameters is null'));
  const mode: ContextMode = 'complete';
  const base = { event: e, action, context, mode, requiredExternalIds: [] as string[] };
  if (!role) {
    return {
      ...base,
      ...(principal !== undefined ? { principal } : {}),
      failedSteps: [2],
      causes: ['role-missing'],
      explanation: [
        `${e.roleArn ?? 'The role'} is not in the snapshot: deleted since, or its account was not collected.`,
      ],
    };
  }
  if (principal === undefined) {
    return {
      ...base,
      role,
      failedSteps: [],
      causes: ['caller-unknown'],
      explanation: ['CloudTrail does not say who called.'],
    };
  }
  const q = { principal, role, action, context, mode };
  const evaluation = settle(ctx, q, requestKnown);
  const failedSteps: number[] = [];
  const causes: Cause[] = [];
  const explanation: string[] = [];
  const iamCaller = principal.startsWith('arn:');
  if (iamCaller) {
    const own = settle(ctx, { ...q, trust: admitting(principal, action) }, requestKnown);
    if (isDeny(own.decision)) {
      failedSteps.push(1);
      const scp = own.reasons.some(
        (r) => r.policy.kind === 'scp' && r.effect === 'Deny' && r.outcome === 'applies',
      );
      causes.push(scp ? 'scp' : 'permission');
      explanation.push(
        scp
          ? `Step 1: a service control policy denies ${action} to ${principal}.`
          : `Step 1: no identity policy of ${principal} allows ${action} on ${role.arn}.`,
      );
    }
  }
  const trust = settle(ctx, { ...q, identity: [OUTSIDE_IDENTITY] }, requestKnown);
  let requiredExternalIds: string[] = [];
  if (isDeny(trust.decision)) {
    failedSteps.push(2);
    // Would the trust admit the caller with the right ExternalId? Ask with the key left open.
    const open = evaluateAssume(ctx, {
      ...q,
      identity: [OUTSIDE_IDENTITY],
      context: withoutKey(context, 'sts:ExternalId'),
      mode: 'open',
    });
    const ext = open.openConditions.filter(
      (c) => c.key.toLowerCase() === 'sts:externalid' && !c.text.startsWith('allowed unless'),
    );
    requiredExternalIds = [...new Set(ext.flatMap((c) => c.values))];
    const deleted = trustOf(role).filter((p) => p.deleted);
    if (ext.length > 0 && open.decision === 'Conditional') {
      causes.push('external-id');
      explanation.push(
        `Step 2: the trust of ${role.name} admits ${principal} only with sts:ExternalId ${requiredExternalIds.join(' or ')}; the call ${
          e.externalIdPresent ? `sent ${e.externalId ?? '(a value CloudTrail did not record)'}` : 'sent none'
        }.`,
      );
    } else if (deleted.length > 0) {
      causes.push('deleted-principal');
      explanation.push(
        `Step 2: the trust of ${role.name} names ${deleted.map((d) => d.value).join(', ')}, a deleted principal, and nothing else admits ${principal}.`,
      );
    } else {
      causes.push('trust');
      explanation.push(`Step 2: no statement of the trust policy of ${role.name} admits ${principal}.`);
    }
  }
  extraActions(ctx, e, q, requestKnown, failedSteps, causes, explanation);
  const duration = e.durationSeconds;
  if (duration !== undefined) {
    const chained = e.caller.type === 'AssumedRole';
    if (chained && duration > CHAINING_LIMIT_SECONDS) {
      failedSteps.push(3);
      causes.push('duration');
      explanation.push(
        `Step 3: ${duration} s asked from a role session; role chaining limits sessions to ${CHAINING_LIMIT_SECONDS} s.`,
      );
    } else {
      const limit = knownMaxSessionDuration(role);
      if (limit !== undefined && duration > limit) {
        failedSteps.push(3);
        causes.push('duration');
        explanation.push(`Step 3: ${duration} s asked; ${role.name} allows at most ${limit} s.`);
      } else if (limit === undefined && duration > MIN_MAX_SESSION_DURATION) {
        // No invented limit: STS answers a duration above the role's limit with ValidationError.
        const refused = e.outcome !== 'success' && e.errorCode === 'ValidationError';
        if (refused) {
          failedSteps.push(3);
          causes.push('duration');
        }
        explanation.push(
          `Step 3: ${duration} s asked; the MaxSessionDuration of ${role.name} is not in the snapshot${
            refused ? ', and the ValidationError says it is below that' : ''
          } (${MAX_SESSION_DURATION_SOURCES} to know it).`,
        );
      }
    }
  }
  if (failedSteps.length === 0 && isDeny(evaluation.decision)) {
    explanation.push(
      `Denied by the combination of policies: ${evaluation.reasons[0]?.message ?? 'no reason given'}.`,
    );
  }
  if (evaluation.decision === 'Conditional')
    explanation.push(
      `Today's policies allow it if ${evaluation.openConditions
        .map((c) => c.text.replace(/^allowed (if|unless) /, ''))
        .join(
          ' and ',
        )}: CloudTrail does not record ${evaluation.openConditions.length === 1 ? 'that key' : 'those keys'}.`,
    );
  return { ...base, role, principal, evaluation, failedSteps, causes, requiredExternalIds, explanation };
}

/**
 * The actions a call needs besides `sts:AssumeRole*` when it sets them (IAM User Guide, "Monitor and
 * control actions taken with assumed roles" and "Passing session tags in AWS STS"): a source identity
 * needs `sts:SetSourceIdentity`, session tags need `sts:TagSession`, each allowed by the role's trust
 * policy and by the caller's own policies. CloudTrail shows both in `requestParameters`.
 */
const EXTRA_ACTIONS: readonly {
  action: string;
  cause: Cause;
  what: string;
  sets: (e: AssumeEvent) => boolean;
}[] = [
  {
    action: 'sts:SetSourceIdentity',
    cause: 'source-identity',
    what: 'a source identity',
    sets: (e) => e.sourceIdentity !== undefined,
  },
  {
    action: 'sts:TagSession',
    cause: 'session-tags',
    what: 'session tags',
    sets: (e) => e.sessionTags !== undefined && Object.keys(e.sessionTags).length > 0,
  },
];

function extraActions(
  ctx: RuleContext,
  e: AssumeEvent,
  q: AssumeQuery & { principal: string; role: Role },
  requestKnown: boolean,
  failedSteps: number[],
  causes: Cause[],
  explanation: string[],
): void {
  const iamCaller = q.principal.startsWith('arn:');
  for (const x of EXTRA_ACTIONS) {
    if (!x.sets(e)) continue;
    const ask = { ...q, action: x.action };
    const missing: string[] = [];
    // The caller's own side (only an IAM caller has identity policies), then the trust's.
    if (
      iamCaller &&
      isDeny(settle(ctx, { ...ask, trust: admitting(q.principal, x.action) }, requestKnown).decision)
    ) {
      missing.push(`no identity policy of ${q.principal} allows ${x.action} on ${q.role.arn}`);
      if (!failedSteps.includes(1)) failedSteps.push(1);
    }
    if (isDeny(settle(ctx, { ...ask, identity: [OUTSIDE_IDENTITY] }, requestKnown).decision)) {
      missing.push(`the trust policy of ${q.role.name} does not allow ${x.action} to ${q.principal}`);
      if (!failedSteps.includes(2)) failedSteps.push(2);
    }
    if (missing.length === 0) continue;
    causes.push(x.cause);
    explanation.push(
      `The call sets ${x.what}, which needs ${x.action} as well as ${q.action ?? 'sts:AssumeRole'}: ${missing.join('; ')}.`,
    );
  }
}

/** Events grouped by `caller → role`, in a stable order. */
export function groupByPair(ctx: RuleContext, events: AssumeEvent[]): Map<string, AssumeEvent[]> {
  const groups = new Map<string, AssumeEvent[]>();
  for (const e of events) {
    const key = `${callerPrincipal(e) ?? e.caller.arn ?? 'unknown'}->${roleOfEvent(ctx, e)?.arn ?? e.roleArn ?? 'unknown'}`;
    const list = groups.get(key);
    if (list) list.push(e);
    else groups.set(key, [e]);
  }
  return new Map([...groups.entries()].sort((a, b) => a[0].localeCompare(b[0])));
}

/** What a chain check returns, and the helpers its steps share: the two-mode decision and the reasons kept per step. */
import type { Evaluation, OpenCondition, PolicyInput, Reason } from '../policy/types';
import type { ResolvedSource } from './check-input';

/** `not-applicable`: the step does not exist in this chain (no role is assumed); `skipped`: it could not be checked. */
export const CHECK_STATUSES = ['pass', 'fail', 'conditional', 'skipped', 'not-applicable'] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];

export interface ChainStep {
  step: 1 | 2 | 3 | 4 | 5;
  /** Steps 4 and 5 of a statement's chain check every action it performs; each one's status here. */
  actions?: { action: string; status: CheckStatus }[];
  title: string;
  status: CheckStatus;
  reasons: Reason[];
  openConditions?: OpenCondition[];
  /** What to change, in words, with the JSON statement and the AWS CLI command where there is one. */
  fix?: string;
}

export interface ChainCheck {
  ok: boolean;
  steps: ChainStep[];
  /** How the inputs were read: the principal that calls, the ARN checked, the key considered. */
  resolved: {
    caller?: string;
    sourceKind: ResolvedSource['kind'];
    resource?: string;
    roleChaining: boolean;
    kmsKey?: string;
  };
}

export const STEP_TITLES = {
  1: 'The source may call sts:AssumeRole on the target role',
  2: "The target role's trust policy admits the source",
  3: 'The session duration fits MaxSessionDuration and the role-chaining limit',
  4: 'The target role may perform the action on the resource',
  5: "The resource's own policies do not stop it",
} as const;

/** Keys the request settles: when one of them is what a condition needs, the step fails rather than being conditional. */
const SETTLED_KEYS = new Set([
  'sts:externalid',
  'aws:principalarn',
  'aws:principalaccount',
  'aws:principalorgid',
  'aws:principaltype',
  'aws:userid',
  'aws:username',
  'aws:securetransport',
  's3:prefix',
  'aws:resourceaccount',
]);
export const settled = (key: string): boolean =>
  SETTLED_KEYS.has(key.toLowerCase()) || key.toLowerCase().startsWith('aws:principaltag/');

export const STAND_IN = '(stand-in)';
export const note = (
  kind: Reason['policy']['kind'],
  name: string,
  outcome: Reason['outcome'],
  message: string,
): Reason => ({ policy: { kind, name }, outcome, message });
export const withoutStandIns = (reasons: Reason[]): Reason[] =>
  reasons.filter(
    (r) =>
      !(r.policy.name ?? '').startsWith(STAND_IN) && !(r.policy.name ?? '').startsWith('(caller outside'),
  );

/** A trust that defers to the caller's account: the decision is then the caller's own policies'. */
export function deferringTrust(account: string, action: string): PolicyInput {
  return {
    name: `${STAND_IN} trust that defers to ${account}'s own policies`,
    document: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: action }],
    },
  };
}

const SEVERITY: Record<Evaluation['decision'], number> = {
  ExplicitDeny: 0,
  ImplicitDeny: 1,
  Conditional: 2,
  Allow: 3,
};

/** The least permissive of several evaluations that must all allow. */
export function worst(evals: Evaluation[]): Evaluation {
  let w = evals[0] as Evaluation;
  for (const e of evals) if (SEVERITY[e.decision] < SEVERITY[w.decision]) w = e;
  return w;
}

/** Complete mode first; if that fails, open mode tells whether only unknowable keys stand in the way. */
export function decide(run: (mode: 'complete' | 'open') => Evaluation): {
  status: CheckStatus;
  ev: Evaluation;
  open?: OpenCondition[];
} {
  const ev = run('complete');
  if (ev.decision === 'Allow') return { status: 'pass', ev };
  if (ev.decision === 'ExplicitDeny') return { status: 'fail', ev };
  const open = run('open');
  if (
    open.decision === 'Conditional' &&
    open.openConditions.length > 0 &&
    !open.openConditions.some((c) => settled(c.key))
  )
    return { status: 'conditional', ev: open, open: open.openConditions };
  return { status: 'fail', ev };
}

/** The policy kinds each step is about; other policies' allows are boilerplate there (failures always show). */
const STEP_KINDS: Record<ChainStep['step'], ReadonlySet<string>> = {
  1: new Set(['identity', 'boundary', 'session', 'scp']),
  2: new Set(['trust', 'rcp']),
  3: new Set(['trust']),
  4: new Set(['identity', 'boundary', 'session', 'scp', 'resource']),
  5: new Set(['resource', 'rcp', 'identity', 'boundary']),
};
const ORG_KINDS = new Set(['scp', 'rcp']);

function focus(n: ChainStep['step'], reasons: Reason[]): Reason[] {
  return reasons.filter((r) => {
    const failing =
      r.outcome === 'missing' ||
      r.outcome === 'invalid' ||
      r.outcome === 'conditional' ||
      r.effect === 'Deny';
    if (failing) return true;
    // "FullAWSAccess allows it" at every level of the organisation says nothing.
    if (ORG_KINDS.has(r.policy.kind) && r.outcome === 'applies') return false;
    return STEP_KINDS[n].has(r.policy.kind);
  });
}

export const step = (
  n: ChainStep['step'],
  status: CheckStatus,
  reasons: Reason[],
  extra: Partial<ChainStep> = {},
): ChainStep => ({
  step: n,
  title: STEP_TITLES[n],
  status,
  reasons: focus(n, reasons),
  ...extra,
});

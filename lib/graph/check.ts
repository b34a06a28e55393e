/**
 * `checkChain()`: the five steps the Doris and StarRocks documentation describe for an assumed-role
 * chain, each decided by the engine in complete-context mode with the context the request implies
 * (`sts:ExternalId` when given, the caller's ARN, account, org id and tags, TLS):
 *
 * 1. the source may call `sts:AssumeRole` on the target (its identity policies, boundary, SCPs);
 * 2. the target's trust policy admits the source, with its conditions;
 * 3. the session duration fits the role's MaxSessionDuration and the one-hour limit of role chaining;
 * 4. the target role may perform the action on the resource (its identity policies, boundary, SCPs);
 * 5. the resource's own policy (bucket / Glue catalog policy, RCPs, and the KMS key policy) does not stop it.
 *
 * A step that fails in complete mode but would pass if a key nobody can know from here held (a source
 * IP, MFA) is `conditional`, listing those conditions.
 */
import type { Role, Snapshot } from '../model';
import { knownMaxSessionDuration, MIN_MAX_SESSION_DURATION } from '../model';
import { placeholder, sh } from '../model/shell';
import type { ContextValue, Evaluation, OpenCondition, Reason } from '../policy/types';
import { trustInput } from './build';
import { DATA_CONTEXT } from './access';
import type { ChainCheck, ChainStep, CheckStatus } from './check-core';
import { STEP_TITLES } from './check-core';
import { decide, deferringTrust, note, step, withoutStandIns } from './check-core';
import { actionFix, durationFix, trustFix } from './check-fix';
import type { ChainCheckRequest, ResolvedSource } from './check-input';
import { parseResource, resolveSource } from './check-input';
import { evaluateWorkloadRole } from './workload-trust';
import { stepsFourFive } from './check-resource';
import { evaluateOutsider, evaluatePrincipal, principalContext } from './engine';
import type { IamPrincipal, SnapshotIndex } from './snapshot-index';
import { indexSnapshot, principalAccount } from './snapshot-index';

export type { ChainCheckRequest } from './check-input';
export { CHECK_STATUSES, STEP_TITLES } from './check-core';
export type { ChainCheck, ChainStep, CheckStatus } from './check-core';

/** Checks one chain, step by step. Never throws: unreadable inputs become failed steps with a reason. */
export function checkChain(snapshot: Snapshot, request: ChainCheckRequest): ChainCheck {
  const { action, ...rest } = request;
  return checkPlan(snapshot, { ...rest, actions: [action] });
}

/**
 * What a statement's chain asks: the role may be absent (the engine uses the source's own credentials, a
 * two-hop chain: instance → profile → instance role → resource), the resource may be missing (steps 1–3
 * are still checked and 4–5 say what to give), and steps 4–5 check every action the statement performs.
 */
export interface ChainPlan extends Omit<ChainCheckRequest, 'targetRole' | 'resource' | 'action'> {
  targetRole?: string;
  resource?: string;
  actions: string[];
}

/** Checks a planned chain: every action on the resource, with or without a role to assume. */
export function checkPlan(snapshot: Snapshot, plan: ChainPlan): ChainCheck {
  const sx = indexSnapshot(snapshot);
  const src = resolveSource(sx, plan.source);
  const targetRole = plan.targetRole?.trim();
  const ctx: Record<string, ContextValue> = {
    ...DATA_CONTEXT,
    ...(plan.externalId !== undefined ? { 'sts:ExternalId': plan.externalId } : {}),
  };
  const steps: ChainStep[] = [];
  let actor: IamPrincipal | undefined;
  let actorAccount: string | undefined;
  let actorMissing: ChainStep[] | undefined;
  let roleChaining = false;
  if (targetRole === undefined) {
    steps.push(...direct(sx, src, plan));
    actor = src.principal;
    actorAccount = actor
      ? principalAccount(actor)
      : /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(src.callerArn ?? '')?.[1];
    if (!actor) {
      const r = [
        note(
          'identity',
          src.callerArn ?? plan.source,
          src.problem ? 'missing' : 'conditional',
          src.problem ??
            `${src.callerArn ?? plan.source} is outside the collected accounts: its policies cannot be checked`,
        ),
      ];
      actorMissing = [step(4, src.problem ? 'skipped' : 'conditional', r), step(5, 'skipped', r)];
    }
  } else {
    const request = { ...plan, targetRole };
    const target = sx.rolesByArn.get(targetRole);
    actorAccount = /^arn:[^:]+:iam::(\d{12}):role\//.exec(targetRole)?.[1];
    roleChaining = plan.roleChaining ?? (src.kind !== 'user' && !(src.principal?.kind === 'user'));
    steps.push(...assumeSteps(sx, src, request, target, actorAccount, ctx, roleChaining));
    if (target) actor = { kind: 'role', role: target };
    else {
      const r = [
        note(
          'identity',
          targetRole,
          'missing',
          'the target role is not in the snapshot: its policies cannot be checked',
        ),
      ];
      actorMissing = [
        step(
          4,
          actorAccount !== undefined && sx.collectedAccounts.has(actorAccount) ? 'fail' : 'conditional',
          r,
        ),
        step(5, 'skipped', r),
      ];
    }
  }

  // ── 4 and 5. the role (or the source itself) on the resource, for every action ──
  const resource = plan.resource?.trim();
  let resolvedResource: string | undefined;
  if (resource === undefined || resource === '') {
    const r = [
      note(
        'resource',
        'resource',
        'not-applicable',
        `no bucket or path is named: give the resource (s3://bucket/path) to check ${plan.actions.join(', ')}`,
      ),
    ];
    steps.push(step(4, 'skipped', r), step(5, 'skipped', r));
  } else if (!parseResource(resource, plan.actions[0] ?? 's3:GetObject', actorAccount, plan.region, sx)) {
    const r = [
      note(
        'resource',
        resource,
        'invalid',
        `'${resource}' is not s3://bucket/path, an S3 or Glue ARN, or glue:catalog`,
      ),
    ];
    steps.push(step(4, 'fail', r), step(5, 'skipped', r));
  } else if (actorMissing || !actor) {
    steps.push(...(actorMissing ?? []));
  } else {
    const per = plan.actions.map((action) => {
      const res = parseResource(resource, action.trim(), actorAccount, plan.region, sx);
      resolvedResource ??= res?.arn;
      return {
        action: action.trim(),
        steps: res
          ? stepsFourFive(sx, actor, action.trim(), res, {
              ...plan,
              targetRole: targetRole ?? '',
              resource,
              action,
            })
          : [],
      };
    });
    steps.push(mergeActions(4, per), mergeActions(5, per));
  }
  const kms = steps.find((s) => s.step === 5)?.reasons.find((r) => r.policy.arn?.startsWith('arn:aws:kms:'))
    ?.policy.arn;
  return {
    ok: steps.every((s) => s.status === 'pass' || s.status === 'not-applicable'),
    steps,
    resolved: {
      ...(src.callerArn ? { caller: src.callerArn } : {}),
      sourceKind: src.kind,
      ...(resolvedResource ? { resource: resolvedResource } : {}),
      roleChaining,
      ...(kms ? { kmsKey: kms } : {}),
    },
  };
}

const RANK: Record<CheckStatus, number> = {
  fail: 0,
  conditional: 1,
  skipped: 2,
  'not-applicable': 3,
  pass: 4,
};

/** One step over several actions: the worst status decides; each failing action is named in its reasons. */
function mergeActions(n: 4 | 5, per: { action: string; steps: ChainStep[] }[]): ChainStep {
  const mine = per.map((p) => ({ action: p.action, s: p.steps.find((s) => s.step === n) }));
  if (mine.length === 1 && mine[0]?.s) return mine[0].s;
  let status: CheckStatus = 'pass';
  for (const m of mine) if (m.s && RANK[m.s.status] < RANK[status]) status = m.s.status;
  const reasons: Reason[] = [];
  const open: OpenCondition[] = [];
  const fixes: string[] = [];
  for (const m of mine) {
    if (!m.s) continue;
    const failing = m.s.status !== 'pass' && m.s.status !== 'not-applicable';
    if (failing || reasons.length < 4)
      for (const r of m.s.reasons.slice(0, failing ? 6 : 1))
        reasons.push({ ...r, message: `${m.action}: ${r.message}` });
    for (const c of m.s.openConditions ?? []) open.push({ ...c, text: `${m.action}: ${c.text}` });
    if (m.s.fix && failing) fixes.push(m.s.fix);
  }
  return {
    step: n,
    title: STEP_TITLES[n],
    status,
    reasons,
    actions: mine.map((m) => ({ action: m.action, status: m.s?.status ?? 'skipped' })),
    ...(open.length > 0 ? { openConditions: open } : {}),
    ...(fixes.length > 0 ? { fix: [...new Set(fixes)].join('\n') } : {}),
  };
}

/** Steps 1–3 of a chain without a role: the source's own credentials, nothing assumed. */
function direct(sx: SnapshotIndex, src: ResolvedSource, plan: ChainPlan): ChainStep[] {
  const who = src.callerArn ?? plan.source;
  const none = (n: 2 | 3) =>
    step(n, 'not-applicable', [
      note(
        'trust',
        'no role assumed',
        'not-applicable',
        `no role is assumed: the engine calls AWS with ${who}'s own credentials (instance profile, IAM user key or the SDK default chain)`,
      ),
    ]);
  return [
    ec2Credentials(sx, src, plan.source) ??
      step(1, src.principal ? 'pass' : 'conditional', [
        note(
          'identity',
          who,
          src.principal ? 'applies' : 'conditional',
          src.principal
            ? `${who} has credentials of its own${src.profile ? ` through the instance profile ${src.profile.name}` : ''}`
            : `${who} is outside the collected accounts: that it has credentials cannot be checked`,
        ),
      ]),
    none(2),
    none(3),
  ];
}

function assumeSteps(
  sx: SnapshotIndex,
  src: ResolvedSource,
  request: ChainCheckRequest | (ChainPlan & { targetRole: string }),
  target: Role | undefined,
  targetAccount: string | undefined,
  ctx: Record<string, ContextValue>,
  roleChaining: boolean,
): ChainStep[] {
  const steps: ChainStep[] = [];
  const caller = src.callerArn;
  const targetRole = request.targetRole.trim();
  // ── 1. the source's side of sts:AssumeRole ──
  const trustSide = target ? { resource: target.arn, policy: trustInput(target) } : { resource: targetRole };
  let full: Evaluation | undefined;
  if (src.principal && target)
    full = evaluatePrincipal(sx, src.principal, 'sts:AssumeRole', trustSide, 'complete', ctx);
  steps.push(stepOne(sx, src, request, ctx, full));

  // ── 2. the target's trust ──
  if (!target) {
    const known = targetAccount !== undefined && sx.collectedAccounts.has(targetAccount);
    steps.push(
      step(2, known ? 'fail' : 'conditional', [
        note(
          'trust',
          targetRole,
          'missing',
          known
            ? `the role ${targetRole} does not exist in its account ${targetAccount}`
            : `the role ${targetRole} is in an account that was not collected: its trust cannot be checked`,
        ),
      ]),
    );
  } else if (!caller) {
    steps.push(
      step(2, 'skipped', [
        note('trust', target.name, 'not-applicable', 'no caller to check the trust against (see step 1)'),
      ]),
    );
  } else {
    const pctx = src.principal ? principalContext(sx, src.principal) : {};
    const d = decide((mode) =>
      evaluateOutsider(
        sx,
        caller,
        'sts:AssumeRole',
        trustSide,
        mode,
        { ...pctx, ...ctx },
        {
          grantIdentity: true,
          ...(src.principal ? { principalAccount: principalAccount(src.principal) } : {}),
        },
      ),
    );
    steps.push(
      step(2, d.status, withoutStandIns(d.ev.reasons), {
        ...(d.open ? { openConditions: d.open } : {}),
        ...(d.status === 'fail' ? { fix: trustFix(target, caller, d.ev, request.externalId) } : {}),
      }),
    );
  }

  // ── 3. session duration ──
  steps.push(stepThree(request, target, roleChaining));
  return steps;
}

/** Step 1 fails when an instance or profile gives no credentials (no profile, no role, no EC2 trust). */
function ec2Credentials(sx: SnapshotIndex, src: ResolvedSource, source: string): ChainStep | undefined {
  if (src.problem)
    return step(1, 'fail', [note('identity', source, 'missing', src.problem)], { fix: sourceFix(src) });
  if (src.workload && src.use && src.principal?.kind === 'role') {
    // The workload's own step first: its service (or OIDC provider) must get the role at all.
    const role = src.principal.role;
    const w = evaluateWorkloadRole(sx, src.workload, src.use, role);
    if (w.decision === 'Allow') return undefined;
    const how = `${src.workload.name} gets ${role.name} as ${w.principal} (${w.action})`;
    return step(
      1,
      w.decision === 'Conditional' ? 'conditional' : 'fail',
      [
        note(
          'trust',
          `trust policy of ${role.name}`,
          w.decision === 'Conditional' ? 'conditional' : 'missing',
          `${how}: ${w.decision === 'Conditional' ? 'holds only under conditions' : 'the trust refuses it, so the workload gets no credentials'}`,
        ),
        ...w.reasons,
      ],
      w.openConditions.length > 0 ? { openConditions: w.openConditions } : {},
    );
  }
  if (src.principal && src.profile) {
    // The instance gets credentials only if the role's trust admits EC2.
    const role = src.principal.kind === 'role' ? src.principal.role : undefined;
    if (role) {
      const ec2 = evaluateOutsider(
        sx,
        'ec2.amazonaws.com',
        'sts:AssumeRole',
        { resource: role.arn, policy: trustInput(role) },
        'complete',
      );
      if (ec2.decision !== 'Allow')
        return step(
          1,
          'fail',
          [
            note(
              'trust',
              `trust policy of ${role.name}`,
              'missing',
              `the instance profile's role ${role.name} does not trust ec2.amazonaws.com, so the instance gets no credentials`,
            ),
            ...ec2.reasons,
          ],
          {
            fix: `add {"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"} to the trust policy of ${role.name}: ${sh`aws iam update-assume-role-policy --role-name ${role.name} --policy-document file://trust.json`}`,
          },
        );
    }
  }
  return undefined;
}

function stepOne(
  sx: SnapshotIndex,
  src: ResolvedSource,
  req: Pick<ChainCheckRequest, 'source' | 'targetRole'>,
  ctx: Record<string, ContextValue>,
  full: Evaluation | undefined,
): ChainStep {
  const noCredentials = ec2Credentials(sx, src, req.source);
  if (noCredentials) return noCredentials;
  if (!src.principal) {
    return step(1, 'conditional', [
      note(
        'identity',
        src.callerArn ?? req.source,
        'conditional',
        `${src.callerArn ?? req.source} is outside the collected accounts: its own policies cannot be seen, and must allow sts:AssumeRole on ${req.targetRole}`,
      ),
    ]);
  }
  const p = src.principal;
  const account = principalAccount(p);
  const d = decide((mode) =>
    evaluatePrincipal(
      sx,
      p,
      'sts:AssumeRole',
      { resource: req.targetRole.trim(), policy: deferringTrust(account, 'sts:AssumeRole') },
      mode,
      ctx,
    ),
  );
  if (d.status !== 'pass' && full?.decision === 'Allow')
    return step(1, 'pass', [
      note(
        'trust',
        `trust policy of ${req.targetRole}`,
        'applies',
        'no grant of its own is needed: the trust policy names the caller directly, in the same account',
      ),
      ...withoutStandIns(full.reasons),
    ]);
  return step(1, d.status, withoutStandIns(d.ev.reasons), {
    ...(d.open ? { openConditions: d.open } : {}),
    ...(d.status === 'fail' ? { fix: actionFix(p, 'sts:AssumeRole', req.targetRole.trim()) } : {}),
  });
}

function sourceFix(src: ResolvedSource): string | undefined {
  if (src.kind === 'instance' && src.instance && !src.instance.instanceProfileArn)
    return `attach the cluster's instance profile: ${sh`aws ec2 associate-iam-instance-profile --instance-id ${src.instance.id} --iam-instance-profile Name=${placeholder('profile-name')}`}`;
  if (src.profile && src.profile.roleArns.length === 0)
    return sh`aws iam add-role-to-instance-profile --instance-profile-name ${src.profile.name} --role-name ${placeholder('role-name')}`;
  return undefined;
}

function stepThree(
  req: Pick<ChainCheckRequest, 'durationSeconds'>,
  target: Pick<Role, 'name' | 'account' | 'maxSessionDuration' | 'maxSessionDurationKnown'> | undefined,
  chaining: boolean,
): ChainStep {
  const requested = req.durationSeconds ?? 3600;
  const label = target ? `MaxSessionDuration of ${target.name}` : 'session duration';
  const limit = target ? knownMaxSessionDuration(target) : undefined;
  const reasons: Reason[] = [];
  let fail = false;
  if (requested < 900) {
    fail = true;
    reasons.push(
      note('trust', label, 'missing', `${requested} s is below the 900 s minimum of sts:AssumeRole`),
    );
  }
  if (limit !== undefined && requested > limit) {
    fail = true;
    reasons.push(
      note('trust', label, 'missing', `${requested} s exceeds the role's MaxSessionDuration of ${limit} s`),
    );
  }
  if (chaining && requested > 3600) {
    fail = true;
    reasons.push(
      note(
        'trust',
        label,
        'missing',
        `the caller is itself a role session (role chaining): AWS limits a chained session to 3600 s whatever MaxSessionDuration says, and refuses ${requested} s`,
      ),
    );
  }
  if (!target && !fail)
    return step(3, 'skipped', [
      note(
        'trust',
        label,
        'not-applicable',
        'the target role is not in the snapshot: its MaxSessionDuration is unknown',
      ),
    ]);
  // Every role allows 3600 s; beyond that an unknown limit leaves the step open, never failed.
  if (target && limit === undefined && !fail && requested > MIN_MAX_SESSION_DURATION)
    return step(
      3,
      'conditional',
      [
        note(
          'trust',
          label,
          'conditional',
          `${requested} s fits only if the MaxSessionDuration of ${target.name} is at least ${requested} s, and the snapshot does not know it (get-account-authorization-details does not carry it); every role allows ${MIN_MAX_SESSION_DURATION} s`,
        ),
      ],
      { fix: durationFix(requested, target, chaining) },
    );
  if (!fail)
    reasons.push(
      note(
        'trust',
        label,
        'applies',
        `${requested} s fits${
          limit !== undefined
            ? ` MaxSessionDuration ${limit} s`
            : target
              ? ` the ${MIN_MAX_SESSION_DURATION} s every role allows (its MaxSessionDuration is unknown)`
              : ''
        }${chaining ? ' and the 3600 s limit of role chaining' : ''}`,
      ),
    );
  return step(
    3,
    fail ? 'fail' : 'pass',
    reasons,
    fail ? { fix: durationFix(requested, target, chaining) } : {},
  );
}

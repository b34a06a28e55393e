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
import type { ContextValue, Evaluation, Reason } from '../policy/types';
import { trustInput } from './build';
import { DATA_CONTEXT } from './access';
import type { ChainCheck, ChainStep } from './check-core';
import { decide, deferringTrust, note, step, withoutStandIns } from './check-core';
import { actionFix, durationFix, trustFix } from './check-fix';
import type { ChainCheckRequest, ResolvedSource } from './check-input';
import { parseResource, resolveSource } from './check-input';
import { stepsFourFive } from './check-resource';
import { evaluateOutsider, evaluatePrincipal, principalContext } from './engine';
import type { SnapshotIndex } from './snapshot-index';
import { indexSnapshot, principalAccount } from './snapshot-index';

export type { ChainCheckRequest } from './check-input';
export { CHECK_STATUSES, STEP_TITLES } from './check-core';
export type { ChainCheck, ChainStep, CheckStatus } from './check-core';

/** Checks one chain, step by step. Never throws: unreadable inputs become failed steps with a reason. */
export function checkChain(snapshot: Snapshot, request: ChainCheckRequest): ChainCheck {
  const sx = indexSnapshot(snapshot);
  const src = resolveSource(sx, request.source);
  const target = sx.rolesByArn.get(request.targetRole.trim());
  const targetAccount = /^arn:[^:]+:iam::(\d{12}):role\//.exec(request.targetRole.trim())?.[1];
  const roleChaining = request.roleChaining ?? (src.kind !== 'user' && !(src.principal?.kind === 'user'));
  const res = parseResource(request.resource.trim(), request.action, targetAccount, request.region, sx);
  const action = request.action.trim();
  const ctx: Record<string, ContextValue> = {
    ...DATA_CONTEXT,
    ...(request.externalId !== undefined ? { 'sts:ExternalId': request.externalId } : {}),
  };
  const caller = src.callerArn;
  const steps: ChainStep[] = [];

  // ── 1. the source's side of sts:AssumeRole ──
  const trustSide = target
    ? { resource: target.arn, policy: trustInput(target) }
    : { resource: request.targetRole };
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
          request.targetRole,
          'missing',
          known
            ? `the role ${request.targetRole} does not exist in its account ${targetAccount}`
            : `the role ${request.targetRole} is in an account that was not collected: its trust cannot be checked`,
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

  // ── 4 and 5. the target role on the resource ──
  if (!res) {
    const r = [
      note(
        'resource',
        request.resource,
        'invalid',
        `'${request.resource}' is not s3://bucket/path, an S3 or Glue ARN, or glue:catalog`,
      ),
    ];
    steps.push(step(4, 'fail', r), step(5, 'skipped', r));
  } else if (!target) {
    const r = [
      note(
        'identity',
        request.targetRole,
        'missing',
        'the target role is not in the snapshot: its policies cannot be checked',
      ),
    ];
    steps.push(
      step(
        4,
        targetAccount !== undefined && sx.collectedAccounts.has(targetAccount) ? 'fail' : 'conditional',
        r,
      ),
      step(5, 'skipped', r),
    );
  } else {
    steps.push(...stepsFourFive(sx, { kind: 'role', role: target }, action, res, request));
  }
  const kms = steps.find((s) => s.step === 5)?.reasons.find((r) => r.policy.arn?.startsWith('arn:aws:kms:'))
    ?.policy.arn;
  return {
    ok: steps.every((s) => s.status === 'pass'),
    steps,
    resolved: {
      ...(caller ? { caller } : {}),
      sourceKind: src.kind,
      ...(res ? { resource: res.arn } : {}),
      roleChaining,
      ...(kms ? { kmsKey: kms } : {}),
    },
  };
}

function stepOne(
  sx: SnapshotIndex,
  src: ResolvedSource,
  req: ChainCheckRequest,
  ctx: Record<string, ContextValue>,
  full: Evaluation | undefined,
): ChainStep {
  if (src.problem)
    return step(1, 'fail', [note('identity', req.source, 'missing', src.problem)], { fix: sourceFix(src) });
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
  req: ChainCheckRequest,
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

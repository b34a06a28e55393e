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
import type { Snapshot } from '../model';
import { allowedResourcePatterns } from '../policy';
import type { ContextValue, Evaluation, OpenCondition, PolicyInput, Reason } from '../policy/types';
import { trustInput } from './build';
import type { ChainCheckRequest, ResolvedResource, ResolvedSource } from './check-input';
import { isBucketAction, parseResource, resolveSource } from './check-input';
import { DATA_CONTEXT } from './access';
import { evaluateOutsider, evaluatePrincipal, principalContext } from './engine';
import { actionFix, bucketFix, durationFix, trustFix } from './check-fix';
import type { IamPrincipal, SnapshotIndex } from './snapshot-index';
import { indexSnapshot, principalAccount } from './snapshot-index';

export type { ChainCheckRequest } from './check-input';

export const CHECK_STATUSES = ['pass', 'fail', 'conditional', 'skipped'] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];

export interface ChainStep {
  step: 1 | 2 | 3 | 4 | 5;
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
const settled = (key: string): boolean =>
  SETTLED_KEYS.has(key.toLowerCase()) || key.toLowerCase().startsWith('aws:principaltag/');

const STAND_IN = '(stand-in)';
const note = (
  kind: Reason['policy']['kind'],
  name: string,
  outcome: Reason['outcome'],
  message: string,
): Reason => ({ policy: { kind, name }, outcome, message });
const withoutStandIns = (reasons: Reason[]): Reason[] =>
  reasons.filter(
    (r) =>
      !(r.policy.name ?? '').startsWith(STAND_IN) && !(r.policy.name ?? '').startsWith('(caller outside'),
  );

/** A trust that defers to the caller's account: the decision is then the caller's own policies'. */
function deferringTrust(account: string, action: string): PolicyInput {
  return {
    name: `${STAND_IN} trust that defers to ${account}'s own policies`,
    document: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: action }],
    },
  };
}

/** Complete mode first; if that fails, open mode tells whether only unknowable keys stand in the way. */
const SEVERITY: Record<Evaluation['decision'], number> = {
  ExplicitDeny: 0,
  ImplicitDeny: 1,
  Conditional: 2,
  Allow: 3,
};

/** The least permissive of several evaluations that must all allow. */
function worst(evals: Evaluation[]): Evaluation {
  let w = evals[0] as Evaluation;
  for (const e of evals) if (SEVERITY[e.decision] < SEVERITY[w.decision]) w = e;
  return w;
}

function decide(run: (mode: 'complete' | 'open') => Evaluation): {
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

const step = (
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
            fix: `add {"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"} to the trust policy of ${role.name}: aws iam update-assume-role-policy --role-name ${role.name} --policy-document file://trust.json`,
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
    return `attach the cluster's instance profile: aws ec2 associate-iam-instance-profile --instance-id ${src.instance.id} --iam-instance-profile Name=<profile-name>`;
  if (src.profile && src.profile.roleArns.length === 0)
    return `aws iam add-role-to-instance-profile --instance-profile-name ${src.profile.name} --role-name <role-name>`;
  return undefined;
}

function stepThree(
  req: ChainCheckRequest,
  target: { name: string; maxSessionDuration: number } | undefined,
  chaining: boolean,
): ChainStep {
  const requested = req.durationSeconds ?? 3600;
  const label = target ? `MaxSessionDuration of ${target.name}` : 'session duration';
  const reasons: Reason[] = [];
  let fail = false;
  if (requested < 900) {
    fail = true;
    reasons.push(
      note('trust', label, 'missing', `${requested} s is below the 900 s minimum of sts:AssumeRole`),
    );
  }
  if (target && requested > target.maxSessionDuration) {
    fail = true;
    reasons.push(
      note(
        'trust',
        label,
        'missing',
        `${requested} s exceeds the role's MaxSessionDuration of ${target.maxSessionDuration} s`,
      ),
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
  if (!fail)
    reasons.push(
      note(
        'trust',
        label,
        'applies',
        `${requested} s fits${target ? ` MaxSessionDuration ${target.maxSessionDuration} s` : ''}${chaining ? ' and the 3600 s limit of role chaining' : ''}`,
      ),
    );
  return step(
    3,
    fail ? 'fail' : 'pass',
    reasons,
    fail ? { fix: durationFix(requested, target, chaining) } : {},
  );
}

function stepsFourFive(
  sx: SnapshotIndex,
  p: IamPrincipal,
  action: string,
  res: ResolvedResource,
  req: ChainCheckRequest,
): ChainStep[] {
  const ctx = { ...DATA_CONTEXT, ...res.context };
  const resourcePolicy = resourcePolicyOf(sx, res);
  const side = {
    resource: res.arn,
    ...(res.account !== undefined ? { resourceAccount: res.account } : {}),
    ...(resourcePolicy ? { policy: resourcePolicy } : {}),
  };
  // Every ARN the call is authorised on must allow it (Glue: catalog, database, table); the worst decides.
  const arns = [res.arn, ...(res.also ?? [])];
  const own = decide((mode) =>
    worst(
      arns.map((resource) =>
        evaluatePrincipal(sx, p, action, { resource }, mode, ctx, { identityOnly: true }),
      ),
    ),
  );
  const both = decide((mode) =>
    worst(arns.map((resource) => evaluatePrincipal(sx, p, action, { ...side, resource }, mode, ctx))),
  );
  const roleName = p.kind === 'role' ? p.role.name : p.user.name;
  const out: ChainStep[] = [];
  if (own.status !== 'pass' && both.status === 'pass')
    out.push(
      step(4, 'pass', [
        note(
          'resource',
          resourcePolicy?.name ?? res.arn,
          'applies',
          `${roleName}'s own policies do not allow it, but the resource policy grants it in the same account`,
        ),
        ...both.ev.reasons,
      ]),
    );
  else
    out.push(
      step(4, own.status, own.ev.reasons, {
        ...(own.open ? { openConditions: own.open } : {}),
        ...(own.status === 'fail' ? { fix: actionFix(p, action, res.arn) } : {}),
      }),
    );

  const resourceReasons = both.ev.reasons.filter(
    (r) => r.policy.kind === 'resource' || r.policy.kind === 'rcp',
  );
  const resourceOpen = (both.open ?? []).filter(
    (c) => c.policy.kind === 'resource' || c.policy.kind === 'rcp',
  );
  let five: ChainStep;
  if (both.status === 'fail' && (own.status === 'pass' || deniedByResource(both.ev))) {
    five = step(5, 'fail', resourceReasons, { fix: bucketFix(res, p, action, both.ev) });
  } else if (both.status === 'conditional' && resourceOpen.length > 0) {
    five = step(5, 'conditional', resourceReasons, { openConditions: resourceOpen });
  } else if (
    res.service === 's3' &&
    resourcePolicy === undefined &&
    !(res.bucket !== undefined && sx.bucketsByName.has(res.bucket))
  ) {
    five = step(5, 'conditional', [
      note(
        'resource',
        res.arn,
        'missing',
        `the bucket ${res.bucket ?? ''} is not in the snapshot: its policy could not be read`,
      ),
    ]);
  } else {
    // Whatever fails is on the role's side (step 4); the resource's own policy does not stop the call.
    five = step(
      5,
      'pass',
      resourceReasons.length > 0
        ? resourceReasons
        : [
            note(
              'resource',
              resourcePolicy?.name ?? res.arn,
              'not-applicable',
              resourcePolicy
                ? `nothing in the ${resourcePolicy.name} stops it`
                : 'the resource has no policy of its own, and no RCP stops the call',
            ),
          ],
    );
  }
  if (five.status === 'pass' && res.service === 's3') five = withKms(sx, p, action, res, req, five);
  out.push(five);
  return out;
}

/** An explicit Deny in the resource policy or an RCP (an implicit one only matters when the role's side allows). */
const deniedByResource = (ev: Evaluation): boolean =>
  ev.decision === 'ExplicitDeny' &&
  ev.reasons.some(
    (r) =>
      (r.policy.kind === 'resource' || r.policy.kind === 'rcp') &&
      r.effect === 'Deny' &&
      r.outcome === 'applies',
  );

function resourcePolicyOf(sx: SnapshotIndex, res: ResolvedResource): PolicyInput | undefined {
  if (res.service === 's3' && res.bucket !== undefined) {
    const b = sx.bucketsByName.get(res.bucket);
    return b?.policy !== undefined
      ? { name: `bucket policy of ${res.bucket}`, document: b.policy }
      : undefined;
  }
  if (res.service === 'glue' && res.account !== undefined && res.region !== undefined) {
    const c = sx.glueByAccountRegion.get(`${res.account}/${res.region}`);
    return c?.policy !== undefined
      ? { name: `Glue catalog policy of ${res.account} ${res.region}`, document: c.policy }
      : undefined;
  }
  return undefined;
}

const READS = /^s3:(get|list|head)/i;

/** SSE-KMS: the key policy and the role's policies must both let it use the key (Decrypt to read, GenerateDataKey to write). */
function withKms(
  sx: SnapshotIndex,
  p: IamPrincipal,
  action: string,
  res: ResolvedResource,
  req: ChainCheckRequest,
  five: ChainStep,
): ChainStep {
  const keyArn = req.kmsKey ?? guessKey(sx, p, res);
  if (keyArn === undefined || isBucketAction(action)) return five;
  const key = sx.kmsByArn.get(keyArn);
  const kmsAction = READS.test(action) ? 'kms:Decrypt' : 'kms:GenerateDataKey';
  const policy: PolicyInput | undefined =
    key?.policy !== undefined
      ? { name: `key policy of ${keyArn}`, arn: keyArn, document: key.policy }
      : undefined;
  if (!policy)
    return {
      ...five,
      reasons: [
        ...five.reasons,
        note(
          'resource',
          keyArn,
          'missing',
          `the key policy of ${keyArn} is not in the snapshot: ${kmsAction} could not be checked`,
        ),
      ],
    };
  const d = decide((mode) =>
    evaluatePrincipal(
      sx,
      p,
      kmsAction,
      { resource: keyArn, resourceAccount: key?.account ?? '', policy },
      mode,
      { 'kms:ViaService': `s3.${res.region ?? key?.region ?? 'us-east-1'}.amazonaws.com` },
    ),
  );
  const head = note(
    'resource',
    `key policy of ${keyArn}`,
    d.status === 'pass' ? 'applies' : 'missing',
    `objects are encrypted with ${keyArn}${req.kmsKey ? '' : " (the key the role's policies name)"}: ${kmsAction} is ${d.status === 'pass' ? 'allowed' : d.status === 'conditional' ? 'allowed only under conditions' : 'not allowed'}`,
  );
  const reasons = [
    ...five.reasons,
    { ...head, policy: { kind: 'resource' as const, name: `key policy of ${keyArn}`, arn: keyArn } },
    ...d.ev.reasons,
  ];
  return {
    ...five,
    status: d.status,
    reasons,
    ...(d.open ? { openConditions: d.open } : {}),
    ...(d.status === 'fail'
      ? {
          fix: `allow ${kmsAction} on ${keyArn} for ${p.kind === 'role' ? p.role.arn : p.user.arn} in the key policy and in the role's policy`,
        }
      : {}),
  };
}

/** The one KMS key in the snapshot that the role's policies allow Decrypt on, in the bucket's account. */
function guessKey(sx: SnapshotIndex, p: IamPrincipal, res: ResolvedResource): string | undefined {
  const candidates = sx.snapshot.kmsKeys.filter(
    (k) => res.account === undefined || k.account === res.account,
  );
  if (candidates.length === 0) return undefined;
  const patterns = new Set(
    allowedResourcePatterns(sx.identityPolicies(p), 'kms:Decrypt').map((a) => a.pattern),
  );
  const named = candidates.filter((k) => patterns.has(k.arn));
  return named.length === 1 ? named[0]?.arn : undefined;
}

/**
 * `evaluate()`: the decision AWS would make for one request, with its reasons.
 *
 * The order follows the IAM User Guide, "Policy evaluation logic" and "Cross-account policy evaluation
 * logic":
 * 1. An explicit Deny in any policy (identity, boundary, session, resource/trust, SCP, RCP) wins.
 * 2. SCPs: for an IAM principal, every level from the root to its account must allow. RCPs: every level
 *    from the root to the resource's account must allow.
 * 3. Same account: the identity path (identity ∩ permissions boundary ∩ session policy) or the resource
 *    policy allows. How the resource policy names the caller matters:
 *    - the session ARN, the user ARN, the federated-user ARN, or `*`: a grant directly to the caller, not
 *      limited by an implicit deny in identity policies, boundaries or session policies;
 *    - the role ARN (the caller is a session of it): not limited by identity policies, but limited by an
 *      implicit deny in a permissions boundary or session policy;
 *    - the account (`<id>` or `arn:aws:iam::<id>:root`): delegation to the account's identity policies,
 *      which must allow.
 * 4. Cross account: the identity path and the resource policy must both allow.
 * 5. `sts:AssumeRole*`, `sts:TagSession`, `sts:SetSourceIdentity`: the role's trust policy is required, also
 *    in the same account ("IAM role trust policies … are exceptions: they must explicitly allow access").
 * 6. Service principals, federated (SAML/OIDC) callers and anonymous callers have no identity policies:
 *    the resource policy alone decides.
 * 7. The account root user has full access through identity policies (SCPs still apply), but cannot
 *    assume a role (STS AssumeRole API reference).
 *
 * Open-context mode: a condition on a key nobody gave is unknown; a decision that depends on one is
 * `Conditional` and lists it. A document with validation errors grants nothing; its well-formed Deny
 * statements still count (fail closed). Never throws.
 */
import type { CompiledPolicy } from './compile';
import { compilePolicy } from './compile';
import { describeCondition } from './conditions';
import type { RequestContext } from './context';
import { buildContext } from './context';
import type { PrincipalMatch } from './principal';
import { isIamPrincipal } from './principal';
import { buildReasons } from './reasons';
import type { StatementOutcome } from './statement';
import { evaluateStatement } from './statement';
import type { Tri } from './tri';
import { and, NO, or, YES } from './tri';
import type {
  Evaluation,
  EvaluationInput,
  EvaluationOptions,
  OpenCondition,
  OrgLevelPolicies,
  PolicyInput,
  PolicyKind,
  PolicyLabel,
  PolicyValidation,
} from './types';

/** Actions authorised by the role's trust policy (the trust policy is their resource policy). */
export const TRUST_ACTIONS: ReadonlySet<string> = new Set([
  'sts:assumerole',
  'sts:assumerolewithsaml',
  'sts:assumerolewithwebidentity',
  'sts:tagsession',
  'sts:setsourceidentity',
  'sts:setcontext',
]);

export interface EvaluatedPolicy {
  label: PolicyLabel;
  kind: PolicyKind;
  compiled?: CompiledPolicy;
  /** Errors for this kind of policy: it then allows nothing. */
  invalid: boolean;
  outcomes: StatementOutcome[];
  /** For SCP/RCP: the organisation level it is attached to. */
  level?: string;
}

function labelOf(input: unknown, kind: PolicyKind, fallback: string): PolicyLabel {
  const rec = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  const name = typeof rec.name === 'string' && rec.name !== '' ? rec.name : undefined;
  const arn = typeof rec.arn === 'string' && rec.arn !== '' ? rec.arn : undefined;
  return { kind, ...(name ? { name } : arn ? {} : { name: fallback }), ...(arn ? { arn } : {}) };
}

function evaluatePolicy(
  input: PolicyInput | undefined,
  kind: PolicyKind,
  req: RequestContext,
  hasBoundary: boolean,
  fallbackName: string,
  level?: string,
): EvaluatedPolicy {
  const label = labelOf(input, kind, fallbackName);
  const lvl = level !== undefined ? { level } : {};
  if (typeof input !== 'object' || input === null || !('document' in input)) {
    return { label, kind, invalid: true, outcomes: [], ...lvl };
  }
  const compiled = compilePolicy(input.document);
  const invalid = compiled.hasErrors || compiled.issuesFor(kind).some((i) => i.severity === 'error');
  const outcomes = compiled.statements.map((cs) =>
    evaluateStatement(cs, req, kind, compiled.substitutes, hasBoundary),
  );
  return { label, kind, compiled, invalid, outcomes, ...lvl };
}

const openConditionsOf = (p: EvaluatedPolicy, o: StatementOutcome): OpenCondition[] =>
  (o.open ?? []).map(({ condition, key }) => {
    const st = o.compiled.statement;
    const text = describeCondition(condition.entry);
    return {
      policy: p.label,
      statement: { index: st.index, ...(st.sid ? { sid: st.sid } : {}) },
      operator: condition.entry.operator,
      key,
      values: condition.entry.values,
      text: st.effect === 'Deny' ? `allowed unless ${text}` : `allowed if ${text}`,
    };
  });

/** Does any Allow statement of these policies apply (optionally only those naming the caller a certain way)? */
function allows(policies: EvaluatedPolicy[], filter?: (m: PrincipalMatch | undefined) => boolean): Tri {
  let maybe: OpenCondition[] | undefined;
  for (const p of policies) {
    if (p.invalid) continue;
    for (const o of p.outcomes) {
      if (o.compiled.statement.effect !== 'Allow') continue;
      if (filter && !filter(o.principalMatch)) continue;
      if (o.status === 'match') return YES;
      if (o.status === 'maybe') (maybe ??= []).push(...openConditionsOf(p, o));
    }
  }
  return maybe ? { v: 'maybe', open: maybe } : NO;
}

function denies(policies: EvaluatedPolicy[]): Tri {
  let maybe: OpenCondition[] | undefined;
  for (const p of policies) {
    for (const o of p.outcomes) {
      if (o.compiled.statement.effect !== 'Deny') continue;
      if (o.status === 'match') return YES;
      if (o.status === 'maybe') (maybe ??= []).push(...openConditionsOf(p, o));
    }
  }
  return maybe ? { v: 'maybe', open: maybe } : NO;
}

const DIRECT: ReadonlySet<PrincipalMatch> = new Set([
  'wildcard',
  'session',
  'user',
  'service',
  'federated',
  'canonical',
]);

/** A requirement that was not met, for the reasons of an implicit deny. */
export interface Gap {
  policies: EvaluatedPolicy[];
  kind: PolicyKind;
  message: string;
}

function orgLevels(
  levels: OrgLevelPolicies[] | undefined,
  kind: 'scp' | 'rcp',
  req: RequestContext,
): EvaluatedPolicy[][] {
  if (!Array.isArray(levels)) return [];
  return levels.map((lvl, i) => {
    const id = typeof lvl?.orgIdentifier === 'string' ? lvl.orgIdentifier : `level ${i + 1}`;
    const list = Array.isArray(lvl?.policies) ? lvl.policies : [];
    return list.map((p, j) =>
      evaluatePolicy(p, kind, req, false, `${kind.toUpperCase()} ${j + 1} at ${id}`, id),
    );
  });
}

function dedupe(open: OpenCondition[]): OpenCondition[] {
  const seen = new Set<string>();
  return open.filter((o) => {
    const k = `${o.policy.kind}|${o.policy.name ?? ''}|${o.policy.arn ?? ''}|${o.statement.index}|${o.operator}|${o.key}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function evaluateUnsafe(input: EvaluationInput, options?: EvaluationOptions): Evaluation {
  const mode = options?.mode === 'open' ? 'open' : 'complete';
  const request = (typeof input === 'object' && input !== null ? input.request : undefined) ?? {
    principal: '',
    action: '',
    resource: '',
  };
  const req = buildContext(request, mode);
  const p = req.principal;
  const iam = isIamPrincipal(p);
  const isTrustAction = TRUST_ACTIONS.has(req.actionLc);
  const resourceKind: PolicyKind = isTrustAction ? 'trust' : 'resource';
  const who = p.raw || '(no principal)';
  const list = <T>(v: T[] | undefined): T[] => (Array.isArray(v) ? v : []);

  const boundaryInputs = list(input.permissionBoundaries);
  const hasBoundary = boundaryInputs.length > 0;
  const identity = list(input.identityPolicies).map((pi, i) =>
    evaluatePolicy(pi, 'identity', req, hasBoundary, `identity policy ${i + 1}`),
  );
  const boundaries = boundaryInputs.map((pi, i) =>
    evaluatePolicy(pi, 'boundary', req, hasBoundary, `permissions boundary ${i + 1}`),
  );
  const session =
    input.sessionPolicy !== undefined
      ? [evaluatePolicy(input.sessionPolicy, 'session', req, hasBoundary, 'session policy')]
      : [];
  const resource =
    input.resourcePolicy !== undefined
      ? [
          evaluatePolicy(
            input.resourcePolicy,
            resourceKind,
            req,
            hasBoundary,
            isTrustAction
              ? `trust policy of ${req.resource || 'the role'}`
              : `resource policy of ${req.resource || 'the resource'}`,
          ),
        ]
      : [];
  const scpLevels = iam ? orgLevels(input.serviceControlPolicies, 'scp', req) : [];
  const rcpLevels = orgLevels(input.resourceControlPolicies, 'rcp', req);
  const all = [...identity, ...boundaries, ...session, ...resource, ...scpLevels.flat(), ...rcpLevels.flat()];

  const deny = denies(all);
  const gaps: Gap[] = [];
  const onWhat = req.resource ? ` on ${req.resource}` : '';
  const toCall = `${who} to call ${req.action}${isTrustAction ? '' : onWhat}`;

  const identityAllow = p.kind === 'root' ? YES : iam ? allows(identity) : NO;
  const boundaryAllow = hasBoundary ? and(...boundaries.map((b) => allows([b]))) : YES;
  const sessionAllow = session.length > 0 ? allows(session) : YES;
  const identityPath = and(identityAllow, boundaryAllow, sessionAllow);
  const identityGaps = (): void => {
    if (identityAllow.v === 'no')
      gaps.push({
        policies: identity,
        kind: 'identity',
        message:
          identity.length === 0
            ? `${who} has no identity policy that allows ${req.action}${onWhat}`
            : `no statement in the identity policies of ${who} allows ${req.action}${onWhat}`,
      });
    boundaries.forEach((b) => {
      if (allows([b]).v === 'no')
        gaps.push({
          policies: [b],
          kind: 'boundary',
          message: `the permissions boundary ${b.label.name ?? b.label.arn} does not allow ${req.action}${onWhat}`,
        });
    });
    if (sessionAllow.v === 'no')
      gaps.push({
        policies: session,
        kind: 'session',
        message: `the session policy does not allow ${req.action}${onWhat}`,
      });
  };

  const rp = resource[0];
  const rpName = rp ? (rp.label.name ?? rp.label.arn ?? 'the resource policy') : '';
  const anyResource = rp ? allows(resource) : NO;
  const direct = rp ? allows(resource, (m) => m !== undefined && DIRECT.has(m)) : NO;
  const viaRole = rp
    ? and(
        allows(resource, (m) => m === 'role'),
        boundaryAllow,
        sessionAllow,
      )
    : NO;
  const viaAccount = rp ? allows(resource, (m) => m === 'account') : NO;
  const resourceGap = (): void => {
    if (!rp) return;
    gaps.push({
      policies: resource,
      kind: resourceKind,
      message: rp.invalid
        ? `the ${rpName} is invalid, so it allows nothing`
        : isTrustAction
          ? `no statement in the ${rpName.startsWith('trust policy') ? rpName : `trust policy ${rpName}`} allows ${toCall}`
          : `no statement in the ${rpName} allows ${toCall}`,
    });
  };
  const cross =
    req.principalAccount !== undefined &&
    req.resourceAccount !== undefined &&
    req.principalAccount !== req.resourceAccount;

  let allowed: Tri;
  if (!iam) {
    allowed = anyResource;
    if (!rp)
      gaps.push({
        policies: [],
        kind: resourceKind,
        message: `${who} has no identity policies; only a ${isTrustAction ? 'trust' : 'resource'} policy could allow it, and none was given`,
      });
    else if (anyResource.v === 'no') resourceGap();
  } else if (isTrustAction) {
    if (p.kind === 'root') {
      allowed = NO;
      gaps.push({
        policies: [],
        kind: 'trust',
        message: `the root user of an account cannot assume a role; use an IAM user or role`,
      });
    } else if (!rp) {
      allowed = NO;
      gaps.push({
        policies: [],
        kind: 'trust',
        message: `${req.action} needs the role's trust policy to allow it, and none was given`,
      });
    } else if (cross) {
      allowed = and(identityPath, anyResource);
      if (anyResource.v === 'no') resourceGap();
      if (identityPath.v === 'no') identityGaps();
    } else {
      allowed = or(direct, viaRole, and(viaAccount, identityPath));
      if (allowed.v === 'no') {
        if (anyResource.v === 'no') resourceGap();
        else if (viaAccount.v !== 'no') {
          identityGaps();
          if (gaps.length > 0 && identityAllow.v === 'no')
            (gaps[gaps.length - 1] as Gap).message +=
              ` (the ${rpName} names the account ${req.resourceAccount ?? ''}, which delegates to identity policies)`;
        } else identityGaps();
      }
    }
  } else if (cross) {
    allowed = rp ? and(identityPath, anyResource) : NO;
    if (!rp)
      gaps.push({
        policies: [],
        kind: 'resource',
        message: `cross-account access to ${req.resource} needs the resource's policy to allow ${who} too, and none was given`,
      });
    else if (anyResource.v === 'no') resourceGap();
    if (identityPath.v === 'no') identityGaps();
  } else {
    allowed = rp ? or(identityPath, direct, viaRole) : identityPath;
    if (allowed.v === 'no') {
      identityGaps();
      if (rp && anyResource.v === 'no') resourceGap();
    }
  }

  const levelAllows = (levels: EvaluatedPolicy[][], kind: 'scp' | 'rcp'): Tri =>
    and(
      ...levels.map((lvl) => {
        const t = allows(lvl);
        if (t.v === 'no') {
          const at = lvl[0]?.level ?? '?';
          gaps.push({
            policies: lvl,
            kind,
            message:
              lvl.length === 0
                ? `no ${kind.toUpperCase()} is attached at ${at}, so nothing is allowed there`
                : `no ${kind.toUpperCase()} attached at ${at} allows ${req.action}${onWhat}`,
          });
        }
        return t;
      }),
    );
  allowed = and(allowed, levelAllows(scpLevels, 'scp'), levelAllows(rcpLevels, 'rcp'));

  let decision: Evaluation['decision'];
  let open: OpenCondition[] = [];
  if (deny.v === 'yes') decision = 'ExplicitDeny';
  else if (allowed.v === 'no') decision = 'ImplicitDeny';
  else if (allowed.v === 'yes' && deny.v === 'no') decision = 'Allow';
  else {
    decision = 'Conditional';
    open = dedupe([...allowed.open, ...deny.open]);
  }

  const validation: PolicyValidation[] = [];
  for (const pol of all) {
    const issues = pol.compiled
      ? pol.compiled.issuesFor(pol.kind)
      : [
          {
            severity: 'error' as const,
            path: '$',
            message: 'expected {"document": …} with an optional name and arn',
          },
        ];
    if (issues.length > 0) validation.push({ policy: pol.label, issues });
  }
  if (p.kind === 'unknown')
    validation.push({
      policy: { kind: resourceKind, name: 'request' },
      issues: [
        {
          severity: 'error',
          path: 'request.principal',
          message: `'${p.raw}' is not a principal this engine knows (ARN, service, federated provider or "anonymous")`,
        },
      ],
    });

  const reasons = buildReasons({ decision, all, gaps, req, who, isTrustAction, cross });
  return { decision, reasons, openConditions: open, validation };
}

/** Evaluates one request against its policies. See the module comment for the rules. Never throws. */
export function evaluate(input: EvaluationInput, options?: EvaluationOptions): Evaluation {
  try {
    return evaluateUnsafe(input, options);
  } catch (e) {
    return {
      decision: 'ImplicitDeny',
      reasons: [
        {
          policy: { kind: 'identity', name: 'input' },
          outcome: 'invalid',
          message: `the request could not be evaluated: ${e instanceof Error ? e.message : String(e)}`,
        },
      ],
      openConditions: [],
      validation: [],
    };
  }
}

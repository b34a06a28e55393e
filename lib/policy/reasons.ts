/**
 * Reasons: which policies and statements decided, in plain English, most important first. For an
 * implicit deny, each requirement that was not met comes first ("no statement in the trust policy of X
 * allows … to call sts:AssumeRole"), then the statements that did not apply with what they required and
 * what the request gave.
 */
import type { PrincipalBlock } from './document';
import { describeCondition } from './conditions';
import type { RequestContext } from './context';
import type { EvaluatedPolicy, Gap } from './evaluate';
import type { StatementOutcome } from './statement';
import type { Decision, Mismatch, PolicyLabel, Reason } from './types';

const KIND_WORDS: Record<PolicyLabel['kind'], string> = {
  identity: 'identity policy',
  trust: 'trust policy',
  resource: 'resource policy',
  boundary: 'permissions boundary',
  session: 'session policy',
  scp: 'SCP',
  rcp: 'RCP',
};

/** "identity policy S3Read", "trust policy of arn:…", "SCP DenyAll". */
export function describePolicy(label: PolicyLabel): string {
  const name = label.name ?? label.arn ?? '';
  const words = KIND_WORDS[label.kind];
  // A name that already says what it is ("bucket policy of x", "trust policy of y") is used as is.
  return /\b(policy|boundary|scp|rcp)\b/i.test(name) ? name : `${words} ${name}`.trim();
}

const describeStatement = (o: StatementOutcome): string => {
  const st = o.compiled.statement;
  return st.sid ? `statement '${st.sid}'` : `statement #${st.index}`;
};

function describePrincipal(b: PrincipalBlock | undefined): string {
  if (!b) return '(none)';
  if (b.wildcard) return '*';
  const parts: string[] = [];
  for (const k of ['AWS', 'Service', 'Federated', 'CanonicalUser'] as const)
    if (b[k].length > 0) parts.push(`${k}: ${b[k].join(', ')}`);
  return parts.join('; ');
}

function mismatchOf(o: StatementOutcome, req: RequestContext, who: string): Mismatch | undefined {
  const st = o.compiled.statement;
  switch (o.failed) {
    case 'Action':
      return { element: 'Action', required: (st.action ?? []).join(', '), given: req.action };
    case 'NotAction':
      return {
        element: 'NotAction',
        required: `none of ${(st.notAction ?? []).join(', ')}`,
        given: req.action,
      };
    case 'Resource':
      return { element: 'Resource', required: (st.resource ?? []).join(', '), given: req.resource };
    case 'NotResource':
      return {
        element: 'NotResource',
        required: `none of ${(st.notResource ?? []).join(', ')}`,
        given: req.resource,
      };
    case 'Principal':
      return { element: 'Principal', required: describePrincipal(st.principal), given: who };
    case 'NotPrincipal':
      return {
        element: 'NotPrincipal',
        required: `anyone but ${describePrincipal(st.notPrincipal)}`,
        given: who,
      };
    case 'Condition': {
      const c = o.failedCondition;
      if (!c) return undefined;
      const v = req.values.get(c.keyLc);
      return {
        element: 'Condition',
        required: describeCondition(c.entry),
        given: v === undefined ? `${c.entry.key} absent` : `${c.entry.key} = ${v.join(', ')}`,
      };
    }
    default:
      return undefined;
  }
}

const ref = (o: StatementOutcome): Reason['statement'] => {
  const st = o.compiled.statement;
  return { index: st.index, ...(st.sid ? { sid: st.sid } : {}) };
};

export interface ReasonInput {
  decision: Decision;
  all: EvaluatedPolicy[];
  gaps: Gap[];
  req: RequestContext;
  who: string;
  isTrustAction: boolean;
  cross: boolean;
}

export function buildReasons({ decision, all, gaps, req, who, cross }: ReasonInput): Reason[] {
  const out: Reason[] = [];
  const what = `${who} to call ${req.action}`;
  const push = (
    p: EvaluatedPolicy,
    o: StatementOutcome,
    outcome: Reason['outcome'],
    message: string,
    mismatches?: Mismatch[],
  ): void => {
    const effect = o.compiled.statement.effect;
    out.push({
      policy: p.label,
      statement: ref(o),
      ...(effect ? { effect } : {}),
      outcome,
      message,
      ...(mismatches && mismatches.length > 0 ? { mismatches } : {}),
    });
  };
  const each = (f: (p: EvaluatedPolicy, o: StatementOutcome) => void): void => {
    for (const p of all) for (const o of p.outcomes) f(p, o);
  };

  if (decision === 'ExplicitDeny') {
    each((p, o) => {
      if (o.compiled.statement.effect === 'Deny' && o.status === 'match')
        push(
          p,
          o,
          'applies',
          `explicitly denied by ${describeStatement(o)} of the ${describePolicy(p.label)}: an explicit Deny overrides every Allow`,
        );
    });
  }
  if (decision === 'Conditional') {
    each((p, o) => {
      if (o.status !== 'maybe' || (p.invalid && o.compiled.statement.effect === 'Allow')) return;
      const conds = (o.open ?? []).map((x) => describeCondition(x.condition.entry)).join(' and ');
      push(
        p,
        o,
        'conditional',
        o.compiled.statement.effect === 'Deny'
          ? `${describeStatement(o)} of the ${describePolicy(p.label)} denies ${what} if ${conds}`
          : `${describeStatement(o)} of the ${describePolicy(p.label)} allows ${what} if ${conds}`,
      );
    });
  }
  if (decision === 'Allow' || decision === 'Conditional') {
    each((p, o) => {
      if (o.status === 'match' && o.compiled.statement.effect === 'Allow' && !p.invalid)
        push(
          p,
          o,
          'applies',
          `${describeStatement(o)} of the ${describePolicy(p.label)} allows ${what}${cross ? ' (cross-account: both sides must allow)' : ''}`,
        );
    });
  }
  if (decision === 'ImplicitDeny') {
    for (const g of gaps) {
      const label = g.policies[0]?.label ?? { kind: g.kind };
      out.push({ policy: label, outcome: 'missing', message: g.message });
    }
    const seen = new Set<EvaluatedPolicy>();
    for (const g of gaps)
      for (const p of g.policies) {
        if (seen.has(p)) continue;
        seen.add(p);
        for (const o of p.outcomes) {
          if (o.compiled.statement.effect !== 'Allow' || o.status !== 'nomatch') continue;
          const m = mismatchOf(o, req, who);
          push(
            p,
            o,
            'not-applicable',
            `${describeStatement(o)} of the ${describePolicy(p.label)} does not apply${m ? `: ${m.element} requires ${m.required}, the request has ${m.given}` : ''}`,
            m ? [m] : [],
          );
        }
      }
  }
  each((p, o) => {
    if (o.status === 'invalid')
      push(
        p,
        o,
        'invalid',
        `${describeStatement(o)} of the ${describePolicy(p.label)} is invalid and was ignored (see validation)`,
      );
  });
  for (const p of all) {
    if (
      p.invalid &&
      p.outcomes.some((o) => o.status !== 'invalid' && o.compiled.statement.effect === 'Allow')
    )
      out.push({
        policy: p.label,
        outcome: 'invalid',
        message: `the ${describePolicy(p.label)} has validation errors, so none of its Allow statements counts`,
      });
    if (!p.compiled)
      out.push({
        policy: p.label,
        outcome: 'invalid',
        message: `the ${describePolicy(p.label)} is not a policy input ({"document": …})`,
      });
  }
  return out;
}

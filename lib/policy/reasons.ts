/**
 * Reasons: which policies and statements decided, in plain English, most important first. For an
 * implicit deny, each requirement that was not met comes first ("no statement in the trust policy of X
 * allows … to call sts:AssumeRole"), then the statements that did not apply with what they required and
 * what the request gave.
 */
import type { PrincipalBlock } from './document';
import { conditionText } from './conditions';
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
const described = new WeakMap<PolicyLabel, string>();

export function describePolicy(label: PolicyLabel): string {
  let text = described.get(label);
  if (text === undefined) {
    const name = label.name ?? label.arn ?? '';
    // A name that already says what it is ("bucket policy of x", "trust policy of y") is used as is.
    text = /\b(policy|boundary|scp|rcp)\b/i.test(name) ? name : `${KIND_WORDS[label.kind]} ${name}`.trim();
    described.set(label, text);
  }
  return text;
}

/** An organisation level as AWS names it: the root `r-…`, an OU `ou-…`, or an account id. */
export function describeLevel(id: string): string {
  if (/^r-[0-9a-z]{4,32}$/.test(id)) return `the root (${id})`;
  if (/^ou-/.test(id)) return `OU ${id}`;
  if (/^\d{12}$/.test(id)) return `account ${id}`;
  return id;
}

/**
 * A policy as a reason names it. An SCP or RCP says where it is attached: the same FullAWSAccess is
 * usually attached at the root, at each OU and at the account, and each level must allow on its own.
 */
function describeEvaluated(p: EvaluatedPolicy): string {
  const base = describePolicy(p.label);
  if ((p.kind === 'scp' || p.kind === 'rcp') && p.level !== undefined && !base.includes(p.level))
    return `${base} attached at ${describeLevel(p.level)}`;
  return base;
}

function describeStatement(o: StatementOutcome): string {
  const st = o.compiled.statement;
  return st.sid ? `statement '${st.sid}'` : `statement #${st.index}`;
}

function describePrincipal(b: PrincipalBlock | undefined): string {
  if (!b) return '(none)';
  if (b.wildcard) return '*';
  const parts: string[] = [];
  for (const k of ['AWS', 'Service', 'Federated', 'CanonicalUser'] as const)
    if (b[k].length > 0) parts.push(`${k}: ${b[k].join(', ')}`);
  return parts.join('; ');
}

/** What the failed element required: depends on the statement only, so it is kept on the shared outcome. */
function requiredOf(o: StatementOutcome): string {
  if (o.required !== undefined) return o.required;
  const st = o.compiled.statement;
  let text: string;
  switch (o.failed) {
    case 'Action':
      text = (st.action ?? []).join(', ');
      break;
    case 'NotAction':
      text = `none of ${(st.notAction ?? []).join(', ')}`;
      break;
    case 'Resource':
      text = (st.resource ?? []).join(', ');
      break;
    case 'NotResource':
      text = `none of ${(st.notResource ?? []).join(', ')}`;
      break;
    case 'Principal':
      text = describePrincipal(st.principal);
      break;
    case 'NotPrincipal':
      text = `anyone but ${describePrincipal(st.notPrincipal)}`;
      break;
    case 'Condition':
      text = o.failedCondition ? conditionText(o.failedCondition) : '';
      break;
    default:
      text = '';
  }
  o.required = text;
  return text;
}

function mismatchOf(o: StatementOutcome, req: RequestContext, who: string): Mismatch | undefined {
  const element = o.failed;
  if (!element) return undefined;
  let given: string;
  if (element === 'Action' || element === 'NotAction') given = req.action;
  else if (element === 'Resource' || element === 'NotResource') given = req.resource;
  else if (element === 'Principal' || element === 'NotPrincipal') given = who;
  else {
    const c = o.failedCondition;
    if (!c) return undefined;
    const v = req.lookup(c.keyLc);
    given = Array.isArray(v) ? `${c.entry.key} = ${v.join(', ')}` : `${c.entry.key} absent`;
  }
  return { element, required: requiredOf(o), given };
}

function ref(o: StatementOutcome): Reason['statement'] {
  const st = o.compiled.statement;
  return st.sid ? { index: st.index, sid: st.sid } : { index: st.index };
}

export interface ReasonInput {
  decision: Decision;
  all: EvaluatedPolicy[];
  gaps: Gap[];
  req: RequestContext;
  who: string;
  isTrustAction: boolean;
  cross: boolean;
}

function reason(
  p: EvaluatedPolicy,
  o: StatementOutcome,
  outcome: Reason['outcome'],
  message: string,
  mismatches?: Mismatch[],
): Reason {
  const effect = o.compiled.statement.effect;
  const r: Reason = { policy: p.label, statement: ref(o), outcome, message };
  if (effect) r.effect = effect;
  if (mismatches && mismatches.length > 0) r.mismatches = mismatches;
  return r;
}

export function buildReasons({ decision, all, gaps, req, who, cross }: ReasonInput): Reason[] {
  const out: Reason[] = [];
  const what = `${who} to call ${req.action}`;
  if (decision === 'ExplicitDeny') {
    for (const p of all)
      for (const o of p.outcomes)
        if (o.compiled.statement.effect === 'Deny' && o.status === 'match')
          out.push(
            reason(
              p,
              o,
              'applies',
              `explicitly denied by ${describeStatement(o)} of the ${describeEvaluated(p)}: an explicit Deny overrides every Allow`,
            ),
          );
  }
  if (decision === 'Conditional') {
    for (const p of all)
      for (const o of p.outcomes) {
        if (o.status !== 'maybe' || (p.invalid && o.compiled.statement.effect === 'Allow')) continue;
        const conds = (o.open ?? []).map((x) => conditionText(x.condition)).join(' and ');
        const verb = o.compiled.statement.effect === 'Deny' ? 'denies' : 'allows';
        out.push(
          reason(
            p,
            o,
            'conditional',
            `${describeStatement(o)} of the ${describeEvaluated(p)} ${verb} ${what} if ${conds}`,
          ),
        );
      }
  }
  if (decision === 'Allow' || decision === 'Conditional') {
    const note = cross ? ' (cross-account: both sides must allow)' : '';
    for (const p of all)
      for (const o of p.outcomes)
        if (o.status === 'match' && o.compiled.statement.effect === 'Allow' && !p.invalid)
          out.push(
            reason(
              p,
              o,
              'applies',
              `${describeStatement(o)} of the ${describeEvaluated(p)} allows ${what}${note}`,
            ),
          );
  }
  if (decision === 'ImplicitDeny') {
    for (const g of gaps)
      out.push({ policy: g.policies[0]?.label ?? { kind: g.kind }, outcome: 'missing', message: g.message });
    const seen = new Set<EvaluatedPolicy>();
    for (const g of gaps)
      for (const p of g.policies) {
        if (seen.has(p)) continue;
        seen.add(p);
        for (const o of p.outcomes) {
          if (o.compiled.statement.effect !== 'Allow' || o.status !== 'nomatch') continue;
          const m = mismatchOf(o, req, who);
          const detail = m ? `: ${m.element} requires ${m.required}, the request has ${m.given}` : '';
          out.push(
            reason(
              p,
              o,
              'not-applicable',
              `${describeStatement(o)} of the ${describeEvaluated(p)} does not apply${detail}`,
              m ? [m] : [],
            ),
          );
        }
      }
  }
  for (const p of all) {
    for (const o of p.outcomes)
      if (o.status === 'invalid')
        out.push(
          reason(
            p,
            o,
            'invalid',
            `${describeStatement(o)} of the ${describeEvaluated(p)} is invalid and was ignored (see validation)`,
          ),
        );
    if (
      p.invalid &&
      p.outcomes.some((o) => o.status !== 'invalid' && o.compiled.statement.effect === 'Allow')
    )
      out.push({
        policy: p.label,
        outcome: 'invalid',
        message: `the ${describeEvaluated(p)} has validation errors, so none of its Allow statements counts`,
      });
    if (!p.compiled && p.invalid)
      out.push({
        policy: p.label,
        outcome: 'invalid',
        message: `the ${describeEvaluated(p)} is not a policy input ({"document": …})`,
      });
  }
  return out;
}

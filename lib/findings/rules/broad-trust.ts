/**
 * Trust open to every AWS principal (`"*"`), or to a whole other account, with nothing that narrows it
 * to the callers meant. Conditions such as `aws:SourceIp` or `aws:SecureTransport` narrow *how* a call
 * arrives, not *who* makes it, so they count as weak.
 */
import type { ConditionEntry, ContextValue } from '../../policy';
import { accountOf, isAccountId, parseArn } from '../../model';
import type { RuleContext } from '../context';
import { callerPrincipal, roleOfEvent, trustOf } from '../context';
import type { Subject } from '../engine';
import { OUTSIDER, PROBE_SUFFIX, probeOf, recheckTrust } from '../engine';
import { finding, withRecheckOf } from '../fixes';
import type { Json } from '../patch';
import { oneOrMany, replaceStatement, statementsOf, trustCli } from '../patch';
import type { Finding, Rule } from '../types';

/** Keys that name who the caller is (or on whose behalf a service calls). */
const IDENTITY_KEYS = new Set([
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:principalaccount',
  'aws:principalarn',
  'aws:sourceaccount',
  'aws:sourcearn',
  'aws:sourceorgid',
  'aws:sourceorgpaths',
  'aws:userid',
  'aws:username',
]);

/** A value that admits anyone: `*`, or an ARN pattern whose account is a wildcard. */
function admitsAnyone(value: string): boolean {
  if (/^[*?]+$/.test(value)) return true;
  const arn = parseArn(value);
  return arn !== undefined && !isAccountId(arn.account);
}

/** True when the condition limits who the caller is: an identity key, a positive operator, and no catch-all value. */
export function narrowsCaller(c: ConditionEntry): boolean {
  if (!IDENTITY_KEYS.has(c.key.toLowerCase())) return false;
  const op = c.operator.toLowerCase();
  if (op.includes('not') || op.startsWith('null') || op.startsWith('forallvalues')) return false;
  return c.values.length > 0 && !c.values.some(admitsAnyone);
}

/**
 * The outsider the finding is about: an account of no organisation we know, calling from where the weak
 * conditions want it to (the first address of an `aws:SourceIp` range), so the re-check shows it getting in today.
 */
function outsiderMeeting(conditions: ConditionEntry[]): Subject {
  const context: Record<string, ContextValue> = { 'aws:PrincipalOrgID': 'o-rolechainprobe' };
  for (const c of conditions) {
    if (
      c.key.toLowerCase() === 'aws:sourceip' &&
      c.operator.toLowerCase().startsWith('ipaddress') &&
      c.values[0] !== undefined
    )
      context['aws:SourceIp'] = c.values[0].split('/')[0] ?? c.values[0];
  }
  return { principal: OUTSIDER, context };
}

export const broadTrust: Rule = {
  id: 'broad-trust',
  title: 'Trust open to any AWS principal or a whole account without a narrowing condition',
  severity: 'critical',
  description:
    'A trust statement with Principal "*" (or AWS "*") admits every AWS account unless a condition such as aws:PrincipalOrgID or aws:PrincipalArn pins the caller; network conditions (aws:SourceIp, aws:SourceVpc) are weak. A whole other account named with no condition at all hands the decision to every administrator of that account.',
  run(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    for (const role of ctx.snapshot.roles) {
      for (const p of trustOf(role)) {
        if (p.effect !== 'Allow' || p.negated || p.invalid || p.actions.length === 0) continue;
        const narrowed = p.conditions.some(narrowsCaller);
        const wildcard = p.kind === 'wildcard';
        const wholeOtherOrgAccount =
          p.kind === 'account' &&
          p.account !== undefined &&
          p.account !== role.account &&
          ctx.orgAccounts.has(p.account) &&
          p.conditions.length === 0;
        if (!(wildcard && !narrowed) && !wholeOtherOrgAccount) continue;
        // Narrow to who really uses it (CloudTrail), else to the organisation.
        const used = new Set<string>();
        for (const e of ctx.assumeEvents)
          if (e.outcome === 'success' && roleOfEvent(ctx, e) === role) {
            const c = callerPrincipal(e);
            // A caller known only by its account (CloudTrail of this account names no more) is named as that account.
            if (c?.endsWith(PROBE_SUFFIX)) used.add(`arn:aws:iam::${accountOf(c) ?? ''}:root`);
            else if (c?.startsWith('arn:aws:iam::')) used.add(c);
          }
        const raw = statementsOf(role.trustPolicy)[p.statement.index] ?? {};
        const orgId = ctx.snapshot.organization?.id;
        let replacement: Json | undefined;
        if (used.size > 0) replacement = { ...raw, Principal: { AWS: oneOrMany([...used].sort()) } };
        else if (orgId !== undefined && wildcard)
          replacement = {
            ...raw,
            Condition: {
              ...((raw.Condition ?? {}) as Json),
              StringEquals: {
                ...(((raw.Condition as Json | undefined)?.StringEquals ?? {}) as Json),
                'aws:PrincipalOrgID': orgId,
              },
            },
          };
        else if (wildcard) replacement = { ...raw, Principal: { AWS: `arn:aws:iam::${role.account}:root` } };
        else replacement = undefined;
        const newDocument = replaceStatement(role.trustPolicy, p.statement.index, replacement);
        const { cli, file } = trustCli(role.name);
        const weak = p.conditions.map((c) => `${c.operator} ${c.key}`).join(', ');
        out.push(
          finding(this, `${role.arn}#${p.statement.index}:${p.value}`, {
            severity: wildcard ? 'critical' : 'low',
            message: wildcard
              ? `${role.name} can be assumed by any AWS principal${weak ? `, held only by ${weak}` : ''}.`
              : `${role.name} trusts the whole account ${p.account} with no condition: any principal there allowed by its own policies can assume it.`,
            nodes: [role.arn, wildcard ? 'anonymous' : `account:${p.account}`],
            edges: [],
            evidence: [
              {
                owner: role.arn,
                policy: { kind: 'trust', name: `trust policy of ${role.name}`, arn: role.arn },
                statement: p.statement,
                text: wildcard
                  ? `Principal ${p.value}; ${weak ? `conditions ${weak} do not name the caller` : 'no condition'}.`
                  : `Principal.AWS ${p.value} (the whole account), no condition.`,
              },
            ],
            fix: withRecheckOf(
              {
                summary:
                  used.size > 0
                    ? `Name the principals that really assume ${role.name} (from CloudTrail) instead of ${p.value}.`
                    : wildcard
                      ? `Restrict the statement to ${orgId !== undefined ? `the organisation ${orgId}` : `account ${role.account}`}.`
                      : `Remove the statement: nobody from account ${p.account} assumed ${role.name} in the audit window; name the exact roles if one must.`,
                target: role.arn,
                policyKind: 'trust',
                removeStatement: p.statement,
                ...(replacement ? { addStatement: replacement } : {}),
                newDocument,
                cli,
                file,
              },
              (document) =>
                recheckTrust(
                  ctx,
                  role,
                  wildcard ? outsiderMeeting(p.conditions) : { principal: probeOf(p.account ?? '') },
                  document,
                ),
            ),
            account: role.account,
          }),
        );
      }
    }
    return out;
  },
};

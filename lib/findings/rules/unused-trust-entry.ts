/** Trust entries naming a principal that never assumed the role in the audit window, while others did. */
import type { RuleContext } from '../context';
import { AUDIT_WINDOW_DAYS, callerPrincipal, roleOfEvent, timeOf, trustOf } from '../context';
import { probeOf, recheckTrust } from '../engine';
import { finding, withRecheck } from '../fixes';
import type { Json } from '../patch';
import { listOf, oneOrMany, replaceStatement, statementsOf, trustCli } from '../patch';
import type { Finding, Rule } from '../types';
import { accountOf } from '../../model';

export const unusedTrustEntry: Rule = {
  id: 'unused-trust-entry',
  title: `Trust entry not used in ${AUDIT_WINDOW_DAYS} days`,
  severity: 'low',
  description: `The role is in use, but this principal of its trust policy did not assume it once in the audit window (${AUDIT_WINDOW_DAYS} days of CloudTrail). A trust entry nobody uses is access nobody watches.`,
  run(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    if (!ctx.hasEvents) return out;
    const callers = new Map<string, Set<string>>();
    for (const e of ctx.assumeEvents) {
      const t = timeOf(e.time);
      const r = roleOfEvent(ctx, e);
      const c = callerPrincipal(e);
      if (!r || c === undefined || e.outcome !== 'success' || t === undefined || t < ctx.windowStartMs)
        continue;
      const set = callers.get(r.arn) ?? new Set<string>();
      set.add(c);
      callers.set(r.arn, set);
    }
    for (const role of ctx.snapshot.roles) {
      const used = callers.get(role.arn);
      if (!used || used.size === 0) continue;
      const usedAccounts = new Set(
        [...used].map((c) => accountOf(c)).filter((a): a is string => a !== undefined),
      );
      for (const p of trustOf(role)) {
        if (p.effect !== 'Allow' || p.negated || p.invalid || p.actions.length === 0) continue;
        const isUsed =
          p.kind === 'role' || p.kind === 'user'
            ? used.has(p.value)
            : p.kind === 'account'
              ? usedAccounts.has(p.account ?? '')
              : p.kind === 'service' || p.kind === 'federated'
                ? used.has(p.value) || [...used].some((c) => p.value.endsWith(c) || c.endsWith(p.value))
                : true;
        if (isUsed) continue;
        const raw = statementsOf(role.trustPolicy)[p.statement.index] ?? {};
        const principal = (raw.Principal ?? {}) as Json;
        const type = p.kind === 'service' ? 'Service' : p.kind === 'federated' ? 'Federated' : 'AWS';
        const left = listOf(principal[type]).filter((v) => v !== p.value);
        const rest = Object.fromEntries(Object.entries(principal).filter(([k]) => k !== type));
        const next: Json = left.length > 0 ? { ...rest, [type]: oneOrMany(left) } : rest;
        const newDocument = replaceStatement(
          role.trustPolicy,
          p.statement.index,
          Object.keys(next).length > 0 ? { ...raw, Principal: next } : undefined,
        );
        const { cli, file } = trustCli(role.name);
        const subject = p.kind === 'account' ? probeOf(p.account ?? '') : p.value;
        out.push(
          finding(this, `${role.arn}#${p.value}`, {
            message: `${p.value} is trusted by ${role.name} but did not assume it in the last ${AUDIT_WINDOW_DAYS} days, while ${used.size} other principal(s) did.`,
            nodes: [role.arn, p.value],
            edges: [],
            evidence: [
              {
                owner: role.arn,
                policy: { kind: 'trust', name: `trust policy of ${role.name}`, arn: role.arn },
                statement: p.statement,
                text: `Principal ${p.value}; callers seen: ${[...used].sort().join(', ')}.`,
              },
            ],
            fix: withRecheck(
              {
                summary: `If ${p.value} no longer needs ${role.name}, remove it from the trust policy.`,
                target: role.arn,
                policyKind: 'trust',
                removeStatement: p.statement,
                newDocument,
                cli,
                file,
              },
              () =>
                recheckTrust(
                  ctx,
                  role,
                  { principal: subject, action: p.actions[0] ?? 'sts:AssumeRole' },
                  newDocument,
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

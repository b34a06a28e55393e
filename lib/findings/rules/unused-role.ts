/** Roles nobody assumed in the audit window: standing access that serves nobody. */
import type { RuleContext } from '../context';
import { AUDIT_WINDOW_DAYS, daysBetween, roleOfEvent, timeOf } from '../context';
import { finding } from '../fixes';
import type { Finding, Rule } from '../types';
import { sh } from '../../model/shell';

export const unusedRole: Rule = {
  id: 'unused-role',
  title: `Role not used in ${AUDIT_WINDOW_DAYS} days`,
  severity: 'low',
  description: `No AssumeRole* event on the role in the audit window and RoleLastUsed older than ${AUDIT_WINDOW_DAYS} days or absent. Unused roles keep their trust and permissions open for whoever finds them.`,
  run(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    const assumed = new Set<string>();
    // Someone tried and failed: the role is wanted but broken, which `denied-attempt` explains.
    const tried = new Set<string>();
    for (const e of ctx.assumeEvents) {
      const t = timeOf(e.time);
      const r = roleOfEvent(ctx, e);
      if (!r || t === undefined || t < ctx.windowStartMs) continue;
      (e.outcome === 'success' ? assumed : tried).add(r.arn);
    }
    for (const role of ctx.snapshot.roles) {
      if (role.path.startsWith('/aws-service-role/') || role.path.startsWith('/aws-reserved/')) continue;
      if (assumed.has(role.arn) || tried.has(role.arn)) continue;
      const created = timeOf(role.createDate);
      if (created !== undefined && created >= ctx.windowStartMs) continue;
      const last = timeOf(role.lastUsed?.date);
      if (last !== undefined && last >= ctx.windowStartMs) continue;
      const profiles = role.instanceProfileArns.map((p) => p.split('/').pop() ?? p);
      const steps = [
        ...profiles.map(
          (p) =>
            sh`aws iam remove-role-from-instance-profile --instance-profile-name ${p} --role-name ${role.name}`,
        ),
        ...role.inlinePolicies.map(
          (p) => sh`aws iam delete-role-policy --role-name ${role.name} --policy-name ${p.name}`,
        ),
        ...role.attachedPolicyArns.map(
          (a) => sh`aws iam detach-role-policy --role-name ${role.name} --policy-arn ${a}`,
        ),
        sh`aws iam delete-role --role-name ${role.name}`,
      ];
      out.push(
        finding(this, role.arn, {
          message: `${role.name} was ${last !== undefined ? `last used ${daysBetween(last, ctx.nowMs)} days ago` : 'never used'}${
            ctx.hasEvents ? `, and CloudTrail shows no assumption in the last ${AUDIT_WINDOW_DAYS} days` : ''
          }.`,
          nodes: [role.arn],
          edges: [],
          evidence: [
            {
              owner: role.arn,
              text: `RoleLastUsed: ${role.lastUsed?.date ?? 'none'}${ctx.hasEvents ? `; AssumeRole* events in the window: 0` : '; no CloudTrail given'}.`,
            },
          ],
          fix: {
            summary: `If nothing needs ${role.name}, delete it (after removing it from instance profiles and deleting its policies).`,
            target: role.arn,
            policyKind: 'none',
            cli: steps.join(' && '),
          },
          account: role.account,
        }),
      );
    }
    return out;
  },
};

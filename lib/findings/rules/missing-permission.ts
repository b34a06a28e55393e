/** A role's trust names a caller, but the caller's own policies do not allow it to call `sts:AssumeRole`. */
import type { RuleContext } from '../context';
import { edgesOf, shortName } from '../context';
import { evaluateAssume } from '../engine';
import { assumePermissionFix, evidenceOf, finding } from '../fixes';
import type { Finding, Rule } from '../types';

export const missingPermission: Rule = {
  id: 'missing-permission',
  title: 'Caller is trusted but not allowed to call sts:AssumeRole',
  severity: 'high',
  description:
    "The role's trust policy admits the caller, but the caller's identity policies do not allow sts:AssumeRole on the role (needed across accounts, and when the trust names the account rather than the caller).",
  run(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    for (const edge of edgesOf(ctx, 'missing-permission')) {
      const role = ctx.index.rolesByArn.get(edge.target);
      if (!role) continue;
      const ev = evaluateAssume(ctx, { principal: edge.source, role });
      const fix = assumePermissionFix(ctx, edge.source, role);
      out.push(
        finding(this, `${edge.source}->${role.arn}`, {
          message: `The trust policy of ${role.name} admits ${shortName(edge.source)}, but no identity policy of the caller allows sts:AssumeRole on it: the chain breaks at step 1.`,
          nodes: [edge.source, role.arn],
          edges: [edge.id],
          evidence: [
            {
              owner: edge.source,
              text: `No identity policy of ${shortName(edge.source)} allows sts:AssumeRole on ${role.arn}.`,
            },
            ...evidenceOf(ev, edge.source, 2),
          ],
          ...(fix ? { fix } : {}),
          account: role.account,
        }),
      );
    }
    return out;
  },
};

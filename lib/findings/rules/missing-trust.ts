/** A caller's own policies let it call `sts:AssumeRole` on a role whose trust policy does not name it. */
import type { RuleContext } from '../context';
import { edgesOf, shortName } from '../context';
import { evaluateAssume } from '../engine';
import { addTrustFix, evidenceOf, finding } from '../fixes';
import type { Finding, Rule } from '../types';

export const missingTrust: Rule = {
  id: 'missing-trust',
  title: 'Trust policy does not admit a caller that is meant to assume the role',
  severity: 'high',
  description:
    "The caller's identity policies allow sts:AssumeRole on the role, but the role's trust policy names no statement that admits the caller, so every attempt ends in AccessDenied.",
  run(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    for (const edge of edgesOf(ctx, 'missing-trust')) {
      const role = ctx.index.rolesByArn.get(edge.target);
      if (!role) continue;
      const ev = evaluateAssume(ctx, { principal: edge.source, role });
      out.push(
        finding(this, `${edge.source}->${role.arn}`, {
          message: `${shortName(edge.source)} is allowed to call sts:AssumeRole on ${role.name}, but the trust policy of ${role.name} does not admit it: the chain breaks at step 2.`,
          nodes: [edge.source, role.arn],
          edges: [edge.id],
          evidence: [
            {
              owner: role.arn,
              policy: { kind: 'trust', name: `trust policy of ${role.name}`, arn: role.arn },
              text: `No statement of the trust policy of ${role.name} names ${edge.source}.`,
            },
            ...evidenceOf(ev, role.arn, 2),
          ],
          fix: addTrustFix(ctx, role, edge.source),
          account: role.account,
        }),
      );
    }
    return out;
  },
};

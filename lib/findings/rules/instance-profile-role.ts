/** An instance profile with no role, or whose role no longer exists: instances using it get no credentials. */
import type { Ec2Instance, InstanceProfile, Role } from '../../model';
import { nameOf } from '../../model';
import type { RuleContext } from '../context';
import { pushTo } from '../context';
import { evaluateAssume } from '../engine';
import { finding } from '../fixes';
import type { Finding, Fix, Rule } from '../types';
import { instanceNodeId } from '../../graph/builder';
import { EC2 } from './instance-role-no-ec2';
import { placeholder, sh } from '../../model/shell';

/** The role a profile most likely served: same name, or the name with `-profile` turned into `-role`. */
function candidateRole(ctx: RuleContext, p: InstanceProfile): Role | undefined {
  const stem = p.name.replace(/-?instance-profile$|-?profile$/i, '');
  const names = [p.name, `${stem}-instance-role`, `${stem}-role`, stem];
  for (const n of names) {
    const r = ctx.index.rolesByAccountName.get(`${p.account}/${n}`);
    if (r) return r;
  }
  return undefined;
}

export const instanceProfileRole: Rule = {
  id: 'instance-profile-without-role',
  title: 'Instance profile without a role, or with a deleted role',
  severity: 'high',
  description:
    'An instance profile carries the role EC2 hands to its instances. With no role, or a role that no longer exists, instances launched with it have no credentials.',
  run(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    const byProfile = new Map<string, Ec2Instance[]>();
    for (const i of ctx.snapshot.instances)
      if (i.instanceProfileArn !== undefined) pushTo(byProfile, i.instanceProfileArn, i);
    for (const p of ctx.snapshot.instanceProfiles) {
      const missing = p.roleArns.filter((r) => !ctx.index.rolesByArn.has(r));
      if (p.roleArns.length > 0 && missing.length === 0) continue;
      const instances = byProfile.get(p.arn) ?? [];
      const candidate = candidateRole(ctx, p);
      const removes = missing.map(
        (r) =>
          sh`aws iam remove-role-from-instance-profile --instance-profile-name ${p.name} --role-name ${nameOf(r)}`,
      );
      const add = sh`aws iam add-role-to-instance-profile --instance-profile-name ${p.name} --role-name ${candidate?.name ?? placeholder('role-name')}`;
      const fix: Fix = {
        summary: candidate
          ? `Put ${candidate.name} into ${p.name}${missing.length > 0 ? ` in place of ${missing.map(nameOf).join(', ')}` : ''}.`
          : `Put the role the instances need into ${p.name}${missing.length > 0 ? ` in place of ${missing.map(nameOf).join(', ')}` : ''}, or delete the profile if nothing uses it.`,
        target: p.arn,
        policyKind: 'instance-profile',
        cli: [...removes, add].join(' && '),
        ...(candidate
          ? {
              recheck: {
                subject: EC2,
                before: 'ImplicitDeny' as const,
                after: evaluateAssume(ctx, { principal: EC2, role: candidate }).decision,
                checked: 0,
                openedElsewhere: [],
              },
            }
          : {}),
      };
      out.push(
        finding(this, p.arn, {
          severity: instances.length > 0 || missing.length > 0 ? 'high' : 'medium',
          message:
            missing.length > 0
              ? `${p.name} names the role ${missing.map(nameOf).join(', ')}, which no longer exists.`
              : `${p.name} has no role${instances.length > 0 ? `, yet ${instances.map((i) => i.name ?? i.id).join(', ')} use it` : ''}.`,
          nodes: [p.arn, ...instances.map((i) => instanceNodeId(i.account, i.region, i.id))],
          edges: [],
          evidence: [
            {
              owner: p.arn,
              text: `Roles of ${p.name}: ${p.roleArns.length > 0 ? p.roleArns.join(', ') : 'none'}.`,
            },
          ],
          fix,
          account: p.account,
        }),
      );
    }
    return out;
  },
};

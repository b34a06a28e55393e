/** A role in an instance profile whose trust policy does not let EC2 assume it: the instance gets no credentials. */
import type { RuleContext } from '../context';
import type { Ec2Instance } from '../../model';
import { edgesAt, pushTo } from '../context';
import { evaluateAssume, isDeny } from '../engine';
import { addTrustFix, evidenceOf, finding } from '../fixes';
import type { Finding, Rule } from '../types';
import { instanceNodeId } from '../../graph/builder';

export const EC2 = 'ec2.amazonaws.com';

export const instanceRoleNoEc2: Rule = {
  id: 'instance-role-trust-lacks-ec2',
  title: 'Instance role does not trust ec2.amazonaws.com',
  severity: 'high',
  description:
    'The role is in an instance profile, but its trust policy does not allow ec2.amazonaws.com to call sts:AssumeRole, so instances using the profile get no credentials from the instance metadata service.',
  run(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    const profilesOf = new Map<string, string[]>();
    for (const p of ctx.snapshot.instanceProfiles) for (const r of p.roleArns) pushTo(profilesOf, r, p.arn);
    // Each role's instances by its profiles, in snapshot order, without a scan of every instance per role.
    const byProfile = new Map<string, number[]>();
    ctx.snapshot.instances.forEach((i, at) => {
      if (i.instanceProfileArn !== undefined) pushTo(byProfile, i.instanceProfileArn, at);
    });
    const instancesWith = (profiles: readonly string[]): Ec2Instance[] => {
      const at = profiles.flatMap((p) => byProfile.get(p) ?? []);
      if (profiles.length > 1) at.sort((a, b) => a - b);
      return at.map((i) => ctx.snapshot.instances[i] as Ec2Instance);
    };
    for (const role of ctx.snapshot.roles) {
      const profiles = [...new Set([...(profilesOf.get(role.arn) ?? []), ...role.instanceProfileArns])];
      if (profiles.length === 0) continue;
      const ev = evaluateAssume(ctx, { principal: EC2, role });
      if (!isDeny(ev.decision)) continue;
      const instances = instancesWith(profiles);
      out.push(
        finding(this, role.arn, {
          message: `${role.name} is the role of ${profiles.map((p) => p.split('/').pop()).join(', ')}${
            instances.length > 0 ? ` (used by ${instances.map((i) => i.name ?? i.id).join(', ')})` : ''
          }, but its trust policy does not admit ${EC2}: those instances get no credentials.`,
          nodes: [...instances.map((i) => instanceNodeId(i.account, i.region, i.id)), ...profiles, role.arn],
          edges: edgesAt(ctx, 'runs-as', 'target', [role.arn]).map((e) => e.id),
          evidence: evidenceOf(ev, role.arn),
          fix: addTrustFix(ctx, role, EC2),
          account: role.account,
        }),
      );
    }
    return out;
  },
};

/** An EC2 instance with no instance profile while the other instances of its cluster have one. */
import type { Ec2Instance } from '../../model';
import type { RuleContext } from '../context';
import { pushTo } from '../context';
import { evaluateAssume } from '../engine';
import { finding } from '../fixes';
import type { Finding, Rule } from '../types';
import { EC2 } from './instance-role-no-ec2';
import { instanceNodeId } from '../../graph/builder';
import { sh } from '../../model/shell';

/**
 * `Name=x` in the AWS CLI's shorthand where the name has none of the shorthand's own characters
 * (IAM names may hold `,` and `=`); JSON otherwise, which the CLI takes whatever the name holds.
 */
const profileArgument = (name: string): string =>
  /^[\w+.@-]+$/.test(name) ? `Name=${name}` : JSON.stringify({ Name: name });

/** Tags that say which cluster or service an instance belongs to. */
const CLUSTER_TAGS = [
  'cluster',
  'aws:autoscaling:groupname',
  'aws:eks:cluster-name',
  'service',
  'app',
  'application',
  'component',
];

function clusterOf(i: Ec2Instance): string | undefined {
  const tags = new Map(Object.entries(i.tags).map(([k, v]) => [k.toLowerCase(), v]));
  for (const k of CLUSTER_TAGS) {
    const v = tags.get(k);
    if (v) return `${k}=${v}`;
  }
  return undefined;
}

/** `doris-be-04` → `doris-be`: instances named as members of one group. */
const nameStem = (i: Ec2Instance): string | undefined => i.name?.replace(/[-_]?\d+$/, '') || undefined;

export const instanceWithoutProfile: Rule = {
  id: 'instance-without-profile',
  title: 'Instance of a cluster has no instance profile',
  severity: 'medium',
  description:
    'The other instances of the same cluster run with an instance profile, this one has none: the software on it has no role credentials and its chain fails at the first step.',
  run(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    // Each account's instances in snapshot order: peers are found there, not by a scan of every instance.
    const byAccount = new Map<string, Ec2Instance[]>();
    for (const i of ctx.snapshot.instances) pushTo(byAccount, i.account, i);
    for (const i of ctx.snapshot.instances) {
      if (i.instanceProfileArn !== undefined) continue;
      if (i.state !== undefined && i.state !== 'running' && i.state !== 'pending' && i.state !== 'stopped')
        continue;
      const cluster = clusterOf(i);
      const stem = nameStem(i);
      const peers = (byAccount.get(i.account) ?? []).filter(
        (o) =>
          o !== i &&
          o.instanceProfileArn !== undefined &&
          (cluster !== undefined ? clusterOf(o) === cluster : false),
      );
      // Within the cluster, prefer peers named like this one (doris-be-* for doris-be-04).
      const named = peers.filter((o) => stem !== undefined && nameStem(o) === stem);
      const pool = named.length > 0 ? named : peers;
      if (pool.length === 0) continue;
      const counts = new Map<string, number>();
      for (const o of pool)
        counts.set(o.instanceProfileArn as string, (counts.get(o.instanceProfileArn as string) ?? 0) + 1);
      const [profileArn] = [...counts.entries()].sort(
        (a, b) => b[1] - a[1] || a[0].localeCompare(b[0]),
      )[0] as [string, number];
      const profile = ctx.index.profilesByArn.get(profileArn);
      const profileName = profile?.name ?? profileArn.split('/').pop() ?? profileArn;
      const role =
        profile?.roleArns[0] !== undefined ? ctx.index.rolesByArn.get(profile.roleArns[0]) : undefined;
      out.push(
        finding(this, i.id, {
          message: `${i.name ?? i.id} (${cluster ?? stem}) has no instance profile; ${pool.map((o) => o.name ?? o.id).join(', ')} run with ${profileName}.`,
          nodes: [instanceNodeId(i.account, i.region, i.id), profileArn],
          edges: [],
          evidence: [
            {
              text: `${i.id} in ${i.account} ${i.region} has no IamInstanceProfile; its peers use ${profileArn}.`,
            },
          ],
          fix: {
            summary: `Associate ${profileName} with ${i.id}.`,
            target: i.id,
            policyKind: 'instance-profile',
            cli: sh`aws ec2 associate-iam-instance-profile --region ${i.region} --instance-id ${i.id} --iam-instance-profile ${profileArgument(profileName)}`,
            ...(role
              ? {
                  recheck: {
                    subject: EC2,
                    before: 'ImplicitDeny' as const,
                    after: evaluateAssume(ctx, { principal: EC2, role }).decision,
                    checked: 0,
                    openedElsewhere: [],
                  },
                }
              : {}),
          },
          account: i.account,
        }),
      );
    }
    return out;
  },
};

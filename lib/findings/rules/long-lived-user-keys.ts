/**
 * IAM users signing with long-lived access keys (old, active, recently used) that reach data: the
 * AK/SK pattern roles replace. The keys never expire and leak from configuration files and logs.
 */
import type { RuleContext } from '../context';
import { daysBetween, edgesAt, timeOf } from '../context';
import { finding } from '../fixes';
import type { Finding, Rule } from '../types';
import { placeholder, sh } from '../../model/shell';

/** Keys older than this count as long-lived (the CIS benchmark's rotation period). */
export const KEY_MAX_AGE_DAYS = 90;

export const longLivedUserKeys: Rule = {
  id: 'long-lived-user-keys',
  title: 'IAM user with a long-lived access key reaching data a role could serve',
  severity: 'high',
  description: `An active access key older than ${KEY_MAX_AGE_DAYS} days, used in the audit window, on a user that can read or write data. A role (instance profile, or a role assumed with short-lived credentials) serves the same access without a key that never expires.`,
  run(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    for (const user of ctx.snapshot.users) {
      const keys = user.accessKeys.filter((k) => {
        const created = timeOf(k.createdAt);
        const used = timeOf(k.lastUsedAt);
        return (
          k.status === 'Active' &&
          created !== undefined &&
          daysBetween(created, ctx.nowMs) > KEY_MAX_AGE_DAYS &&
          used !== undefined &&
          used >= ctx.windowStartMs
        );
      });
      if (keys.length === 0) continue;
      // Data: buckets, prefixes and catalogs (a KMS key alone is not data).
      const reach = edgesAt(ctx, 'can-access', 'source', [user.arn]).filter(
        (e) => ctx.nodes.get(e.target)?.kind !== 'kms-key',
      );
      if (reach.length === 0) continue;
      const targets = new Set(reach.map((e) => e.target));
      // Roles that already reach the same data: the user's workload could run as one of them.
      const roles = [
        ...new Set(
          edgesAt(ctx, 'can-access', 'target', targets)
            .filter((e) => ctx.index.rolesByArn.has(e.source))
            .map((e) => e.source),
        ),
      ].sort();
      const named = roles.slice(0, 3).map((r) => r.split('/').pop() ?? r);
      const also = roles.length > 3 ? ` and ${roles.length - 3} more` : '';
      const key = keys[0];
      const age =
        key?.createdAt !== undefined ? daysBetween(timeOf(key.createdAt) ?? ctx.nowMs, ctx.nowMs) : 0;
      out.push(
        finding(this, user.arn, {
          severity: user.mfaActive === false || user.mfaActive === undefined ? 'high' : 'medium',
          message: `${user.name} signs with ${keys.length === 1 ? 'an access key' : `${keys.length} access keys`} created ${age} days ago and used on ${key?.lastUsedAt ?? '?'}, and reaches ${[...targets].join(', ')}${
            roles.length > 0 ? `; ${named.join(', ')}${also} already reach the same data` : ''
          }.`,
          nodes: [user.arn, ...targets],
          edges: reach.map((e) => e.id),
          evidence: keys.map((k) => ({
            owner: user.arn,
            text: `Access key ${k.id ?? '(id not in the credential report)'}: Active, created ${k.createdAt ?? '?'}, last used ${k.lastUsedAt ?? '?'}.`,
          })),
          fix: {
            summary: `Run the workload as a role (an instance profile, or ${roles[0] ?? 'a role with the same permissions'} assumed with short-lived credentials), then deactivate and delete the key.`,
            target: user.arn,
            policyKind: 'none',
            cli: keys
              .map(
                (k) =>
                  sh`aws iam update-access-key --user-name ${user.name} --access-key-id ${k.id ?? placeholder('access-key-id')} --status Inactive`,
              )
              .join(' && '),
          },
          account: user.account,
        }),
      );
    }
    return out;
  },
};

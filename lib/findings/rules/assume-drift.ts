/** Successful assumptions that today's policies would deny: access revoked since, or the snapshot is incomplete. */
import type { RuleContext } from '../context';
import { presentEdges, shortName } from '../context';
import { isDeny } from '../engine';
import { evidenceOf, finding } from '../fixes';
import { groupByPair, replayEvent } from '../replay';
import type { Finding, Rule } from '../types';

export const assumeDrift: Rule = {
  id: 'assume-drift',
  title: 'Successful assumptions that current policies would deny',
  severity: 'medium',
  description:
    'CloudTrail shows the call succeeding, but replayed with its own context against the current policies it is denied: either access was removed since (intended or not), or the snapshot misses a policy that allows it.',
  run(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    const ok = ctx.assumeEvents.filter((e) => e.outcome === 'success');
    for (const [pair, events] of groupByPair(ctx, ok)) {
      // The latest call says the most about today.
      const latest = [...events].sort((a, b) => b.time.localeCompare(a.time))[0];
      if (!latest) continue;
      const r = replayEvent(ctx, latest);
      if (!r.role) {
        if (
          r.causes.includes('role-missing') &&
          latest.roleArn !== undefined &&
          ctx.index.collectedAccounts.has(latest.roleArn.split(':')[4] ?? '')
        )
          out.push(
            finding(this, pair, {
              severity: 'low',
              message: `${latest.roleArn} was assumed ${events.length} time(s) (last ${latest.time}) but is not in the snapshot: deleted since, or not collected.`,
              nodes: [latest.roleArn],
              edges: [],
              evidence: [
                {
                  text: 'The role is absent from the collected account.',
                  eventIds: events.map((e) => e.eventId).slice(0, 20),
                },
              ],
            }),
          );
        continue;
      }
      if (!r.evaluation || !isDeny(r.evaluation.decision)) continue;
      out.push(
        finding(this, pair, {
          message: `${shortName(r.principal ?? 'a caller')} assumed ${r.role.name} ${events.length} time(s) (last ${latest.time}), but today's policies deny that call. ${r.explanation.join(' ')}`,
          nodes: [r.principal, r.role.arn].filter((x): x is string => x !== undefined),
          edges: presentEdges(
            ctx,
            r.principal !== undefined ? [`observed|${r.principal}|${r.role.arn}`] : [],
          ),
          evidence: [
            {
              text: `Replayed in ${r.mode}-context mode: ${r.evaluation.decision}.`,
              eventIds: events.map((e) => e.eventId).slice(0, 20),
            },
            ...evidenceOf(r.evaluation, r.role.arn, 2),
          ],
          account: r.role.account,
        }),
      );
    }
    return out;
  },
};

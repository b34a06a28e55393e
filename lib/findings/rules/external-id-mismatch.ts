/** Observed callers failing a trust's ExternalId: the caller sends none, or the wrong value. */
import type { Role } from '../../model';
import type { RuleContext } from '../context';
import { presentEdges, shortName } from '../context';
import { evaluateAssume } from '../engine';
import { finding } from '../fixes';
import type { Replay } from '../replay';
import { groupByPair, replayEvent } from '../replay';
import type { Finding, Fix, Rule } from '../types';
import { sh } from '../../model/shell';

/** What the caller must change: its own configuration, not a policy. */
export function externalIdFix(ctx: RuleContext, r: Replay, role: Role, principal: string): Fix | undefined {
  const required =
    r.requiredExternalIds.find((v) => !v.includes('*') && !v.includes('?')) ?? r.requiredExternalIds[0];
  if (required === undefined) return undefined;
  const after = evaluateAssume(ctx, {
    principal,
    role,
    action: r.action,
    context: { ...r.context, 'sts:ExternalId': required },
    mode: r.mode,
  });
  return {
    summary: `Configure ${shortName(principal)} to send ExternalId "${required}" when it assumes ${role.name} (Doris: "s3.external_id"; StarRocks: "aws.s3.external_id" / "aws.glue.external_id"; SDKs: ExternalId).`,
    target: principal,
    policyKind: 'none',
    cli: sh`aws sts assume-role --role-arn ${role.arn} --role-session-name rolechain-check --external-id ${required}`,
    recheck: {
      subject: principal,
      before: r.evaluation?.decision ?? 'ImplicitDeny',
      after: after.decision,
      checked: 0,
      openedElsewhere: [],
    },
  };
}

export const externalIdMismatch: Rule = {
  id: 'external-id-mismatch',
  title: 'Caller fails the ExternalId the trust requires',
  severity: 'high',
  description:
    "CloudTrail shows AssumeRole calls denied because the caller sent no sts:ExternalId, or a different one from the value the role's trust requires of it.",
  run(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    const failed = ctx.assumeEvents.filter((e) => e.outcome !== 'success' && e.eventName === 'AssumeRole');
    for (const [pair, events] of groupByPair(ctx, failed)) {
      const replays = events.map((e) => replayEvent(ctx, e)).filter((r) => r.causes.includes('external-id'));
      const first = replays[0];
      if (!first?.role || first.principal === undefined) continue;
      const { role, principal } = first;
      const sent = [
        ...new Set(
          replays.map((r) =>
            r.event.externalIdPresent ? (r.event.externalId ?? '(not recorded)') : '(none)',
          ),
        ),
      ];
      const fix = externalIdFix(ctx, first, role, principal);
      out.push(
        finding(this, pair, {
          message: `${shortName(principal)} was denied ${replays.length} time(s) assuming ${role.name}: the trust requires sts:ExternalId ${first.requiredExternalIds.join(' or ')}, the calls sent ${sent.join(', ')}.`,
          nodes: [principal, role.arn],
          edges: presentEdges(ctx, [
            `denied-attempt|${principal}|${role.arn}`,
            `can-assume|${principal}|${role.arn}`,
          ]),
          evidence: [
            {
              owner: role.arn,
              policy: { kind: 'trust', name: `trust policy of ${role.name}`, arn: role.arn },
              text: first.explanation.join(' '),
            },
            {
              text: `ExternalId sent: ${sent.join(', ')}; required: ${first.requiredExternalIds.join(', ')}.`,
              eventIds: replays.map((r) => r.event.eventId).slice(0, 20),
            },
          ],
          ...(fix ? { fix } : {}),
          account: role.account,
        }),
      );
    }
    return out;
  },
};

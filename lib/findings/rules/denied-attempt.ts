/**
 * Every observed attempt that failed, replayed through the engine with the event's own context and
 * explained by the chain step that fails today — or reported as one today's policies would allow
 * (fixed since, or data missing from the snapshot).
 */
import { shortName, pushTo } from '../context';
import type { RuleContext } from '../context';
import { presentEdges } from '../context';
import { addTrustFix, assumePermissionFix, finding } from '../fixes';
import { CHAINING_LIMIT_SECONDS, groupByPair, replayEvent } from '../replay';
import type { AssumeEvent, Role } from '../../model';
import { knownMaxSessionDuration, MAX_SESSION_DURATION_SOURCES, MIN_MAX_SESSION_DURATION } from '../../model';
import type { Finding, Fix, Rule } from '../types';
import { externalIdFix } from './external-id-mismatch';
import { sh } from '../../model/shell';

export const deniedAttempt: Rule = {
  id: 'denied-attempt',
  title: 'Observed AssumeRole attempts that failed, explained',
  severity: 'medium',
  description:
    "Each failed AssumeRole* call in CloudTrail is replayed through the policy engine with its own context (caller, ExternalId given or not, duration) and the failing chain step is named: the caller's permission, the role's trust (ExternalId, deleted principal), or the session duration.",
  run(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    const failed = ctx.assumeEvents.filter((e) => e.outcome !== 'success');
    for (const [pair, events] of groupByPair(ctx, failed)) {
      const replays = events.map((e) => replayEvent(ctx, e));
      // One finding per distinct explanation, so a caller that failed for two reasons shows both.
      const byCause = new Map<string, typeof replays>();
      for (const r of replays) {
        const key =
          r.causes.join('+') ||
          (r.evaluation?.decision === 'Allow'
            ? 'now-allowed'
            : r.evaluation?.decision === 'Conditional'
              ? 'unrecorded-condition'
              : 'denied');
        pushTo(byCause, key, r);
      }
      for (const [cause, list] of byCause) {
        const r = list[0];
        if (!r) continue;
        const role = r.role;
        const principal = r.principal;
        const nowAllowed = r.failedSteps.length === 0 && r.evaluation?.decision === 'Allow';
        // Today's policies allow it only under conditions CloudTrail does not record (MFA, SAML attributes…).
        const undecided = r.failedSteps.length === 0 && r.evaluation?.decision === 'Conditional';
        let fix: Fix | undefined;
        const related: string[] = [];
        if (role && principal !== undefined) {
          if (r.causes.includes('external-id')) {
            fix = externalIdFix(ctx, r, role, principal);
            related.push(`external-id-mismatch:${pair}`);
          } else if (r.causes.includes('trust') || r.causes.includes('deleted-principal')) {
            fix = addTrustFix(ctx, role, principal);
            related.push(`missing-trust:${principal}->${role.arn}`);
            for (const id of r.causes.includes('deleted-principal') ? [role.arn] : [])
              related.push(`deleted-principal-in-trust:${id}`);
          } else if (r.causes.includes('permission')) {
            fix = assumePermissionFix(ctx, principal, role);
            related.push(`missing-permission:${principal}->${role.arn}`);
          }
          if (r.causes.includes('duration')) {
            related.push(`role-chaining-duration:${pair}`);
            fix ??= durationAskFix(role, principal, r.event);
          }
        }
        const codes = [...new Set(list.map((x) => x.event.errorCode ?? x.event.outcome))];
        const last =
          list
            .map((x) => x.event.time)
            .sort()
            .at(-1) ?? '';
        out.push(
          finding(this, `${pair}#${cause}`, {
            severity: nowAllowed ? 'info' : undecided ? 'low' : 'medium',
            message: nowAllowed
              ? `${list.length} failed ${r.action} call(s) by ${shortName(principal ?? 'an unknown caller')} on ${role?.name ?? r.event.roleArn ?? 'a role'} (${codes.join(', ')}, last ${last}) would be allowed by today's policies: fixed since, or the snapshot lacks what denied them.`
              : `${list.length} failed ${r.action} call(s) by ${shortName(principal ?? 'an unknown caller')} on ${role?.name ?? r.event.roleArn ?? 'a role'} (${codes.join(', ')}, last ${last}). ${r.explanation.join(' ')}`,
            nodes: [principal, role?.arn ?? r.event.roleArn].filter((x): x is string => x !== undefined),
            edges: presentEdges(
              ctx,
              principal !== undefined && role ? [`denied-attempt|${principal}|${role.arn}`] : [],
            ),
            evidence: [
              {
                text: `Replayed in ${r.mode}-context mode with ${Object.keys(r.context).join(', ') || 'no context keys'}: ${r.evaluation?.decision ?? 'not evaluated'}. ${r.explanation.join(' ')}`,
                eventIds: list.map((x) => x.event.eventId).slice(0, 20),
              },
              ...(list[0]?.event.errorMessage
                ? [{ text: `CloudTrail: ${list[0].event.errorCode ?? ''} ${list[0].event.errorMessage}` }]
                : []),
            ],
            ...(fix ? { fix } : {}),
            ...(role ? { account: role.account } : {}),
            related,
          }),
        );
      }
    }
    return out;
  },
};

/**
 * What to ask for instead: 3600 s from a role session (role chaining), else the role's known limit;
 * when the limit is unknown, the 3600 s every role allows — never an invented limit.
 */
function durationAskFix(role: Role, principal: string, e: AssumeEvent): Fix {
  const chained = e.caller.type === 'AssumedRole';
  const limit = knownMaxSessionDuration(role);
  const seconds = chained ? CHAINING_LIMIT_SECONDS : (limit ?? MIN_MAX_SESSION_DURATION);
  return {
    summary:
      chained || limit !== undefined
        ? `Ask ${role.name} for at most ${seconds} s (DurationSeconds in the caller's client).`
        : `Ask ${role.name} for at most ${seconds} s, which every role allows (DurationSeconds in the caller's client); its MaxSessionDuration is not in the snapshot: ${MAX_SESSION_DURATION_SOURCES} to know whether more is allowed.`,
    target: principal,
    policyKind: 'none',
    cli:
      e.externalId !== undefined
        ? sh`aws sts assume-role --role-arn ${role.arn} --role-session-name rolechain-check --duration-seconds ${seconds} --external-id ${e.externalId}`
        : sh`aws sts assume-role --role-arn ${role.arn} --role-session-name rolechain-check --duration-seconds ${seconds}`,
  };
}

/**
 * Role chaining caps a session at one hour: a role session that asks for more fails with
 * ValidationError, and a role only ever assumed from role sessions gains nothing from a
 * MaxSessionDuration above 3600 (callers that trust it will fail).
 */
import { knownMaxSessionDuration } from '../../model';
import type { RuleContext } from '../context';
import { edgesOf, presentEdges, shortName, trustOf, pushTo } from '../context';
import { finding } from '../fixes';
import { CHAINING_LIMIT_SECONDS, groupByPair } from '../replay';
import type { Finding, Rule } from '../types';
import { sh } from '../../model/shell';

export const roleChainingDuration: Rule = {
  id: 'role-chaining-duration',
  title: 'Session duration above the one-hour role-chaining limit',
  severity: 'medium',
  description:
    'A role assumed from another role session (role chaining) gets at most one hour, whatever its MaxSessionDuration; asking for more fails with ValidationError.',
  run(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    const asked = ctx.assumeEvents.filter(
      (e) =>
        e.eventName === 'AssumeRole' &&
        e.caller.type === 'AssumedRole' &&
        (e.durationSeconds ?? 0) > CHAINING_LIMIT_SECONDS,
    );
    const observedRoles = new Set<string>();
    for (const [pair, events] of groupByPair(ctx, asked)) {
      const e = events[0];
      if (!e) continue;
      const principal = e.caller.sessionIssuerArn ?? e.caller.arn ?? 'unknown';
      const roleArn = e.roleArn ?? 'unknown';
      observedRoles.add(roleArn);
      const max = Math.max(...events.map((x) => x.durationSeconds ?? 0));
      const failed = events.filter((x) => x.outcome !== 'success');
      out.push(
        finding(this, pair, {
          message: `${shortName(principal)} asked ${roleArn.split('/').pop()} for sessions of up to ${max} s from a role session (${events.length} call(s), ${failed.length} failed); role chaining allows ${CHAINING_LIMIT_SECONDS} s.`,
          nodes: [principal, roleArn],
          edges: presentEdges(ctx, [`denied-attempt|${principal}|${roleArn}`]),
          evidence: [
            {
              text: `DurationSeconds ${[...new Set(events.map((x) => x.durationSeconds))].join(', ')} from an assumed-role caller${
                failed[0]?.errorCode
                  ? `; ${failed[0].errorCode}: ${(failed[0].errorMessage ?? '').replace(/\.$/, '')}`
                  : ''
              }.`,
              eventIds: events.map((x) => x.eventId).slice(0, 20),
            },
          ],
          fix: {
            summary: `Ask for at most ${CHAINING_LIMIT_SECONDS} s when assuming ${roleArn.split('/').pop()} from ${shortName(principal)} (DurationSeconds in the client), and refresh the credentials before they expire.`,
            target: principal,
            policyKind: 'none',
            cli: sh`aws sts assume-role --role-arn ${roleArn} --role-session-name rolechain-check --duration-seconds ${CHAINING_LIMIT_SECONDS}`,
          },
        }),
      );
    }
    // Configuration: a long MaxSessionDuration on a role only roles can assume.
    const callersOf = new Map<string, string[]>();
    for (const edge of edgesOf(ctx, 'can-assume')) pushTo(callersOf, edge.target, edge.source);
    for (const role of ctx.snapshot.roles) {
      // An unknown limit states nothing: this finding is about a real setting only.
      const limit = knownMaxSessionDuration(role);
      if (limit === undefined || limit <= CHAINING_LIMIT_SECONDS || observedRoles.has(role.arn)) continue;
      const named = trustOf(role).filter((p) => p.effect === 'Allow' && !p.negated);
      if (named.length === 0 || !named.every((p) => p.kind === 'role' || p.kind === 'session')) continue;
      out.push(
        finding(this, role.arn, {
          severity: 'low',
          message: `${role.name} has MaxSessionDuration ${limit} s but only roles can assume it: chained sessions get ${CHAINING_LIMIT_SECONDS} s at most, and asking for more fails.`,
          nodes: [role.arn, ...(callersOf.get(role.arn) ?? [])],
          edges: [],
          evidence: [
            {
              owner: role.arn,
              text: `Trusted principals: ${named.map((p) => p.value).join(', ')} (all roles).`,
            },
          ],
          fix: {
            summary: `Set MaxSessionDuration of ${role.name} to ${CHAINING_LIMIT_SECONDS} s so nobody expects longer sessions.`,
            target: role.arn,
            policyKind: 'none',
            cli: sh`aws iam update-role --role-name ${role.name} --max-session-duration ${CHAINING_LIMIT_SECONDS}`,
          },
          account: role.account,
        }),
      );
    }
    return out;
  },
};

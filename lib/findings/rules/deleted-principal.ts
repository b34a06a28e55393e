/**
 * A trust policy names a principal by its unique id (`AROA…`, `AIDA…`): IAM writes that in place of the
 * ARN when the principal is deleted, and it matches nobody, even a new principal of the same name.
 */
import type { RuleContext } from '../context';
import { callerPrincipal, roleOfEvent, shortName, trustOf } from '../context';
import { OUTSIDER, recheckTrust } from '../engine';
import { finding, withRecheck } from '../fixes';
import type { Json } from '../patch';
import { listOf, oneOrMany, replaceStatement, statementsOf, trustCli } from '../patch';
import type { Finding, Rule } from '../types';

export const deletedPrincipal: Rule = {
  id: 'deleted-principal-in-trust',
  title: 'Trust policy names a deleted principal',
  severity: 'high',
  description:
    'A unique id such as AROA… or AIDA… in Principal.AWS is what IAM leaves when the named role or user was deleted. It matches nobody, not even a principal re-created with the same name, so the chain it served is broken.',
  run(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    for (const role of ctx.snapshot.roles) {
      const deleted = trustOf(role).filter((p) => p.deleted);
      if (deleted.length === 0) continue;
      // Who tried and failed: the likely re-created principal the entry was meant for.
      const denied = ctx.assumeEvents.filter((e) => e.outcome === 'denied' && roleOfEvent(ctx, e) === role);
      const callers = [
        ...new Set(
          denied.map(callerPrincipal).filter((p): p is string => p !== undefined && p.startsWith('arn:')),
        ),
      ];
      for (const p of deleted) {
        const known = ctx.principalIds.get(p.value);
        const replacement = known ?? (callers.length === 1 ? callers[0] : undefined);
        const raw = statementsOf(role.trustPolicy)[p.statement.index] ?? {};
        const principal = (raw.Principal ?? {}) as Json;
        const aws = listOf(principal.AWS).flatMap((v) =>
          v === p.value ? (replacement ? [replacement] : []) : [v],
        );
        const rest = Object.fromEntries(Object.entries(principal).filter(([k]) => k !== 'AWS'));
        const nextPrincipal: Json = aws.length > 0 ? { ...rest, AWS: oneOrMany([...new Set(aws)]) } : rest;
        const newStatement =
          Object.keys(nextPrincipal).length > 0 ? { ...raw, Principal: nextPrincipal } : undefined;
        const newDocument = replaceStatement(role.trustPolicy, p.statement.index, newStatement);
        const { cli, file } = trustCli(role.name);
        const eventIds = denied.map((e) => e.eventId);
        out.push(
          finding(this, `${role.arn}#${p.value}`, {
            severity: eventIds.length > 0 ? 'high' : 'medium',
            message: `The trust policy of ${role.name} names ${p.value}, the unique id of a deleted principal: it admits nobody.${
              replacement
                ? ` ${shortName(replacement)} has been denied since and is most likely the principal it was meant for.`
                : ''
            }`,
            nodes: [role.arn],
            edges: [],
            evidence: [
              {
                owner: role.arn,
                policy: { kind: 'trust', name: `trust policy of ${role.name}`, arn: role.arn },
                statement: p.statement,
                text: `Principal.AWS contains ${p.value}, which is a unique id, not an ARN.`,
              },
              ...(eventIds.length > 0
                ? [
                    {
                      text: `${eventIds.length} AssumeRole attempt(s) on ${role.name} were denied in the audit window.`,
                      eventIds: eventIds.slice(0, 20),
                    },
                  ]
                : []),
            ],
            fix: withRecheck(
              {
                summary: replacement
                  ? `Replace ${p.value} with ${replacement} in the trust policy of ${role.name}.`
                  : `Remove ${p.value} from the trust policy of ${role.name} (and name the intended principal by ARN).`,
                target: role.arn,
                policyKind: 'trust',
                removeStatement: p.statement,
                ...(newStatement ? { addStatement: newStatement } : {}),
                newDocument,
                cli,
                file,
              },
              () => recheckTrust(ctx, role, { principal: replacement ?? OUTSIDER }, newDocument),
            ),
            account: role.account,
          }),
        );
      }
    }
    return out;
  },
};

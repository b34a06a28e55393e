/**
 * Confused deputy: a role trusts another account's principals without requiring `sts:ExternalId`.
 * A third party (outside the organisation) serving several customers can then be tricked into using
 * its access to this account for someone else; within the organisation the risk is lower.
 */
import type { RuleContext } from '../context';
import { presentEdges, sidOf, trustOf } from '../context';
import { probeOf, recheckTrust } from '../engine';
import { finding, withRecheck } from '../fixes';
import type { Json } from '../patch';
import { listOf, oneOrMany, replaceStatement, statementsOf, trustCli } from '../patch';
import type { Finding, Rule } from '../types';

const IAM_KINDS = new Set(['account', 'role', 'user', 'session']);

/** An ExternalId to propose: unique per role and caller account; the third party usually supplies its own. */
export const suggestedExternalId = (roleName: string, account: string): string => `${roleName}-${account}`;

export const crossAccountNoExternalId: Rule = {
  id: 'cross-account-no-external-id',
  title: 'Cross-account trust without sts:ExternalId',
  severity: 'high',
  description:
    'A trust statement admits principals of another account with no sts:ExternalId condition. For a third party outside the organisation this is the confused-deputy problem; inside the organisation it is lower risk.',
  run(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    for (const role of ctx.snapshot.roles) {
      const entries = trustOf(role).filter(
        (p) =>
          p.effect === 'Allow' &&
          !p.negated &&
          !p.invalid &&
          IAM_KINDS.has(p.kind) &&
          p.account !== undefined &&
          p.account !== role.account &&
          p.actions.includes('sts:AssumeRole') &&
          !p.conditions.some((c) => c.key.toLowerCase() === 'sts:externalid'),
      );
      for (const p of entries) {
        const account = p.account as string;
        const thirdParty = !ctx.orgAccounts.has(account);
        const externalId = suggestedExternalId(role.name, account);
        // Split the principal into a statement of its own so the condition binds nobody else.
        const statements = statementsOf(role.trustPolicy);
        const raw = statements[p.statement.index] ?? {};
        const principal = (raw.Principal ?? {}) as Json;
        const aws = listOf(principal.AWS).filter((v) => v !== p.value);
        const rest = Object.fromEntries(Object.entries(principal).filter(([k]) => k !== 'AWS'));
        const remaining: Json = aws.length > 0 ? { ...rest, AWS: oneOrMany(aws) } : rest;
        const condition = {
          ...((raw.Condition ?? {}) as Json),
          StringEquals: {
            ...(((raw.Condition as Json | undefined)?.StringEquals ?? {}) as Json),
            'sts:ExternalId': externalId,
          },
        };
        const added: Json = {
          ...raw,
          Sid: sidOf(`Allow ${account} with ExternalId`),
          Principal: { AWS: p.value },
          Condition: condition,
        };
        const base = replaceStatement(
          role.trustPolicy,
          p.statement.index,
          Object.keys(remaining).length > 0 ? { ...raw, Principal: remaining } : undefined,
        );
        const newDocument = { ...base, Statement: [...(base.Statement as Json[]), added] };
        const subject = p.kind === 'account' ? probeOf(account) : p.value;
        const { cli, file } = trustCli(role.name);
        out.push(
          finding(this, `${role.arn}#${p.value}`, {
            severity: thirdParty ? 'high' : 'low',
            message: thirdParty
              ? `${role.name} trusts ${p.value} in account ${account}, outside the organisation, without sts:ExternalId: a confused deputy can use that third party's access to this account.`
              : `${role.name} trusts ${p.value} in account ${account} (same organisation) without sts:ExternalId.`,
            nodes: [role.arn, p.kind === 'account' ? `account:${account}` : p.value],
            edges: presentEdges(ctx, [
              `can-assume|${p.kind === 'account' ? `account:${account}` : p.value}|${role.arn}`,
            ]),
            evidence: [
              {
                owner: role.arn,
                policy: { kind: 'trust', name: `trust policy of ${role.name}`, arn: role.arn },
                statement: p.statement,
                text: `Principal.AWS ${p.value} with ${p.conditions.length === 0 ? 'no condition' : `only ${p.conditions.map((c) => `${c.operator} ${c.key}`).join(', ')}`}.`,
              },
            ],
            fix: withRecheck(
              {
                summary: `Require sts:ExternalId for ${p.value} in the trust policy of ${role.name}; agree the value with the ${thirdParty ? 'third party' : 'caller'} (proposed: ${externalId}).`,
                target: role.arn,
                policyKind: 'trust',
                removeStatement: p.statement,
                addStatement: added,
                newDocument,
                cli,
                file,
              },
              () => recheckTrust(ctx, role, { principal: subject }, newDocument),
            ),
            account: role.account,
          }),
        );
      }
    }
    return out;
  },
};

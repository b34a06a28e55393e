/**
 * Confused deputy: a role trusts another account's principals without requiring `sts:ExternalId`.
 * A third party (outside the organisation) serving several customers can then be tricked into using
 * its access to this account for someone else; within the organisation the risk is lower. Without
 * Organizations data the account's standing is unknown, and said so; roles AWS creates to be managed
 * from the organisation (`../../model/aws-created-role.ts`) are explained rather than called vendor trusts.
 */
import type { RuleContext } from '../context';
import { presentEdges, sidOf, trustOf } from '../context';
import { probeOf, recheckTrust } from '../engine';
import { finding, withRecheck } from '../fixes';
import type { Json } from '../patch';
import { listOf, oneOrMany, replaceStatement, statementsOf, trustCli } from '../patch';
import type { Finding, Rule, Severity } from '../types';
import type { AwsCreatedRole } from '../../model';
import { awsCreatedRole, isDocumentedTrust } from '../../model';

const IAM_KINDS = new Set(['account', 'role', 'user', 'session']);

/**
 * Where the trusted account stands: a member of the organisation (Organizations data, or without it one
 * of the accounts collected in this snapshot), outside it (Organizations data loaded and it is not
 * listed), or unknown (no Organizations data: Rolechain cannot tell a sibling account from a vendor).
 */
export type Standing = 'member' | 'outside' | 'unknown';

function standingOf(ctx: RuleContext, account: string): Standing {
  if (ctx.orgAccounts.has(account)) return 'member';
  return ctx.orgKnown ? 'outside' : 'unknown';
}

/** What settles an unknown account, in the finding's evidence. */
export const SETTLE =
  'Not settled: no AWS Organizations data is loaded. Run `aws organizations list-accounts --output json > org-accounts.json` in the management account and import it with the other files (`rolechain import org-accounts.json …`, or the Sources page); `rolechain collect --organization` reads it too.';

function severityOf(standing: Standing, awsCreated: boolean): Severity {
  if (standing === 'outside') return 'high';
  if (standing === 'member') return awsCreated ? 'info' : 'low';
  // Unknown: a vendor would be high, a sibling low; an AWS-created role of the documented shape is most
  // likely the organisation's own management account.
  return awsCreated ? 'low' : 'medium';
}

function messageOf(
  roleName: string,
  principal: string,
  account: string,
  standing: Standing,
  created: AwsCreatedRole | undefined,
): string {
  const head = `${roleName} trusts ${principal} in account ${account} without sts:ExternalId`;
  if (created) {
    const role = `${created.creator} creates this role to trust ${created.trusts}`;
    if (standing === 'member') return `${head}: ${role}, as it does here.`;
    if (standing === 'outside')
      return `${head}: ${role}, but ${account} is outside your organisation, which is not how ${created.creator} sets it up. Find out who created the role.`;
    return `${head}: ${role}. ${account} is not known to be in your organisation (no Organizations data loaded): confirm it is your management account with aws organizations list-accounts.`;
  }
  if (standing === 'member') return `${head} (same organisation).`;
  if (standing === 'outside')
    return `${head}. ${account} is outside the organisation: a confused deputy can use that third party's access to this account.`;
  return `${head}. ${account} is not known to be in your organisation (no Organizations data loaded): if it is a third party, a confused deputy can use its access to this account. Import aws organizations list-accounts output to settle it.`;
}

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
        const standing = standingOf(ctx, account);
        const thirdParty = standing !== 'member';
        const created = isDocumentedTrust(role, p.value) ? awsCreatedRole(role) : undefined;
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
            severity: severityOf(standing, created !== undefined),
            message: messageOf(role.name, p.value, account, standing, created),
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
              ...(created ? [{ owner: role.arn, text: created.explanation }] : []),
              ...(standing === 'unknown' ? [{ text: SETTLE }] : []),
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

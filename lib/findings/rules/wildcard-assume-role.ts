/** Identity policies allowing `sts:AssumeRole` (or `sts:*`) on every role: any role that trusts the account becomes reachable. */
import type { IamPrincipal } from '../../graph/snapshot-index';
import { principalArn } from '../../graph/snapshot-index';
import type { PolicyInput } from '../../policy';
import { actionMatches, parsePolicy } from '../../policy';
import type { Role } from '../../model';
import { parseArn } from '../../model';
import type { RuleContext } from '../context';
import { callerPrincipal, edgesAt, roleOfEvent, sidOf, trustOf, pushTo } from '../context';
import { ASSUME_ROLE, recheckIdentity } from '../engine';
import { finding } from '../fixes';
import type { Json } from '../patch';
import {
  inlinePolicyCli,
  listOf,
  managedPolicyCli,
  oneOrMany,
  replaceStatement,
  statementsOf,
} from '../patch';
import type { Finding, Rule } from '../types';

/**
 * `*`, or a role ARN pattern that names no role (`arn:aws:iam::*:role/*`, `arn:aws:iam::123456789012:role/*`).
 * A fixed role name in every account (`arn:aws:iam::*:role/org-audit`) is the usual fan-out pattern, not this.
 */
function everyRole(resource: string): boolean {
  if (resource === '*') return true;
  const arn = parseArn(resource);
  if (!arn || (arn.service !== 'iam' && arn.service !== '*')) return false;
  return /^(role\/)?\*$/.test(arn.resource);
}

interface Holder {
  principal: IamPrincipal;
  policy: { name: string; arn?: string; document: unknown };
}

export const wildcardAssumeRole: Rule = {
  id: 'wildcard-assume-role',
  title: 'sts:AssumeRole allowed on every role',
  severity: 'medium',
  description:
    'An identity policy allows sts:AssumeRole (or sts:*) with Resource "*": the principal can assume any role whose trust names its account, today and in future, instead of the few roles it needs.',
  run(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    // Each policy once: managed policies by ARN (with every holder), inline ones by owner.
    const byPolicy = new Map<string, Holder[]>();
    const consider = (principal: IamPrincipal, policy: PolicyInput): void => {
      const key = policy.arn ?? `${principalArn(principal)}#${policy.name ?? ''}`;
      pushTo(byPolicy, key, {
        principal,
        policy: {
          name: policy.name ?? key,
          ...(policy.arn ? { arn: policy.arn } : {}),
          document: policy.document,
        },
      });
    };
    for (const role of ctx.snapshot.roles)
      for (const p of ctx.index.identityPolicies({ kind: 'role', role })) consider({ kind: 'role', role }, p);
    for (const user of ctx.snapshot.users)
      for (const p of ctx.index.identityPolicies({ kind: 'user', user })) consider({ kind: 'user', user }, p);
    // Each account's roles in snapshot order, made when first asked (not a scan of every role per policy).
    let byAccount: Map<string, Role[]> | undefined;
    const rolesOf = (account: string): Role[] => {
      if (!byAccount) {
        byAccount = new Map();
        for (const r of ctx.snapshot.roles) pushTo(byAccount, r.account, r);
      }
      return byAccount.get(account) ?? [];
    };
    for (const [key, holders] of byPolicy) {
      const first = holders[0];
      if (!first) continue;
      const { policy } = first;
      const statements = parsePolicy(policy.document, 'identity', 'lenient').document.statements.filter(
        (st) =>
          st.effect === 'Allow' &&
          st.valid &&
          st.conditions.length === 0 &&
          (st.action ?? []).some(
            (a) => a.toLowerCase().startsWith('sts:') && actionMatches(a, ASSUME_ROLE),
          ) &&
          (st.resource ?? []).some(everyRole),
      );
      if (statements.length === 0) continue;
      const holderArns = holders.map((h) => principalArn(h.principal));
      const holding = new Set(holderArns);
      // What the holders really need: the roles they are trusted by, and those CloudTrail shows them assuming.
      const needed = new Set<string>();
      // A trust naming the whole account admits the holder only because of this very wildcard: not a need.
      for (const e of edgesAt(ctx, 'can-assume', 'source', holding)) {
        const target = ctx.index.rolesByArn.get(e.target);
        // A trust naming one session of the holder (an Identity Center user's session) names the holder too.
        if (!target) continue;
        if (e.trustMatch === 'session' || trustOf(target).some((p) => p.value === e.source))
          needed.add(target.arn);
      }
      for (const e of ctx.assumeEvents) {
        const c = callerPrincipal(e);
        const r = roleOfEvent(ctx, e);
        if (e.outcome === 'success' && r && c !== undefined && holding.has(c)) needed.add(r.arn);
      }
      let doc: unknown = policy.document;
      for (const st of [...statements].sort((a, b) => b.index - a.index)) {
        const raw = statementsOf(doc)[st.index] ?? {};
        const resources = listOf(raw.Resource).filter((r) => !everyRole(r));
        const nextResources = [...new Set([...resources, ...[...needed].sort()])];
        const next: Json | undefined =
          nextResources.length > 0 ? { ...raw, Resource: oneOrMany(nextResources) } : undefined;
        doc = replaceStatement(doc, st.index, next);
      }
      const newDocument = doc as Json;
      const holder = first.principal;
      const owner = holder.kind === 'role' ? holder.role : holder.user;
      const managed = policy.arn !== undefined;
      const aws = managed && policy.arn?.startsWith('arn:aws:iam::aws:');
      const { cli, file } = managed
        ? aws
          ? inlinePolicyCli(holder.kind, owner.name, sidOf(`${policy.name}Scoped`))
          : managedPolicyCli(policy.arn as string, policy.name)
        : inlinePolicyCli(holder.kind, owner.name, policy.name);
      const target = [...needed][0];
      const targetRole =
        target !== undefined
          ? ctx.index.rolesByArn.get(target)
          : rolesOf(owner.account).find((r) => r.arn !== owner.arn);
      const identity = [
        ...ctx.index
          .identityPolicies(holder)
          .filter((p) => (p.arn ?? p.name) !== (policy.arn ?? policy.name)),
        { name: policy.name, ...(policy.arn ? { arn: policy.arn } : {}), document: newDocument },
      ];
      out.push(
        finding(this, key, {
          message: `${policy.name} allows sts:AssumeRole on every role; held by ${holderArns.map((a) => a.split('/').pop()).join(', ')}${
            needed.size > 0
              ? `, which need only ${[...needed].map((a) => a.split('/').pop()).join(', ')}`
              : ctx.hasEvents
                ? ', which no role of the snapshot names in its trust and CloudTrail shows assuming none'
                : ', which no role of the snapshot names in its trust (load CloudTrail to see what they assume)'
          }.`,
          nodes: holderArns,
          edges: [],
          evidence: statements.map((st) => ({
            owner: policy.arn ?? principalArn(holder),
            policy: {
              kind: 'identity' as const,
              name: policy.name,
              ...(policy.arn ? { arn: policy.arn } : {}),
            },
            statement: { index: st.index, ...(st.sid ? { sid: st.sid } : {}) },
            text: `Allow ${(st.action ?? []).join(', ')} on ${(st.resource ?? []).join(', ')}.`,
          })),
          fix: {
            summary:
              needed.size > 0
                ? `Limit the statement to the roles it is used for: ${[...needed].join(', ')}.`
                : `Remove sts:AssumeRole on "*" from ${policy.name}: no holder is trusted by any role in the snapshot.`,
            target: policy.arn ?? principalArn(holder),
            policyKind: 'identity',
            removeStatement: { index: statements[0]?.index ?? 0 },
            newDocument,
            cli: aws
              ? `${cli}  # AWS-managed policies cannot be edited: detach ${policy.arn} and attach this scoped copy`
              : cli,
            file,
            ...(targetRole
              ? { recheck: recheckIdentity(ctx, principalArn(holder), targetRole, identity, [...needed]) }
              : {}),
          },
          account: owner.account,
        }),
      );
    }
    return out;
  },
};

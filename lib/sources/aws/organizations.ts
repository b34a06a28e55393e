/**
 * The organisation as its management account (or a delegated administrator) sees it: accounts,
 * OUs, each account's parent, and the SCPs and RCPs with their targets. Every response goes
 * through the same reader as the files of `aws organizations …`.
 */
import type {
  Account as SdkAccount,
  OrganizationalUnit,
  PolicySummary,
  PolicyTargetSummary,
} from '@aws-sdk/client-organizations';
import {
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  ListAccountsCommand,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListPoliciesCommand,
  ListRootsCommand,
  ListTargetsForPolicyCommand,
} from '@aws-sdk/client-organizations';
import type { Account } from '../../model';
import type { OrgFormat } from '../organization';
import { readOrgFile } from '../organization';
import type { ApiFailure } from './call';
import type { AccountContext } from './context';
import { jsonify, mapLimit, tryCall } from './context';

/** Organizations answers from one region per partition. */
export function organizationsRegion(partition: string): string {
  return partition === 'aws-cn'
    ? 'cn-northwest-1'
    : partition === 'aws-us-gov'
      ? 'us-gov-west-1'
      : 'us-east-1';
}

const POLICY_FILTERS = ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'] as const;

export type OrgStructure = { ok: true; accounts: Account[] } | { ok: false; failure: ApiFailure };

/** Reads the organisation into the collector; returns its accounts, or why it could not be read. */
export async function collectOrgStructure(ctx: AccountContext): Promise<OrgStructure> {
  const org = ctx.clients('organizations', organizationsRegion(ctx.partition));
  const pieces = ctx.collector.org;
  const read = (format: OrgFormat, json: unknown, subject?: string): void => {
    for (const w of readOrgFile(
      format,
      jsonify(json),
      `aws:organizations:${format}${subject ? `:${subject}` : ''}`,
      subject,
      pieces,
    ))
      ctx.warn(w);
  };
  /** Follows NextToken to the end. */
  const pages = async <T>(
    action: string,
    what: string,
    fetch: (
      token: string | undefined,
      abortSignal: AbortSignal,
    ) => Promise<{ NextToken?: string | undefined } & T>,
  ): Promise<{ ok: true; value: T[] } | { ok: false; failure: ApiFailure }> => {
    const out: T[] = [];
    let token: string | undefined;
    for (let page = 1; page <= 10_000; page++) {
      const r = await tryCall(ctx, action, what, (s) => fetch(token, s));
      if (!r.ok) return r;
      out.push(r.value);
      if (!r.value.NextToken || r.value.NextToken === token) break;
      token = r.value.NextToken;
    }
    return { ok: true, value: out };
  };

  ctx.progress('organization', 'reading the organisation', { api: 'organizations:DescribeOrganization' });
  const described = await tryCall(ctx, 'organizations:DescribeOrganization', '', (abortSignal) =>
    org.send(new DescribeOrganizationCommand({}), { abortSignal }),
  );
  if (!described.ok) return described;
  read('describe-organization', described.value);

  const roots = await pages('organizations:ListRoots', '', (t, abortSignal) =>
    org.send(new ListRootsCommand(t ? { NextToken: t } : {}), { abortSignal }),
  );
  if (!roots.ok) return roots;
  const rootList = roots.value.flatMap((p) => p.Roots ?? []);
  read('list-roots', { Roots: rootList });

  const accountPages = await pages('organizations:ListAccounts', '', (t, abortSignal) =>
    org.send(new ListAccountsCommand(t ? { NextToken: t } : {}), { abortSignal }),
  );
  if (!accountPages.ok) return accountPages;
  const sdkAccounts: SdkAccount[] = accountPages.value.flatMap((p) => p.Accounts ?? []);
  // Newer answers carry `State` where older ones carried `Status`.
  read('list-accounts', {
    Accounts: sdkAccounts.map((a) => ({ ...a, Status: a.Status ?? a.State })),
  });

  // OUs, breadth first from the roots: an explicit queue, never recursion.
  const queue = rootList.map((r) => r.Id).filter((id): id is string => !!id);
  const visited = new Set(queue);
  for (let parent = queue.shift(); parent !== undefined; parent = queue.shift()) {
    const parentId = parent;
    const ous = await pages(
      'organizations:ListOrganizationalUnitsForParent',
      `for ${parentId}`,
      (t, abortSignal) =>
        org.send(
          new ListOrganizationalUnitsForParentCommand({ ParentId: parentId, ...(t ? { NextToken: t } : {}) }),
          { abortSignal },
        ),
    );
    if (!ous.ok) continue;
    const units: OrganizationalUnit[] = ous.value.flatMap((p) => p.OrganizationalUnits ?? []);
    read('list-organizational-units-for-parent', { OrganizationalUnits: units }, parentId);
    for (const u of units)
      if (u.Id && !visited.has(u.Id)) {
        visited.add(u.Id);
        queue.push(u.Id);
      }
  }

  await mapLimit(sdkAccounts, ctx.opts.concurrency, async (a) => {
    if (!a.Id) return;
    const id = a.Id;
    const r = await tryCall(ctx, 'organizations:ListParents', `for account ${id}`, (abortSignal) =>
      org.send(new ListParentsCommand({ ChildId: id }), { abortSignal }),
    );
    if (r.ok) read('list-parents', r.value, id);
  });

  for (const filter of POLICY_FILTERS) {
    const kind = filter === 'SERVICE_CONTROL_POLICY' ? 'SCPs' : 'RCPs';
    ctx.progress('organization', `reading ${kind}`, { api: 'organizations:ListPolicies' });
    const listed = await pages('organizations:ListPolicies', `for ${kind}`, (t, abortSignal) =>
      org.send(new ListPoliciesCommand({ Filter: filter, ...(t ? { NextToken: t } : {}) }), { abortSignal }),
    );
    if (!listed.ok) continue;
    const summaries: PolicySummary[] = listed.value.flatMap((p) => p.Policies ?? []);
    await mapLimit(summaries, ctx.opts.concurrency, async (s) => {
      if (!s.Id) return;
      const id = s.Id;
      const d = await tryCall(ctx, 'organizations:DescribePolicy', `on policy ${id}`, (abortSignal) =>
        org.send(new DescribePolicyCommand({ PolicyId: id }), { abortSignal }),
      );
      if (!d.ok) return;
      read('describe-policy', d.value, id);
      const targets = await pages(
        'organizations:ListTargetsForPolicy',
        `for policy ${id}`,
        (t, abortSignal) =>
          org.send(new ListTargetsForPolicyCommand({ PolicyId: id, ...(t ? { NextToken: t } : {}) }), {
            abortSignal,
          }),
      );
      if (!targets.ok) return;
      const list: PolicyTargetSummary[] = targets.value.flatMap((p) => p.Targets ?? []);
      read('list-targets-for-policy', { Targets: list }, id);
    });
  }
  return { ok: true, accounts: [...pieces.accounts.values()] };
}

/**
 * IAM Identity Center, read-only, from whichever account can see an instance (the management or a
 * delegated administrator account; any other account lists none, which is an answer, not a gap).
 * An instance lives in one region: `ListInstances` is asked region by region, the home region
 * first, until one answers with an instance. Then its permission sets, the accounts each is
 * provisioned to, the users and groups assigned there, and their names from the identity store.
 * Each answer goes through the reader of the CLI's output file; a failed call leaves the
 * `identity-center` part of this account partial or not read, never an empty Identity Center.
 */
import { DescribeGroupCommand, DescribeUserCommand } from '@aws-sdk/client-identitystore';
import {
  DescribePermissionSetCommand,
  ListAccountAssignmentsCommand,
  ListAccountsForProvisionedPermissionSetCommand,
  ListInstancesCommand,
  ListPermissionSetsCommand,
} from '@aws-sdk/client-sso-admin';
import type { AccountAssignment, IcPrincipalType } from '../../model';
import {
  readDescribeGroup,
  readDescribePermissionSet,
  readDescribeUser,
  readListAccountAssignments,
} from '../identity-center';
import type { AccountContext } from './context';
import { jsonify, mapLimit, tryCall } from './context';
import { pages } from './pages';

interface Instance {
  arn: string;
  storeId: string;
  region: string;
}

/** The first region (home first) whose `ListInstances` names an active instance. */
async function findInstance(ctx: AccountContext, regions: readonly string[]): Promise<Instance | undefined> {
  const order = [ctx.opts.homeRegion, ...regions.filter((r) => r !== ctx.opts.homeRegion)];
  for (const region of order) {
    const sso = ctx.clients('sso', region);
    const listed = await pages(
      ctx,
      'sso:ListInstances',
      `in ${region}`,
      (NextToken, abortSignal) =>
        sso.send(new ListInstancesCommand({ ...(NextToken ? { NextToken } : {}) }), { abortSignal }),
      (p) => p.NextToken,
    );
    for (const i of listed.flatMap((p) => p.Instances ?? []))
      // An instance being created or deleted has no assignments that open a role yet, or any more.
      if (i.InstanceArn && i.IdentityStoreId && (i.Status === undefined || i.Status === 'ACTIVE'))
        return { arn: i.InstanceArn, storeId: i.IdentityStoreId, region };
  }
  return undefined;
}

export async function collectIdentityCenter(ctx: AccountContext, regions: readonly string[]): Promise<void> {
  ctx.progress('identity-center', `account ${ctx.account}: IAM Identity Center instances`, {
    api: 'sso:ListInstances',
  });
  const instance = await findInstance(ctx, regions);
  if (!instance) return;
  const { arn: InstanceArn, region } = instance;
  const sso = ctx.clients('sso', region);
  const file = (call: string): string => `aws:${ctx.account}:sso:${call}:${region}`;
  const sets = (
    await pages(
      ctx,
      'sso:ListPermissionSets',
      `of ${InstanceArn}`,
      (NextToken, abortSignal) =>
        sso.send(new ListPermissionSetsCommand({ InstanceArn, ...(NextToken ? { NextToken } : {}) }), {
          abortSignal,
        }),
      (p) => p.NextToken,
    )
  ).flatMap((p) => p.PermissionSets ?? []);
  ctx.progress('identity-center', `account ${ctx.account}: ${sets.length} permission set(s)`, {
    api: 'sso:DescribePermissionSet',
  });
  const assignments: AccountAssignment[] = [];
  await mapLimit(sets, ctx.opts.concurrency, async (PermissionSetArn) => {
    const d = await tryCall(ctx, 'sso:DescribePermissionSet', PermissionSetArn, (abortSignal) =>
      sso.send(new DescribePermissionSetCommand({ InstanceArn, PermissionSetArn }), { abortSignal }),
    );
    if (d.ok) {
      const ps = readDescribePermissionSet(jsonify(d.value), file('DescribePermissionSet'));
      for (const w of ps.warnings) ctx.warn(w);
      if (ps.value) ctx.collector.addPermissionSet(ps.value);
    }
    const accounts = (
      await pages(
        ctx,
        'sso:ListAccountsForProvisionedPermissionSet',
        `of ${PermissionSetArn}`,
        (NextToken, abortSignal) =>
          sso.send(
            new ListAccountsForProvisionedPermissionSetCommand({
              InstanceArn,
              PermissionSetArn,
              ...(NextToken ? { NextToken } : {}),
            }),
            { abortSignal },
          ),
        (p) => p.NextToken,
      )
    ).flatMap((p) => p.AccountIds ?? []);
    for (const AccountId of accounts) {
      const listed = await pages(
        ctx,
        'sso:ListAccountAssignments',
        `of ${PermissionSetArn} in ${AccountId}`,
        (NextToken, abortSignal) =>
          sso.send(
            new ListAccountAssignmentsCommand({
              InstanceArn,
              AccountId,
              PermissionSetArn,
              ...(NextToken ? { NextToken } : {}),
            }),
            { abortSignal },
          ),
        (p) => p.NextToken,
      );
      const read = readListAccountAssignments(
        jsonify({ AccountAssignments: listed.flatMap((p) => p.AccountAssignments ?? []) }),
        file('ListAccountAssignments'),
      );
      for (const w of read.warnings) ctx.warn(w);
      assignments.push(...(read.value ?? []));
    }
  });
  ctx.collector.addAssignments(assignments);
  await describePrincipals(ctx, instance, assignments);
}

/** The names of the users and groups assigned, from the instance's identity store (optional: ids stay). */
async function describePrincipals(
  ctx: AccountContext,
  instance: Instance,
  assignments: readonly AccountAssignment[],
): Promise<void> {
  const store = ctx.clients('identitystore', instance.region);
  const IdentityStoreId = instance.storeId;
  const unique = new Map<string, { type: IcPrincipalType; id: string }>();
  for (const a of assignments)
    unique.set(`${a.principalType}/${a.principalId}`, { type: a.principalType, id: a.principalId });
  const file = (call: string): string => `aws:${ctx.account}:identitystore:${call}:${instance.region}`;
  await mapLimit([...unique.values()], ctx.opts.concurrency, async ({ type, id }) => {
    if (type === 'USER') {
      const r = await tryCall(ctx, 'identitystore:DescribeUser', id, (abortSignal) =>
        store.send(new DescribeUserCommand({ IdentityStoreId, UserId: id }), { abortSignal }),
      );
      if (!r.ok) return;
      const u = readDescribeUser(jsonify(r.value), file('DescribeUser'));
      for (const w of u.warnings) ctx.warn(w);
      if (u.value) ctx.collector.addIcPrincipal(u.value);
    } else {
      const r = await tryCall(ctx, 'identitystore:DescribeGroup', id, (abortSignal) =>
        store.send(new DescribeGroupCommand({ IdentityStoreId, GroupId: id }), { abortSignal }),
      );
      if (!r.ok) return;
      const g = readDescribeGroup(jsonify(r.value), file('DescribeGroup'));
      for (const w of g.warnings) ctx.warn(w);
      if (g.value) ctx.collector.addIcPrincipal(g.value);
    }
  });
}

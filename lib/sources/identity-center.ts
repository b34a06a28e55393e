/**
 * IAM Identity Center files in the AWS CLI's output shapes (sso-admin and identitystore API references):
 * `aws sso-admin describe-permission-set`, `aws sso-admin list-account-assignments`,
 * `aws identitystore describe-user` and `describe-group`. `list-permission-sets` gives ARNs only, and
 * is read for nothing more than recognising the file.
 */
import { z } from 'zod';
import type { AccountAssignment, IcPrincipal, PermissionSet } from '../model';
import type { Read } from './read';
import { issuesOf, readOk } from './read';

const Describe = z.object({
  PermissionSet: z.object({
    Name: z.string(),
    PermissionSetArn: z.string(),
    Description: z.string().optional(),
    SessionDuration: z.string().optional(),
  }),
});

export const isDescribePermissionSet = (json: unknown): boolean => Describe.safeParse(json).success;

export function readDescribePermissionSet(json: unknown, file: string): Read<PermissionSet> {
  const r = Describe.safeParse(json);
  if (!r.success) return issuesOf(file, 'sso-admin describe-permission-set', r.error);
  const p = r.data.PermissionSet;
  return readOk({
    arn: p.PermissionSetArn,
    name: p.Name,
    ...(p.Description !== undefined ? { description: p.Description } : {}),
    ...(p.SessionDuration !== undefined ? { sessionDuration: p.SessionDuration } : {}),
  });
}

const Assignments = z.object({
  AccountAssignments: z.array(
    z.object({
      AccountId: z.string(),
      PermissionSetArn: z.string(),
      PrincipalType: z.enum(['USER', 'GROUP']),
      PrincipalId: z.string(),
    }),
  ),
});

export const isListAccountAssignments = (json: unknown): boolean => Assignments.safeParse(json).success;

export function readListAccountAssignments(json: unknown, file: string): Read<AccountAssignment[]> {
  const r = Assignments.safeParse(json);
  if (!r.success) return issuesOf(file, 'sso-admin list-account-assignments', r.error);
  return readOk(
    r.data.AccountAssignments.map((a) => ({
      account: a.AccountId,
      permissionSetArn: a.PermissionSetArn,
      principalType: a.PrincipalType,
      principalId: a.PrincipalId,
    })),
  );
}

const User = z.object({
  UserName: z.string(),
  UserId: z.string(),
  IdentityStoreId: z.string(),
  DisplayName: z.string().optional(),
  Emails: z.array(z.object({ Value: z.string().optional() })).optional(),
});
const Group = z.object({
  GroupId: z.string(),
  IdentityStoreId: z.string(),
  DisplayName: z.string(),
});

export const isDescribeUser = (json: unknown): boolean => User.safeParse(json).success;
export const isDescribeGroup = (json: unknown): boolean => Group.safeParse(json).success;

export function readDescribeUser(json: unknown, file: string): Read<IcPrincipal> {
  const r = User.safeParse(json);
  if (!r.success) return issuesOf(file, 'identitystore describe-user', r.error);
  const emails = (r.data.Emails ?? []).map((e) => e.Value).filter((v): v is string => !!v);
  return readOk({
    id: r.data.UserId,
    type: 'USER',
    name: r.data.UserName,
    ...(r.data.DisplayName !== undefined ? { displayName: r.data.DisplayName } : {}),
    ...(emails.length > 0 ? { emails } : {}),
  });
}

export function readDescribeGroup(json: unknown, file: string): Read<IcPrincipal> {
  const r = Group.safeParse(json);
  if (!r.success) return issuesOf(file, 'identitystore describe-group', r.error);
  return readOk({ id: r.data.GroupId, type: 'GROUP', name: r.data.DisplayName });
}

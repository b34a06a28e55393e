import { z } from 'zod';
import { isPlainObject } from './decode';
import type { Read } from './read';
import { issuesOf, readOk } from './read';

/** A role's MaxSessionDuration as `aws iam list-roles` (IAM ListRoles) gives it. */
export interface ListedRole {
  arn: string;
  maxSessionDuration: number;
}

/**
 * The fields depended on. ListRoles omits PermissionsBoundary, RoleLastUsed and Tags, and
 * `AssumeRolePolicyDocument` (URL-encoded in the raw API, an object from the CLI) is not read: the
 * authorization details hold the trust policy; this file adds only the limit they lack.
 */
const ListRoles = z.object({
  Roles: z.array(
    z.object({
      Arn: z.string().regex(/^arn:[^:]+:iam::\d{12}:role\//, 'not a role ARN'),
      RoleName: z.string(),
      // IAM API reference, Role: 3600 to 43200 seconds.
      MaxSessionDuration: z.number().int().min(3600).max(43200),
    }),
  ),
});

/** True for `aws iam list-roles` output (raw API or CLI): a top-level `Roles` list. */
export function isListRoles(json: unknown): boolean {
  return isPlainObject(json) && 'Roles' in json;
}

/** `aws iam list-roles`: each role's ARN and MaxSessionDuration; any field of the wrong shape voids the file. */
export function readListRoles(json: unknown, file: string): Read<ListedRole[]> {
  const r = ListRoles.safeParse(json);
  if (!r.success) return issuesOf(file, 'list-roles', r.error);
  return readOk(r.data.Roles.map((x) => ({ arn: x.Arn, maxSessionDuration: x.MaxSessionDuration })));
}

/**
 * What IAM holds in each collected account of the demo organisation, as plain specs.
 * `authz.ts` renders them in the exact shapes of the IAM API.
 */
import type { RoleSpec } from './iam-types';
import { LAKE_ROLES } from './roles-lake';
import { PLATFORM_ROLES } from './roles-platform';
import { SECURITY_ROLES } from './roles-security';
import { IDENTITY_CENTER_ROLES } from './identity-center';
import { WORKLOAD_ROLES } from './workloads';

export type {
  AccessKeySpec,
  GroupSpec,
  InlinePolicy,
  ManagedPolicySpec,
  RoleSpec,
  UserSpec,
} from './iam-types';
export { DELETED_ROLE_ARN, DELETED_ROLE_TOKEN } from './iam-types';
export { AWS_MANAGED, CUSTOMER_MANAGED } from './managed-policies';
export { GROUPS, USERS } from './principals';

/** Every role, in the order each account's RoleDetailList lists them. */
export const ROLES: readonly RoleSpec[] = [
  ...PLATFORM_ROLES,
  ...LAKE_ROLES,
  ...SECURITY_ROLES,
  ...WORKLOAD_ROLES,
  ...IDENTITY_CENTER_ROLES,
];

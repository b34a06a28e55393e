/**
 * IAM Identity Center, as far as role chains need it: the permission sets, which users and groups are
 * assigned to them in which account, and the `AWSReservedSSO_<PermissionSet>_<hash>` role Identity Center
 * provisions for each assignment in the account (IAM Identity Center User Guide, "Permission sets" and
 * "IAM roles created by IAM Identity Center"). Read from the management or delegated administrator
 * account; optional everywhere.
 */
import type { Role } from './snapshot';

export interface PermissionSet {
  arn: string;
  name: string;
  description?: string;
  /** ISO 8601 duration, e.g. `PT8H`. */
  sessionDuration?: string;
}

export const IC_PRINCIPAL_TYPES = ['USER', 'GROUP'] as const;
export type IcPrincipalType = (typeof IC_PRINCIPAL_TYPES)[number];

export interface AccountAssignment {
  account: string;
  permissionSetArn: string;
  principalType: IcPrincipalType;
  principalId: string;
}

/** A user or group of the identity store. */
export interface IcPrincipal {
  id: string;
  type: IcPrincipalType;
  /** `UserName` of a user, `DisplayName` of a group. */
  name: string;
  displayName?: string;
  emails?: string[];
}

export interface IdentityCenter {
  permissionSets: PermissionSet[];
  assignments: AccountAssignment[];
  principals: IcPrincipal[];
}

export const emptyIdentityCenter = (): IdentityCenter => ({
  permissionSets: [],
  assignments: [],
  principals: [],
});

/**
 * The permission set name an Identity Center role carries: `AWSReservedSSO_<name>_<16 hex>` under
 * `/aws-reserved/sso.amazonaws.com/` (the path may carry a region). A role only named like one, on
 * another path, is not one.
 */
export function permissionSetNameOf(role: Pick<Role, 'name' | 'path'>): string | undefined {
  if (!role.path.startsWith('/aws-reserved/sso.amazonaws.com/')) return undefined;
  return /^AWSReservedSSO_(.+)_[0-9a-f]{16}$/.exec(role.name)?.[1];
}

export interface RoleAssignments {
  permissionSet?: PermissionSet;
  /** The users and groups assigned to the permission set in the role's account, with their names where read. */
  principals: { type: IcPrincipalType; id: string; name?: string }[];
}

/** What Identity Center says about an `AWSReservedSSO_…` role; undefined for any other role. */
export function assignmentsOfRole(ic: IdentityCenter | undefined, role: Role): RoleAssignments | undefined {
  const name = permissionSetNameOf(role);
  if (name === undefined) return undefined;
  const ps = ic?.permissionSets.find((p) => p.name === name);
  if (!ic || !ps) return { principals: [] };
  const names = new Map(ic.principals.map((p) => [`${p.type}/${p.id}`, p.name]));
  const principals = ic.assignments
    .filter((a) => a.account === role.account && a.permissionSetArn === ps.arn)
    .map((a) => {
      const n = names.get(`${a.principalType}/${a.principalId}`);
      return { type: a.principalType, id: a.principalId, ...(n !== undefined ? { name: n } : {}) };
    });
  return { permissionSet: ps, principals };
}

/** The identity-store user a SAML session into an Identity Center role names (its subject is the user name). */
export function icUserBySubject(ic: IdentityCenter | undefined, subject: string): IcPrincipal | undefined {
  const s = subject.toLowerCase();
  return ic?.principals.find(
    (p) =>
      p.type === 'USER' &&
      (p.name.toLowerCase() === s || (p.emails ?? []).some((e) => e.toLowerCase() === s)),
  );
}

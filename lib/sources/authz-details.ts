import { z } from 'zod';
import type {
  Account,
  Group,
  InstanceProfile,
  ManagedPolicy,
  Policy,
  Role,
  Snapshot,
  SnapshotWarning,
  User,
} from '../model';
import { accountOf, MIN_MAX_SESSION_DURATION, nameOf, parseArn } from '../model';
import { decodePolicyDocument, isoDate, isPlainObject, tagsToRecord } from './decode';
import { warning } from './warnings';

const Tag = z.object({ Key: z.string(), Value: z.string().optional() });
// IAM's API marks every field of these details optional, and emulators and hand-made exports do omit
// some: what an ARN holds (names, paths) is derived from it by `fillFromArn`, ids may be absent, and an
// inline policy without a name gets one made from its position. Only an element without an ARN (nothing
// else identifies it) is skipped.
const Inline = z.object({ PolicyName: z.string().optional(), PolicyDocument: z.unknown() });
const Attached = z.object({ PolicyArn: z.string(), PolicyName: z.string().optional() });
const Boundary = z.object({ PermissionsBoundaryArn: z.string() });
const DateLike = z.union([z.string(), z.number()]).optional();

export const InstanceProfileDetail = z.object({
  Path: z.string().default('/'),
  InstanceProfileName: z.string(),
  InstanceProfileId: z.string().optional(),
  Arn: z.string(),
  CreateDate: DateLike,
  Roles: z.array(z.object({ Arn: z.string() })).default([]),
});

const RoleDetail = z.object({
  Path: z.string().default('/'),
  RoleName: z.string(),
  RoleId: z.string().optional(),
  Arn: z.string(),
  CreateDate: DateLike,
  AssumeRolePolicyDocument: z.unknown(),
  InstanceProfileList: z.array(InstanceProfileDetail).default([]),
  RolePolicyList: z.array(Inline).default([]),
  AttachedManagedPolicies: z.array(Attached).default([]),
  PermissionsBoundary: Boundary.optional(),
  Tags: z.array(Tag).default([]),
  RoleLastUsed: z.object({ LastUsedDate: DateLike, Region: z.string().optional() }).optional(),
  MaxSessionDuration: z.number().int().positive().optional(),
});

const UserDetail = z.object({
  Path: z.string().default('/'),
  UserName: z.string(),
  UserId: z.string().optional(),
  Arn: z.string(),
  CreateDate: DateLike,
  GroupList: z.array(z.string()).default([]),
  UserPolicyList: z.array(Inline).default([]),
  AttachedManagedPolicies: z.array(Attached).default([]),
  PermissionsBoundary: Boundary.optional(),
  Tags: z.array(Tag).default([]),
});

const GroupDetail = z.object({
  Path: z.string().default('/'),
  GroupName: z.string(),
  GroupId: z.string().optional(),
  Arn: z.string(),
  GroupPolicyList: z.array(Inline).default([]),
  AttachedManagedPolicies: z.array(Attached).default([]),
});

const ManagedPolicyDetail = z.object({
  PolicyName: z.string(),
  PolicyId: z.string().optional(),
  Arn: z.string(),
  Path: z.string().default('/'),
  DefaultVersionId: z.string().optional(),
  PolicyVersionList: z
    .array(
      z.object({
        Document: z.unknown(),
        VersionId: z.string().optional(),
        IsDefaultVersion: z.boolean().optional(),
      }),
    )
    .default([]),
});

export type AuthzPart = Pick<
  Snapshot,
  'roles' | 'users' | 'groups' | 'managedPolicies' | 'instanceProfiles' | 'accounts'
>;

/** True when the JSON looks like `get-account-authorization-details` output. */
export function isAuthorizationDetails(json: unknown): boolean {
  return (
    isPlainObject(json) &&
    ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'].some((k) => Array.isArray(json[k]))
  );
}

/**
 * Reads `aws iam get-account-authorization-details` output, from the CLI (documents decoded)
 * or the raw API (documents URL-encoded). An element whose fields do not validate is skipped
 * with a warning; an undecodable policy document is left out with a warning, never replaced.
 */
export function readAuthorizationDetails(
  json: unknown,
  file: string,
): { part: AuthzPart; warnings: SnapshotWarning[] } {
  const warnings: SnapshotWarning[] = [];
  const part: AuthzPart = {
    roles: [],
    users: [],
    groups: [],
    managedPolicies: [],
    instanceProfiles: [],
    accounts: [],
  };
  if (!isAuthorizationDetails(json) || !isPlainObject(json)) {
    warnings.push(
      warning(file, 'unsupported-format', `${file}: not get-account-authorization-details output`),
    );
    return { part, warnings };
  }
  const accounts = new Set<string>();
  const profiles = new Map<string, InstanceProfile>();

  const inline = (list: z.infer<typeof Inline>[], owner: string): Policy[] => {
    const out: Policy[] = [];
    for (const [i, p] of list.entries()) {
      const name = p.PolicyName ?? `inline-policy-${i + 1}`;
      if (p.PolicyName === undefined)
        warnings.push(
          warning(
            file,
            'derived-field',
            `${file}: ${owner}, inline policy ${i + 1} has no PolicyName; it is kept as ${name}`,
          ),
        );
      const doc = decodePolicyDocument(p.PolicyDocument);
      if (doc.ok) out.push({ name, document: doc.value });
      else
        warnings.push(
          warning(
            file,
            'invalid-policy-document',
            `${file}: ${owner}, inline policy ${name}: ${doc.error.message}`,
          ),
        );
    }
    return out;
  };

  for (const [i, raw] of listOf(json, 'RoleDetailList').entries()) {
    const r = RoleDetail.safeParse(fillFromArn(raw, 'RoleName', `RoleDetailList[${i}]`, file, warnings));
    if (!r.success) {
      warnings.push(invalid(file, `RoleDetailList[${i}]`, raw, r.error));
      continue;
    }
    const d = r.data;
    const account = accountOf(d.Arn) ?? '';
    accounts.add(account);
    const trust = decodePolicyDocument(d.AssumeRolePolicyDocument);
    if (!trust.ok)
      warnings.push(
        warning(
          file,
          'invalid-policy-document',
          `${file}: role ${d.Arn}, trust policy: ${trust.error.message}`,
        ),
      );
    for (const p of d.InstanceProfileList) mergeProfile(profiles, toProfile(p, account));
    const role: Role = {
      arn: d.Arn,
      name: d.RoleName,
      path: d.Path,
      id: d.RoleId ?? '',
      account,
      // IAM's RoleDetail has no MaxSessionDuration: unknown until list-roles (or a live refresh) gives it.
      maxSessionDuration: d.MaxSessionDuration ?? MIN_MAX_SESSION_DURATION,
      ...(d.MaxSessionDuration === undefined ? { maxSessionDurationKnown: false as const } : {}),
      trustPolicy: trust.ok ? trust.value : undefined,
      inlinePolicies: inline(d.RolePolicyList, `role ${d.Arn}`),
      attachedPolicyArns: d.AttachedManagedPolicies.map((a) => a.PolicyArn),
      tags: tagsToRecord(d.Tags),
      instanceProfileArns: d.InstanceProfileList.map((p) => p.Arn),
    };
    const created = isoDate(d.CreateDate);
    if (created) role.createDate = created;
    if (d.PermissionsBoundary) role.permissionsBoundaryArn = d.PermissionsBoundary.PermissionsBoundaryArn;
    const lastDate = isoDate(d.RoleLastUsed?.LastUsedDate);
    if (lastDate || d.RoleLastUsed?.Region) {
      role.lastUsed = {};
      if (lastDate) role.lastUsed.date = lastDate;
      if (d.RoleLastUsed?.Region) role.lastUsed.region = d.RoleLastUsed.Region;
    }
    part.roles.push(role);
  }

  for (const [i, raw] of listOf(json, 'UserDetailList').entries()) {
    const r = UserDetail.safeParse(fillFromArn(raw, 'UserName', `UserDetailList[${i}]`, file, warnings));
    if (!r.success) {
      warnings.push(invalid(file, `UserDetailList[${i}]`, raw, r.error));
      continue;
    }
    const d = r.data;
    const account = accountOf(d.Arn) ?? '';
    accounts.add(account);
    const user: User = {
      arn: d.Arn,
      name: d.UserName,
      path: d.Path,
      id: d.UserId ?? '',
      account,
      groupNames: d.GroupList,
      inlinePolicies: inline(d.UserPolicyList, `user ${d.Arn}`),
      attachedPolicyArns: d.AttachedManagedPolicies.map((a) => a.PolicyArn),
      tags: tagsToRecord(d.Tags),
      accessKeys: [],
    };
    const created = isoDate(d.CreateDate);
    if (created) user.createDate = created;
    if (d.PermissionsBoundary) user.permissionsBoundaryArn = d.PermissionsBoundary.PermissionsBoundaryArn;
    part.users.push(user);
  }

  for (const [i, raw] of listOf(json, 'GroupDetailList').entries()) {
    const r = GroupDetail.safeParse(fillFromArn(raw, 'GroupName', `GroupDetailList[${i}]`, file, warnings));
    if (!r.success) {
      warnings.push(invalid(file, `GroupDetailList[${i}]`, raw, r.error));
      continue;
    }
    const d = r.data;
    const account = accountOf(d.Arn) ?? '';
    accounts.add(account);
    const group: Group = {
      arn: d.Arn,
      name: d.GroupName,
      path: d.Path,
      id: d.GroupId ?? '',
      account,
      inlinePolicies: inline(d.GroupPolicyList, `group ${d.Arn}`),
      attachedPolicyArns: d.AttachedManagedPolicies.map((a) => a.PolicyArn),
    };
    part.groups.push(group);
  }

  for (const [i, raw] of listOf(json, 'Policies').entries()) {
    const r = ManagedPolicyDetail.safeParse(fillFromArn(raw, 'PolicyName', `Policies[${i}]`, file, warnings));
    if (!r.success) {
      warnings.push(invalid(file, `Policies[${i}]`, raw, r.error));
      continue;
    }
    const d = r.data;
    const version =
      d.PolicyVersionList.find((v) => v.IsDefaultVersion === true) ??
      d.PolicyVersionList.find((v) => d.DefaultVersionId !== undefined && v.VersionId === d.DefaultVersionId);
    if (!version) {
      warnings.push(
        warning(file, 'missing-default-version', `${file}: managed policy ${d.Arn} has no default version`),
      );
      continue;
    }
    const doc = decodePolicyDocument(version.Document);
    if (!doc.ok) {
      warnings.push(
        warning(file, 'invalid-policy-document', `${file}: managed policy ${d.Arn}: ${doc.error.message}`),
      );
      continue;
    }
    const mp: ManagedPolicy = { arn: d.Arn, name: d.PolicyName, path: d.Path, document: doc.value };
    if (d.PolicyId) mp.id = d.PolicyId;
    const account = accountOf(d.Arn);
    if (account) {
      mp.account = account;
      accounts.add(account);
    }
    const defaultVersion = d.DefaultVersionId ?? version.VersionId;
    if (defaultVersion) mp.defaultVersionId = defaultVersion;
    part.managedPolicies.push(mp);
  }

  accounts.delete('');
  part.accounts = [...accounts].sort().map((id): Account => ({ id }));
  part.instanceProfiles = [...profiles.values()];
  return { part, warnings };
}

export function toProfile(
  p: z.infer<typeof InstanceProfileDetail>,
  fallbackAccount: string,
): InstanceProfile {
  return {
    arn: p.Arn,
    name: p.InstanceProfileName,
    path: p.Path,
    id: p.InstanceProfileId ?? '',
    account: accountOf(p.Arn) ?? fallbackAccount,
    roleArns: p.Roles.map((r) => r.Arn),
  };
}

/** Adds a profile, uniting the role lists of two sightings of the same profile. */
export function mergeProfile(into: Map<string, InstanceProfile>, p: InstanceProfile): void {
  const seen = into.get(p.arn);
  if (!seen) into.set(p.arn, { ...p, roleArns: [...p.roleArns] });
  else for (const r of p.roleArns) if (!seen.roleArns.includes(r)) seen.roleArns.push(r);
}

function listOf(json: Record<string, unknown>, key: string): unknown[] {
  const v = json[key];
  return Array.isArray(v) ? v : [];
}

function invalid(file: string, where: string, raw: unknown, error: z.ZodError): SnapshotWarning {
  const name = isPlainObject(raw)
    ? (raw.Arn ?? raw.RoleName ?? raw.UserName ?? raw.GroupName ?? raw.PolicyName)
    : undefined;
  const label = typeof name === 'string' ? `${where} (${name})` : where;
  const issues = error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  return warning(file, 'invalid-field', `${file}: ${label}: ${issues}`);
}

/** `arn:aws:iam::123456789012:role/data/etl` → `/data/` (IAM's path: every segment between type and name). */
function pathOfArn(arn: string): string | undefined {
  const a = parseArn(arn);
  if (!a) return undefined;
  const parts = a.resource.split('/');
  if (parts.length < 2) return undefined;
  return parts.length === 2 ? '/' : `/${parts.slice(1, -1).join('/')}/`;
}

/**
 * A copy of one detail element with the name (and path) its ARN holds filled in where the element omits
 * them, one `derived-field` warning per element saying what was derived. An element with no ARN, or not
 * an object, is returned as is (the schema then rejects it with its own warning). Nested instance
 * profiles of a role are filled the same way.
 */
function fillFromArn(
  raw: unknown,
  nameKey: string,
  where: string,
  file: string,
  warnings: SnapshotWarning[],
): unknown {
  if (!isPlainObject(raw) || typeof raw.Arn !== 'string' || parseArn(raw.Arn) === undefined) return raw;
  const derived: string[] = [];
  const out: Record<string, unknown> = { ...raw };
  const fill = (o: Record<string, unknown>, key: string, label: string): void => {
    const arn = o.Arn as string;
    if (o[key] === undefined || o[key] === null || o[key] === '') {
      o[key] = nameOf(arn);
      derived.push(`${label}${key} from its ARN`);
    }
    if (o.Path === undefined || o.Path === null) {
      const path = pathOfArn(arn);
      if (path !== undefined) {
        o.Path = path;
        if (path !== '/') derived.push(`${label}Path from its ARN`);
      }
    }
  };
  fill(out, nameKey, '');
  if (nameKey === 'RoleName' && Array.isArray(raw.InstanceProfileList))
    out.InstanceProfileList = (raw.InstanceProfileList as unknown[]).map((p, j): unknown => {
      if (!isPlainObject(p) || typeof p.Arn !== 'string') return p;
      const copy: Record<string, unknown> = { ...p };
      fill(copy, 'InstanceProfileName', `InstanceProfileList[${j}].`);
      return copy;
    });
  if (derived.length > 0)
    warnings.push(
      warning(
        file,
        'derived-field',
        `${file}: ${where} (${raw.Arn}): ${derived.join(', ')}; the rest is kept`,
      ),
    );
  return out;
}

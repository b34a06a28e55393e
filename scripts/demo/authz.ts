/** Renders the IAM specs in the exact shapes of the IAM API, as the AWS CLI prints them. */
import {
  GITHUB_OIDC_ARN,
  GITHUB_OIDC_HOST,
  LAKE,
  PLATFORM,
  SAML_PROVIDER_ARN,
  SECURITY,
  profileArn,
  roleArn,
  userArn,
} from './catalog';
import {
  AWS_MANAGED,
  CUSTOMER_MANAGED,
  DELETED_ROLE_ARN,
  DELETED_ROLE_TOKEN,
  GROUPS,
  ROLES,
  USERS,
} from './iam-specs';
import type { InlinePolicy, ManagedPolicySpec, RoleSpec } from './iam-specs';
import type { Json, PolicyDoc } from './policy';
import type { Ids } from './rng';
import { cliTime, daysAgo } from './time';
import { IC_SAML_PROVIDER_ARN } from './identity-center';
import { EKS_OIDC_ARN_LAKE, EKS_OIDC_ID, eksOidcProvider } from './workloads';

/** The raw IAM API returns policy documents URL-encoded (RFC 3986); the CLI decodes them. */
type Encode = (d: PolicyDoc) => Json;

const decoded: Encode = (d) => d as unknown as Json;
const urlEncoded: Encode = (d) => encodeURIComponent(JSON.stringify(d));

/** Ids of the entities, stable across runs. */
export const roleId = (ids: Ids, arn: string): string => ids.iam('AROA', arn);
export const userId = (ids: Ids, arn: string): string => ids.iam('AIDA', arn);
export const policyId = (ids: Ids, arn: string): string => ids.iam('ANPA', arn);
export const profileId = (ids: Ids, arn: string): string => ids.iam('AIPA', arn);
export const groupId = (ids: Ids, arn: string): string => ids.iam('AGPA', arn);
export const accessKeyId = (ids: Ids, user: string, n: number): string => ids.iam('AKIA', `${user}#${n}`, 16);

const arnOfRole = (r: RoleSpec): string => roleArn(r.account, r.name, r.path);

/** The trust policy with the deleted principal's token replaced by its AROA id. */
function trustOf(ids: Ids, r: RoleSpec): PolicyDoc {
  const text = JSON.stringify(r.trust);
  if (!text.includes(DELETED_ROLE_TOKEN)) return r.trust;
  return JSON.parse(
    text.split(JSON.stringify(DELETED_ROLE_TOKEN)).join(JSON.stringify(roleId(ids, DELETED_ROLE_ARN))),
  ) as PolicyDoc;
}

const tagList = (tags: Record<string, string>) =>
  Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
const inlineList = (list: InlinePolicy[], enc: Encode) =>
  list.map((p) => ({ PolicyName: p.name, PolicyDocument: enc(p.doc) }));
const attachedList = (arns: string[]) =>
  arns.map((arn) => ({ PolicyName: arn.slice(arn.lastIndexOf('/') + 1), PolicyArn: arn }));

/** A role as it appears inside an instance profile: no policies, no tags. */
function roleSummary(ids: Ids, r: RoleSpec, enc: Encode) {
  const arn = arnOfRole(r);
  return {
    Path: r.path ?? '/',
    RoleName: r.name,
    RoleId: roleId(ids, arn),
    Arn: arn,
    CreateDate: r.created,
    AssumeRolePolicyDocument: enc(trustOf(ids, r)),
  };
}

/** An instance profile no role is in any more: it was presto-instance-role's, deleted with its role. */
const ORPHAN_PROFILE = {
  account: PLATFORM,
  name: 'presto-instance-profile',
  created: '2023-03-02T11:58:20+00:00',
};

function profileOf(ids: Ids, r: RoleSpec, enc: Encode) {
  if (r.profile === undefined) return undefined;
  const arn = profileArn(r.account, r.profile.name);
  return {
    Path: '/',
    InstanceProfileName: r.profile.name,
    InstanceProfileId: profileId(ids, arn),
    Arn: arn,
    CreateDate: r.profile.created,
    Roles: [roleSummary(ids, r, enc)],
  };
}

const rolesIn = (account: string) => ROLES.filter((r) => r.account === account);

function policiesIn(account: string): ManagedPolicySpec[] {
  const attachedHere = new Set<string>();
  for (const r of rolesIn(account)) r.attached.forEach((a) => attachedHere.add(a));
  for (const u of USERS.filter((x) => x.account === account)) u.attached.forEach((a) => attachedHere.add(a));
  for (const g of GROUPS.filter((x) => x.account === account)) g.attached.forEach((a) => attachedHere.add(a));
  // Without a filter, the API lists every customer-managed policy and the AWS-managed ones in use.
  return [
    ...CUSTOMER_MANAGED.filter((p) => p.account === account),
    ...AWS_MANAGED.filter((p) => attachedHere.has(p.arn)),
  ];
}

function countAttachments(account: string, arn: string): { attachments: number; boundaries: number } {
  const roles = rolesIn(account);
  const users = USERS.filter((x) => x.account === account);
  const groups = GROUPS.filter((x) => x.account === account);
  const attachments =
    roles.filter((r) => r.attached.includes(arn)).length +
    users.filter((u) => u.attached.includes(arn)).length +
    groups.filter((g) => g.attached.includes(arn)).length;
  const boundaries = roles.filter((r) => r.boundary === arn).length;
  return { attachments, boundaries };
}

/** `aws iam get-account-authorization-details` for one account. */
export function authorizationDetails(ids: Ids, account: string, urlEncodedDocs: boolean) {
  const enc = urlEncodedDocs ? urlEncoded : decoded;
  const UserDetailList = USERS.filter((u) => u.account === account).map((u) => {
    const arn = userArn(u.account, u.name, u.path);
    return {
      Path: u.path ?? '/',
      UserName: u.name,
      UserId: userId(ids, arn),
      Arn: arn,
      CreateDate: u.created,
      ...(u.inline.length > 0 ? { UserPolicyList: inlineList(u.inline, enc) } : {}),
      GroupList: u.groups,
      AttachedManagedPolicies: attachedList(u.attached),
      Tags: tagList(u.tags),
    };
  });
  const GroupDetailList = GROUPS.filter((g) => g.account === account).map((g) => {
    const arn = `arn:aws:iam::${g.account}:group/${g.name}`;
    return {
      Path: '/',
      GroupName: g.name,
      GroupId: groupId(ids, arn),
      Arn: arn,
      CreateDate: g.created,
      GroupPolicyList: inlineList(g.inline, enc),
      AttachedManagedPolicies: attachedList(g.attached),
    };
  });
  const RoleDetailList = rolesIn(account).map((r) => {
    const arn = arnOfRole(r);
    const profile = profileOf(ids, r, enc);
    return {
      Path: r.path ?? '/',
      RoleName: r.name,
      RoleId: roleId(ids, arn),
      Arn: arn,
      CreateDate: r.created,
      AssumeRolePolicyDocument: enc(trustOf(ids, r)),
      InstanceProfileList: profile === undefined ? [] : [profile],
      RolePolicyList: inlineList(r.inline, enc),
      AttachedManagedPolicies: attachedList(r.attached),
      ...(r.boundary === undefined
        ? {}
        : { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: r.boundary } }),
      Tags: tagList(r.tags),
      RoleLastUsed:
        r.lastUsedDaysAgo === undefined
          ? {}
          : {
              LastUsedDate: cliTime(daysAgo(r.lastUsedDaysAgo, r.lastUsedDaysAgo === 0 ? 11 : 16, 7)),
              Region: r.lastUsedRegion ?? 'us-west-2',
            },
    };
  });
  const Policies = policiesIn(account).map((p) => {
    const { attachments, boundaries } = countAttachments(account, p.arn);
    const last = p.versions[p.versions.length - 1]!;
    return {
      PolicyName: p.name,
      PolicyId: policyId(ids, p.arn),
      Arn: p.arn,
      Path: p.path,
      DefaultVersionId: last.id,
      AttachmentCount: attachments,
      PermissionsBoundaryUsageCount: boundaries,
      IsAttachable: true,
      CreateDate: p.created,
      UpdateDate: p.updated,
      PolicyVersionList: [...p.versions].reverse().map((v) => ({
        Document: enc(v.doc),
        VersionId: v.id,
        IsDefaultVersion: v.id === last.id,
        CreateDate: v.created,
      })),
    };
  });
  return { UserDetailList, GroupDetailList, RoleDetailList, Policies };
}

/**
 * `aws iam list-roles`: each role without its policies, tags or last use (ListRoles omits them), with
 * the MaxSessionDuration that get-account-authorization-details does not carry.
 */
export function listRoles(ids: Ids, account: string, urlEncodedDocs: boolean) {
  const enc = urlEncodedDocs ? urlEncoded : decoded;
  return {
    Roles: rolesIn(account).map((r) => ({
      ...roleSummary(ids, r, enc),
      MaxSessionDuration: r.maxSessionDuration ?? 3600,
    })),
  };
}

/** `aws iam list-instance-profiles`: includes profiles whose role was removed. */
export function listInstanceProfiles(ids: Ids, account: string) {
  const profiles = rolesIn(account)
    .map((r) => profileOf(ids, r, decoded))
    .filter((p) => p !== undefined);
  if (account === ORPHAN_PROFILE.account) {
    const arn = profileArn(account, ORPHAN_PROFILE.name);
    profiles.push({
      Path: '/',
      InstanceProfileName: ORPHAN_PROFILE.name,
      InstanceProfileId: profileId(ids, arn),
      Arn: arn,
      CreateDate: ORPHAN_PROFILE.created,
      Roles: [],
    });
  }
  profiles.sort((a, b) => a.InstanceProfileName.localeCompare(b.InstanceProfileName));
  return { InstanceProfiles: profiles };
}

export const CREDENTIAL_REPORT_HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,' +
  'access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,' +
  'access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,' +
  'cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';

/** The decoded CSV of `aws iam get-credential-report`. */
export function credentialReport(account: string): string {
  const rootCreated: Record<string, string> = {
    [SECURITY]: '2021-02-02T08:47:55+00:00',
    [LAKE]: '2021-02-03T10:15:07+00:00',
  };
  const rows = [CREDENTIAL_REPORT_HEADER];
  rows.push(
    [
      '<root_account>',
      `arn:aws:iam::${account}:root`,
      rootCreated[account] ?? '2021-02-01T09:00:00+00:00',
      'not_supported',
      account === '100000000001' ? cliTime(daysAgo(212, 9, 14)) : 'no_information',
      'not_supported',
      'not_supported',
      'true',
      'false',
      'N/A',
      'N/A',
      'N/A',
      'N/A',
      'false',
      'N/A',
      'N/A',
      'N/A',
      'N/A',
      'false',
      'N/A',
      'false',
      'N/A',
    ].join(','),
  );
  for (const u of USERS.filter((x) => x.account === account)) {
    const key = (n: 0 | 1) => {
      const k = u.keys[n];
      if (k === undefined) return ['false', 'N/A', 'N/A', 'N/A', 'N/A'];
      return [
        String(k.active),
        cliTime(daysAgo(k.createdDaysAgo, 9, 30)),
        k.lastUsedDaysAgo === undefined ? 'N/A' : cliTime(daysAgo(k.lastUsedDaysAgo, 10, 0)),
        k.lastUsedRegion ?? 'N/A',
        k.lastUsedService ?? 'N/A',
      ];
    };
    const password = u.passwordChangedDaysAgo !== undefined;
    rows.push(
      [
        u.name,
        userArn(u.account, u.name, u.path),
        u.created,
        String(password),
        password && u.passwordLastUsedDaysAgo !== undefined
          ? cliTime(daysAgo(u.passwordLastUsedDaysAgo, 8, 52))
          : 'N/A',
        password ? cliTime(daysAgo(u.passwordChangedDaysAgo ?? 0, 8, 40)) : 'N/A',
        'N/A',
        String(u.mfa),
        ...key(0),
        ...key(1),
        'false',
        'N/A',
        'false',
        'N/A',
      ].join(','),
    );
  }
  return rows.join('\n') + '\n';
}

/** Access keys of the users of an account, for CloudTrail. */
export function activeAccessKey(ids: Ids, account: string, user: string): string {
  return accessKeyId(ids, userArn(account, user), 0);
}

export function oidcProviders(account: string): { list: unknown; providers: Record<string, unknown> } {
  if (account !== LAKE) return { list: { OpenIDConnectProviderList: [] }, providers: {} };
  return {
    list: { OpenIDConnectProviderList: [{ Arn: EKS_OIDC_ARN_LAKE }, { Arn: GITHUB_OIDC_ARN }] },
    providers: {
      [EKS_OIDC_ID]: eksOidcProvider,
      [GITHUB_OIDC_HOST]: {
        Url: GITHUB_OIDC_HOST,
        ClientIDList: ['sts.amazonaws.com'],
        ThumbprintList: [
          '6938fd4d98bab03faadb97b34396831e3780aea1',
          '1c58a3a8518e8759bf075b76b750d4f2df264fcd',
        ],
        CreateDate: '2025-03-19T08:10:02.514000+00:00',
        Tags: [],
      },
    },
  };
}

export function samlProviders(account: string): unknown {
  // The provider Identity Center creates in each account it provisions a permission set to.
  if (account === LAKE)
    return {
      SAMLProviderList: [
        {
          Arn: IC_SAML_PROVIDER_ARN,
          ValidUntil: '2125-06-03T09:12:40+00:00',
          CreateDate: '2025-06-03T09:12:40+00:00',
        },
      ],
    };
  if (account !== SECURITY) return { SAMLProviderList: [] };
  return {
    SAMLProviderList: [
      {
        Arn: SAML_PROVIDER_ARN,
        ValidUntil: '2121-02-05T09:58:31+00:00',
        CreateDate: '2021-02-05T09:58:31+00:00',
      },
    ],
  };
}

/**
 * Writes a model snapshot back out in AWS's own format: one `get-account-authorization-details`
 * document per account (as the AWS CLI prints it), in the layout of `demo/`, so benchmarks load
 * generated organisations through the same readers as users' files.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Policy, Snapshot } from '../lib/model';

const tags = (t: Record<string, string>) => Object.entries(t).map(([Key, Value]) => ({ Key, Value }));
const inline = (ps: Policy[], key: 'RolePolicyList' | 'UserPolicyList' | 'GroupPolicyList') => ({
  [key]: ps.map((p) => ({ PolicyName: p.name, PolicyDocument: p.document })),
});
const DATE = '2025-01-01T00:00:00Z';

export function authzDocuments(s: Snapshot): Map<string, unknown> {
  const policyName = new Map(s.managedPolicies.map((p) => [p.arn, p.name]));
  const attached = (arns: string[]) =>
    arns.map((a) => ({ PolicyName: policyName.get(a) ?? a.split('/').pop(), PolicyArn: a }));
  const profilesByRole = new Map<string, typeof s.instanceProfiles>();
  for (const p of s.instanceProfiles)
    for (const r of p.roleArns) profilesByRole.set(r, [...(profilesByRole.get(r) ?? []), p]);
  const accounts = new Set([...s.roles, ...s.users, ...s.groups].map((x) => x.account));
  const out = new Map<string, unknown>();
  for (const account of accounts) {
    const roleDetail = (r: Snapshot['roles'][number]) => ({
      Path: r.path,
      RoleName: r.name,
      RoleId: r.id,
      Arn: r.arn,
      CreateDate: r.createDate ?? DATE,
      AssumeRolePolicyDocument: r.trustPolicy,
      InstanceProfileList: (profilesByRole.get(r.arn) ?? []).map((p) => ({
        Path: p.path,
        InstanceProfileName: p.name,
        InstanceProfileId: p.id,
        Arn: p.arn,
        CreateDate: DATE,
        Roles: [
          {
            Path: r.path,
            RoleName: r.name,
            RoleId: r.id,
            Arn: r.arn,
            CreateDate: DATE,
            AssumeRolePolicyDocument: r.trustPolicy,
          },
        ],
      })),
      ...inline(r.inlinePolicies, 'RolePolicyList'),
      AttachedManagedPolicies: attached(r.attachedPolicyArns),
      ...(r.permissionsBoundaryArn
        ? {
            PermissionsBoundary: {
              PermissionsBoundaryType: 'Policy',
              PermissionsBoundaryArn: r.permissionsBoundaryArn,
            },
          }
        : {}),
      Tags: tags(r.tags),
      // As the CLI prints it: an offset rather than `Z`, and `{}` for a role never used.
      RoleLastUsed: r.lastUsed?.date
        ? { LastUsedDate: r.lastUsed.date.replace(/Z$/, '+00:00'), Region: r.lastUsed.region ?? 'us-east-1' }
        : {},
    });
    out.set(account, {
      UserDetailList: s.users
        .filter((u) => u.account === account)
        .map((u) => ({
          Path: u.path,
          UserName: u.name,
          UserId: u.id,
          Arn: u.arn,
          CreateDate: u.createDate ?? DATE,
          ...inline(u.inlinePolicies, 'UserPolicyList'),
          GroupList: u.groupNames,
          AttachedManagedPolicies: attached(u.attachedPolicyArns),
          Tags: tags(u.tags),
        })),
      GroupDetailList: s.groups
        .filter((g) => g.account === account)
        .map((g) => ({
          Path: g.path,
          GroupName: g.name,
          GroupId: g.id,
          Arn: g.arn,
          CreateDate: DATE,
          ...inline(g.inlinePolicies, 'GroupPolicyList'),
          AttachedManagedPolicies: attached(g.attachedPolicyArns),
        })),
      RoleDetailList: s.roles.filter((r) => r.account === account).map(roleDetail),
      // Customer-managed policies of this account, and every AWS-managed one (IAM lists those in each account).
      Policies: s.managedPolicies
        .filter((p) => p.account === account || p.account === undefined)
        .map((p, i) => ({
          PolicyName: p.name,
          PolicyId: p.id ?? `ANPA${String(i).padStart(17, '0')}`,
          Arn: p.arn,
          Path: p.path,
          DefaultVersionId: p.defaultVersionId ?? 'v1',
          AttachmentCount: 1,
          PermissionsBoundaryUsageCount: 0,
          IsAttachable: true,
          CreateDate: DATE,
          UpdateDate: DATE,
          PolicyVersionList: [
            {
              Document: p.document,
              VersionId: p.defaultVersionId ?? 'v1',
              IsDefaultVersion: true,
              CreateDate: DATE,
            },
          ],
        })),
    });
  }
  return out;
}

/** Writes `accounts/<id>/iam/get-account-authorization-details.json` under `dir`; returns the bytes written. */
export function writeAuthz(s: Snapshot, dir: string): number {
  let bytes = 0;
  for (const [account, doc] of authzDocuments(s)) {
    const folder = join(dir, 'accounts', account, 'iam');
    mkdirSync(folder, { recursive: true });
    const text = JSON.stringify(doc);
    writeFileSync(join(folder, 'get-account-authorization-details.json'), text);
    bytes += text.length;
  }
  return bytes;
}

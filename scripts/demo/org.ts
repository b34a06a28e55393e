/** AWS Organizations files: the organisation, its OUs, accounts, SCPs and RCPs. */
import { ACCOUNTS, MGMT, ORG_ID, OU_SECURITY, OU_WORKLOADS, ROOT_ID } from './catalog';
import { doc } from './policy';
import type { PolicyDoc } from './policy';

const orgArn = (kind: string, id: string) => `arn:aws:organizations::${MGMT}:${kind}/${ORG_ID}/${id}`;
const rootArn = `arn:aws:organizations::${MGMT}:root/${ORG_ID}/${ROOT_ID}`;
const accountArn = (id: string) => `arn:aws:organizations::${MGMT}:account/${ORG_ID}/${id}`;
const ouArn = (id: string) => orgArn('ou', id);

const OUS = [
  { Id: OU_WORKLOADS, Name: 'Workloads' },
  { Id: OU_SECURITY, Name: 'Security' },
];

interface OrgPolicySpec {
  id: string;
  name: string;
  description: string;
  type: 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY';
  awsManaged: boolean;
  doc: PolicyDoc;
  targets: string[];
}

const ALL_TARGETS = [ROOT_ID, OU_WORKLOADS, OU_SECURITY, ...ACCOUNTS.map((a) => a.id)];

/**
 * AWS attaches FullAWSAccess and RCPFullAWSAccess to the root, every OU and every account when the
 * policy type is enabled; a policy engine that walks the levels must find them at each one.
 */
const POLICIES: readonly OrgPolicySpec[] = [
  {
    id: 'p-FullAWSAccess',
    name: 'FullAWSAccess',
    description: 'Allows access to every operation',
    type: 'SERVICE_CONTROL_POLICY',
    awsManaged: true,
    doc: doc({ Effect: 'Allow', Action: '*', Resource: '*' }),
    targets: ALL_TARGETS,
  },
  {
    id: 'p-rc7kq2xv9d',
    name: 'deny-leave-org-and-trail-tampering',
    description: 'Member accounts may not leave the organisation or stop, delete or change CloudTrail',
    type: 'SERVICE_CONTROL_POLICY',
    awsManaged: false,
    doc: doc(
      {
        Sid: 'DenyLeaveOrganization',
        Effect: 'Deny',
        Action: 'organizations:LeaveOrganization',
        Resource: '*',
      },
      {
        Sid: 'DenyCloudTrailTampering',
        Effect: 'Deny',
        Action: [
          'cloudtrail:StopLogging',
          'cloudtrail:DeleteTrail',
          'cloudtrail:UpdateTrail',
          'cloudtrail:PutEventSelectors',
        ],
        Resource: '*',
        Condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/AcmeOktaAdmin' } },
      },
    ),
    targets: [OU_WORKLOADS],
  },
  {
    id: 'p-RCPFullAWSAccess',
    name: 'RCPFullAWSAccess',
    description: 'Allows access to every operation',
    type: 'RESOURCE_CONTROL_POLICY',
    awsManaged: true,
    doc: doc({ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }),
    targets: ALL_TARGETS,
  },
  {
    id: 'p-rc3m8wz1tb',
    name: 'enforce-s3-tls',
    description: 'Every S3 request to a workload bucket must use TLS',
    type: 'RESOURCE_CONTROL_POLICY',
    awsManaged: false,
    doc: doc({
      Sid: 'EnforceSecureTransport',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: '*',
      Condition: { BoolIfExists: { 'aws:SecureTransport': 'false' } },
    }),
    targets: [OU_WORKLOADS],
  },
];

function targetOf(id: string) {
  if (id === ROOT_ID) return { TargetId: id, Arn: rootArn, Name: 'Root', Type: 'ROOT' };
  const ou = OUS.find((o) => o.Id === id);
  if (ou) return { TargetId: id, Arn: ouArn(id), Name: ou.Name, Type: 'ORGANIZATIONAL_UNIT' };
  const account = ACCOUNTS.find((a) => a.id === id);
  return { TargetId: id, Arn: accountArn(id), Name: account?.name ?? id, Type: 'ACCOUNT' };
}

const policyArnOf = (p: OrgPolicySpec) =>
  p.awsManaged
    ? `arn:aws:organizations::aws:policy/${p.type.toLowerCase()}/${p.id}`
    : `arn:aws:organizations::${MGMT}:policy/${ORG_ID}/${p.type.toLowerCase()}/${p.id}`;

/** Every organisation file, path (relative to `organization/`) → JSON value. */
export function organizationFiles(): Record<string, unknown> {
  const files: Record<string, unknown> = {};
  files['describe-organization.json'] = {
    Organization: {
      Id: ORG_ID,
      Arn: `arn:aws:organizations::${MGMT}:organization/${ORG_ID}`,
      FeatureSet: 'ALL',
      MasterAccountArn: `arn:aws:organizations::${MGMT}:account/${ORG_ID}/${MGMT}`,
      MasterAccountId: MGMT,
      MasterAccountEmail: ACCOUNTS.find((a) => a.id === MGMT)!.email,
      AvailablePolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }],
    },
  };
  files['list-roots.json'] = {
    Roots: [
      {
        Id: ROOT_ID,
        Arn: rootArn,
        Name: 'Root',
        PolicyTypes: [
          { Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' },
          { Type: 'RESOURCE_CONTROL_POLICY', Status: 'ENABLED' },
        ],
      },
    ],
  };
  files['list-accounts.json'] = {
    Accounts: ACCOUNTS.map((a) => ({
      Id: a.id,
      Arn: accountArn(a.id),
      Email: a.email,
      Name: a.name,
      Status: 'ACTIVE',
      State: 'ACTIVE',
      JoinedMethod: 'CREATED',
      JoinedTimestamp: a.joined,
    })),
  };
  files[`list-organizational-units-for-parent/${ROOT_ID}.json`] = {
    OrganizationalUnits: OUS.map((o) => ({ Id: o.Id, Arn: ouArn(o.Id), Name: o.Name })),
  };
  for (const ou of OUS)
    files[`list-organizational-units-for-parent/${ou.Id}.json`] = { OrganizationalUnits: [] };
  for (const a of ACCOUNTS) {
    files[`list-parents/${a.id}.json`] = {
      Parents: [{ Id: a.parent, Type: a.parent === ROOT_ID ? 'ROOT' : 'ORGANIZATIONAL_UNIT' }],
    };
  }
  for (const p of POLICIES) {
    files[`describe-policy/${p.id}.json`] = {
      Policy: {
        PolicySummary: {
          Id: p.id,
          Arn: policyArnOf(p),
          Name: p.name,
          Description: p.description,
          Type: p.type,
          AwsManaged: p.awsManaged,
        },
        Content: JSON.stringify(p.doc, null, 4),
      },
    };
    files[`list-targets-for-policy/${p.id}.json`] = { Targets: p.targets.map(targetOf) };
  }
  return files;
}

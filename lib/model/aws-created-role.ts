/**
 * Roles that AWS services create (or that their documented set-up has you create under a fixed name) to
 * manage an account from elsewhere in the organisation. Their cross-account trust is by design, so the
 * findings explain them instead of reporting a vendor trust — but only when the trust has the documented
 * shape: a role merely *named* like one, trusting something else, is not recognised.
 *
 * Sources (AWS documentation): AWS Organizations User Guide, "Accessing a member account that has a
 * management account access role"; AWS Control Tower User Guide, "Roles and accounts" and "Enroll an
 * existing account"; AWS CloudFormation User Guide, "Grant self-managed permissions" and "Activate trusted
 * access with AWS Organizations" (service-managed StackSets); IAM Identity Center User Guide,
 * "Permission sets" (roles under `/aws-reserved/sso.amazonaws.com/`).
 */

export const AWS_CREATORS = [
  'AWS Organizations',
  'AWS Control Tower',
  'CloudFormation StackSets',
  'IAM Identity Center',
] as const;
export type AwsCreator = (typeof AWS_CREATORS)[number];

export interface AwsCreatedRole {
  creator: AwsCreator;
  /** Who the documented trust admits, in words. */
  trusts: string;
  /** One sentence for the finding and the node card. */
  explanation: string;
}

interface Kind extends AwsCreatedRole {
  name: (name: string, path: string) => boolean;
  /** The principal forms the documented trust uses (`root` for the account). */
  principal: (value: string) => boolean;
}

const ROOT = /^arn:aws[a-z-]*:iam::\d{12}:root$|^\d{12}$/;
const roleNamed = (re: RegExp) => (v: string) => /^arn:aws[a-z-]*:iam::\d{12}:role\//.test(v) && re.test(v);

const KINDS: readonly Kind[] = [
  {
    creator: 'AWS Organizations',
    name: (n) => n === 'OrganizationAccountAccessRole',
    principal: (v) => ROOT.test(v),
    trusts: "the organisation's management account",
    explanation:
      'AWS Organizations creates OrganizationAccountAccessRole in every account it creates, trusting the management account so that its administrators can manage the member account.',
  },
  {
    creator: 'AWS Control Tower',
    name: (n) => n === 'AWSControlTowerExecution',
    principal: (v) => ROOT.test(v),
    trusts: "the organisation's management account",
    explanation:
      'AWS Control Tower uses AWSControlTowerExecution, trusting the management account, to set up and govern each enrolled account.',
  },
  {
    creator: 'AWS Control Tower',
    name: (n) => n.startsWith('aws-controltower-'),
    principal: (v) => ROOT.test(v) || roleNamed(/:role\/(.*\/)?aws-controltower-[^/]+$/)(v),
    trusts: "the landing zone's management or audit account",
    explanation:
      'AWS Control Tower creates the aws-controltower-* roles in enrolled accounts; the execution roles trust the audit account’s aws-controltower-Audit* roles.',
  },
  {
    creator: 'CloudFormation StackSets',
    name: (n) => n === 'AWSCloudFormationStackSetExecutionRole',
    principal: (v) =>
      ROOT.test(v) || roleNamed(/:role\/(.*\/)?AWSCloudFormationStackSetAdministrationRole$/)(v),
    trusts: 'the StackSets administrator account',
    explanation:
      'CloudFormation StackSets with self-managed permissions run as AWSCloudFormationStackSetExecutionRole in each target account, trusting the administrator account that deploys the stack sets.',
  },
  {
    creator: 'CloudFormation StackSets',
    name: (n) => /^stacksets-exec-[0-9a-f]{32}$/.test(n),
    principal: roleNamed(
      /:role\/aws-service-role\/stacksets\.cloudformation\.amazonaws\.com\/AWSServiceRoleForCloudFormationStackSetsOrgAdmin$/,
    ),
    trusts: "the management account's AWSServiceRoleForCloudFormationStackSetsOrgAdmin",
    explanation:
      'CloudFormation StackSets with service-managed permissions create stacksets-exec-… in each target account, trusting the management account’s StackSets service-linked role.',
  },
  {
    creator: 'IAM Identity Center',
    name: (n, p) => n.startsWith('AWSReservedSSO_') && p.startsWith('/aws-reserved/sso.amazonaws.com/'),
    principal: (v) => /:saml-provider\/AWSSSO_[^/]+_DO_NOT_DELETE$/.test(v),
    trusts: "the account's IAM Identity Center SAML provider",
    explanation:
      'IAM Identity Center creates one AWSReservedSSO_<permission set>_<id> role per permission set assigned to the account, trusting its own SAML provider; Identity Center manages it, not IAM.',
  },
];

/** The AWS-created kind of a role, by its name and path alone (what the card shows). */
export function awsCreatedRole(role: { name: string; path: string }): AwsCreatedRole | undefined {
  const k = KINDS.find((x) => x.name(role.name, role.path));
  return k && { creator: k.creator, trusts: k.trusts, explanation: k.explanation };
}

/** True when the role is an AWS-created kind and the trusted principal has the documented form. */
export function isDocumentedTrust(role: { name: string; path: string }, principal: string): boolean {
  const k = KINDS.find((x) => x.name(role.name, role.path));
  return k !== undefined && k.principal(principal);
}

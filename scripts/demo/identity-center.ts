/**
 * IAM Identity Center in the demo: the organisation's instance (read from the management account)
 * has a permission set `DataEngineer`, provisioned to the data-lake account as the role
 * `AWSReservedSSO_DataEngineer_<hash>` and assigned there to the Identity Center user `alice.chen`.
 * She signs in through the access portal on weekday afternoons (AssumeRoleWithSAML through the
 * account's `AWSSSO_…_DO_NOT_DELETE` provider, the session named after her) and reads curated data.
 * Files in the shapes of `aws sso-admin describe-permission-set` / `list-account-assignments` and
 * `aws identitystore describe-user`.
 */
import { BUCKET_LAKEHOUSE, LAKE, MGMT, roleArn } from './catalog';
import { prefixAccess } from './grants';
import type { RoleSpec } from './iam-types';
import { doc } from './policy';

export const IC_INSTANCE_ARN = 'arn:aws:sso:::instance/ssoins-7907a1b2c3d4e5f6';
export const IC_STORE_ID = 'd-9067a1b2c3';
export const IC_PERMISSION_SET_ARN = `arn:aws:sso:::permissionSet/ssoins-7907a1b2c3d4e5f6/ps-3c1e9a5b7d2f4086`;
export const IC_ROLE_NAME = 'AWSReservedSSO_DataEngineer_a1f3c5e7092b4d6f';
export const IC_ROLE_PATH = '/aws-reserved/sso.amazonaws.com/';
export const IC_ROLE_ARN = roleArn(LAKE, IC_ROLE_NAME, IC_ROLE_PATH);
export const IC_SAML_PROVIDER_ARN = `arn:aws:iam::${LAKE}:saml-provider/AWSSSO_5d1e7c3a9b2f4e60_DO_NOT_DELETE`;
export const IC_USER = {
  id: '9067a1b2c3-4e5f6a7b-8c9d-4e0f-a1b2-c3d4e5f6a7b8',
  userName: 'alice.chen',
  displayName: 'Alice Chen',
  email: 'alice.chen@acme-data.example',
};

/** The role Identity Center provisions for the permission set, with the trust it always writes. */
export const IDENTITY_CENTER_ROLES: readonly RoleSpec[] = [
  {
    account: LAKE,
    name: IC_ROLE_NAME,
    path: IC_ROLE_PATH,
    created: '2025-06-03T09:12:44+00:00',
    trust: doc({
      Effect: 'Allow',
      Principal: { Federated: IC_SAML_PROVIDER_ARN },
      Action: ['sts:AssumeRoleWithSAML', 'sts:TagSession'],
      Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } },
    }),
    // Identity Center names a permission set's inline policy `AwsSSOInlinePolicy` on the role.
    inline: [{ name: 'AwsSSOInlinePolicy', doc: prefixAccess('curated', false) }],
    attached: [],
    tags: {},
    lastUsedDaysAgo: 0,
    lastUsedRegion: 'us-east-1',
    demoCase: 'identity-center-data-engineer',
    // The role's maximum session follows the permission set's SessionDuration (PT8H).
    maxSessionDuration: 28800,
  },
];

/** The Identity Center files, read from the management account. */
export function identityCenterFiles(): Record<string, unknown> {
  const base = `accounts/${MGMT}/identity-center`;
  return {
    [`${base}/list-permission-sets.json`]: { PermissionSets: [IC_PERMISSION_SET_ARN] },
    [`${base}/describe-permission-set/ps-3c1e9a5b7d2f4086.json`]: {
      PermissionSet: {
        Name: 'DataEngineer',
        PermissionSetArn: IC_PERMISSION_SET_ARN,
        Description: `Read curated data in ${BUCKET_LAKEHOUSE}`,
        CreatedDate: '2025-06-03T09:10:02.511000+00:00',
        SessionDuration: 'PT8H',
      },
    },
    [`${base}/list-account-assignments/${LAKE}-ps-3c1e9a5b7d2f4086.json`]: {
      AccountAssignments: [
        {
          AccountId: LAKE,
          PermissionSetArn: IC_PERMISSION_SET_ARN,
          PrincipalType: 'USER',
          PrincipalId: IC_USER.id,
        },
      ],
    },
    [`${base}/describe-user/${IC_USER.id}.json`]: {
      UserName: IC_USER.userName,
      UserId: IC_USER.id,
      Name: { FamilyName: 'Chen', GivenName: 'Alice' },
      DisplayName: IC_USER.displayName,
      Emails: [{ Value: IC_USER.email, Type: 'work', Primary: true }],
      IdentityStoreId: IC_STORE_ID,
    },
  };
}

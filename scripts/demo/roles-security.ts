/**
 * Roles of the security account (333333333333), and the org-audit role it reaches in the other accounts.
 */
import {
  EXTERNAL_IDS,
  LAKE,
  MGMT,
  PLATFORM,
  SAML_PROVIDER_ARN,
  SECURITY,
  awsPolicyArn,
  roleArn,
} from './catalog';
import { allow, doc, trustAws } from './policy';
import type { RoleSpec } from './iam-types';

export const SECURITY_ROLES: readonly RoleSpec[] = [
  // ── security 333333333333 ──
  {
    account: SECURITY,
    name: 'AcmeOktaAdmin',
    created: '2021-02-05T10:00:12+00:00',
    trust: doc({
      Effect: 'Allow',
      Principal: { Federated: SAML_PROVIDER_ARN },
      Action: ['sts:AssumeRoleWithSAML', 'sts:TagSession'],
      Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } },
    }),
    inline: [],
    attached: [awsPolicyArn('AdministratorAccess')],
    tags: { 'demo-case': 'security-saml-admin' },
    lastUsedDaysAgo: 0,
    lastUsedRegion: 'us-east-1',
    demoCase: 'security-saml-admin',
  },
  {
    account: SECURITY,
    name: 'security-auditor',
    created: '2021-02-05T10:04:51+00:00',
    trust: doc({
      Effect: 'Allow',
      Principal: { Federated: SAML_PROVIDER_ARN },
      Action: 'sts:AssumeRoleWithSAML',
      Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } },
    }),
    inline: [
      {
        name: 'assume-org-audit',
        doc: doc(
          allow('sts:AssumeRole', 'arn:aws:iam::*:role/org-audit', { Sid: 'AssumeOrgAuditEverywhere' }),
        ),
      },
    ],
    attached: [awsPolicyArn('SecurityAudit')],
    tags: { 'demo-case': 'security-org-audit' },
    lastUsedDaysAgo: 0,
    lastUsedRegion: 'us-east-1',
    demoCase: 'security-org-audit',
  },

  // ── org-audit in every member account and the management account ──
  ...[MGMT, PLATFORM, LAKE].map((account): RoleSpec => ({
    account,
    name: 'org-audit',
    created: '2021-02-05T11:30:00+00:00',
    trust: doc(trustAws(roleArn(SECURITY, 'security-auditor'), { externalId: EXTERNAL_IDS.orgAudit })),
    inline: [],
    attached: [awsPolicyArn('SecurityAudit'), awsPolicyArn('ReadOnlyAccess')],
    tags: { 'demo-case': 'security-org-audit' },
    lastUsedDaysAgo: 0,
    lastUsedRegion: 'us-east-1',
    demoCase: 'security-org-audit',
  })),
];

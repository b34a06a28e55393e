/**
 * IAM users and groups of the demo.
 */
import { LAKE, PLATFORM, REGION, policyArn } from './catalog';
import { allow, doc } from './policy';
import { lake, LAKE_BUCKET, kmsUse } from './grants';
import type { GroupSpec, UserSpec } from './iam-types';

export const GROUPS: readonly GroupSpec[] = [
  {
    account: PLATFORM,
    name: 'data-engineers',
    created: '2024-11-04T14:20:03+00:00',
    inline: [],
    attached: [policyArn(PLATFORM, 'data-engineers-assume')],
  },
];

export const USERS: readonly UserSpec[] = [
  {
    account: PLATFORM,
    name: 'alice.chen',
    created: '2024-11-04T14:21:30+00:00',
    groups: ['data-engineers'],
    inline: [],
    attached: [],
    tags: { team: 'data-engineering', 'demo-case': 'chain-source-identity' },
    passwordLastUsedDaysAgo: 1,
    passwordChangedDaysAgo: 64,
    mfa: true,
    keys: [
      {
        createdDaysAgo: 41,
        active: true,
        lastUsedDaysAgo: 1,
        lastUsedService: 'sts',
        lastUsedRegion: REGION,
      },
    ],
    demoCase: 'chain-source-identity',
  },
  {
    account: LAKE,
    name: 'legacy-report-user',
    created: '2022-03-14T08:20:44+00:00',
    groups: [],
    inline: [
      {
        name: 'reports-read',
        doc: doc(
          allow(['s3:GetObject'], lake('reports/*'), { Sid: 'ReadReports' }),
          allow(['s3:ListBucket'], LAKE_BUCKET, {
            Sid: 'ListReports',
            Condition: { StringLike: { 's3:prefix': 'reports/*' } },
          }),
          kmsUse,
        ),
      },
    ],
    attached: [],
    tags: { Owner: 'finance-bi', 'demo-case': 'risky-user-access-keys' },
    mfa: false,
    keys: [
      {
        createdDaysAgo: 981,
        active: true,
        lastUsedDaysAgo: 0,
        lastUsedService: 's3',
        lastUsedRegion: REGION,
      },
      {
        createdDaysAgo: 700,
        active: false,
        lastUsedDaysAgo: 690,
        lastUsedService: 's3',
        lastUsedRegion: REGION,
      },
    ],
    demoCase: 'risky-user-access-keys',
  },
];

/**
 * A seeded generator of large AWS organisations, for benchmarks: N accounts × M roles with the shapes
 * real estates have — EC2 instance roles with profiles and instances, data roles trusted by 1–4 instance
 * roles (same- and cross-account, half with an ExternalId), service roles, roles trusting their account
 * root or a SAML / OIDC provider, a few `*` trusts narrowed by aws:PrincipalOrgID, an audit role in every
 * account reached through a wildcard grant, broken pairs (missing trust, missing permission), S3 buckets
 * with policies, KMS keys, shared managed policies, SCPs and an RCP; RoleLastUsed as IAM reports it
 * (most roles used in the last weeks, some long ago, some never). Same seed, same snapshot.
 */
import type {
  Bucket,
  Ec2Instance,
  InstanceProfile,
  ManagedPolicy,
  OrgPolicy,
  Role,
  Snapshot,
  User,
} from '../lib/model';
import { emptySnapshot } from '../lib/model';

export interface OrgOptions {
  accounts: number;
  rolesPerAccount: number;
  seed?: number;
  usersPerAccount?: number;
  bucketsPerAccount?: number;
  /** Instances per instance profile (default 1). */
  instancesPerProfile?: number;
}

const DAY_MS = 86_400_000;
const REGIONS = ['us-west-2', 'us-west-2', 'us-west-2', 'us-east-1', 'eu-west-1'] as const;

/**
 * RoleLastUsed for every role, from its own seeded stream so the rest of the organisation is the
 * same as before it was added: 90 % used in the last three weeks, 5 % last used 2–13 months ago,
 * 5 % never used. Without it every role looked unused and `unused-role` alone was half the findings.
 */
function addLastUsed(roles: readonly Role[], seed: number, createdAt: string): void {
  const rand = rng(seed ^ 0x1a57_05ed);
  const now = Date.parse(createdAt);
  for (const r of roles) {
    const p = rand();
    const ago = p < 0.9 ? rand() * 21 * DAY_MS : p < 0.95 ? (60 + rand() * 340) * DAY_MS : undefined;
    const region = REGIONS[Math.floor(rand() * REGIONS.length)] ?? 'us-west-2';
    if (ago === undefined) continue;
    // Whole seconds, as IAM reports them (and as the readers normalise them).
    const date = new Date(Math.floor((now - ago) / 1000) * 1000).toISOString().replace('.000Z', 'Z');
    r.lastUsed = { date, region };
  }
}

/** Mulberry32: small, fast, seeded. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const V = '2012-10-17';
const accountId = (i: number): string =>
  String(100000000000 + i * 111111)
    .padStart(12, '0')
    .slice(0, 12);
const roleArn = (account: string, name: string): string => `arn:aws:iam::${account}:role/${name}`;
const hex = (rand: () => number, n: number): string =>
  Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join('');

const KINDS = ['instance', 'data', 'service', 'root-trust', 'human', 'oidc', 'wildcard-trust'] as const;
type Kind = (typeof KINDS)[number];
/** Share of each kind of role, out of 100. */
const MIX: Record<Kind, number> = {
  instance: 30,
  data: 40,
  service: 12,
  'root-trust': 6,
  human: 6,
  oidc: 4,
  'wildcard-trust': 2,
};

/** The snapshot time of every generated organisation (its RoleLastUsed dates are relative to it). */
export const GENERATED_AT = '2026-11-20T12:00:00Z';
/**
 * The time the org-scale benches analyse at. Fixed, so time-dependent findings (unused roles) are the
 * same on every run; before, the loader took the clock, and the findings grew day by day as the
 * generated RoleLastUsed dates aged (at 20,020 roles: 5,371 at the generator's own time, 11,778 on
 * 7 December). Set to the day the sixth and seventh sessions measured at, so their figures and later
 * ones measure the same work.
 */
export const BENCH_NOW = '2026-12-07T00:00:00Z';

export function generateOrg(opts: OrgOptions): Snapshot {
  const rand = rng(opts.seed ?? 42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const chance = (p: number): boolean => rand() < p;
  const s = emptySnapshot(
    { kind: 'files', detail: `generated ${opts.accounts}×${opts.rolesPerAccount} seed ${opts.seed ?? 42}` },
    GENERATED_AT,
  );
  const accounts = Array.from({ length: opts.accounts }, (_, i) => accountId(i + 1));
  const orgId = 'o-benchorg001';
  s.accounts = accounts.map((id, i) => ({ id, name: `bench-account-${i + 1}` }));
  s.organization = {
    id: orgId,
    rootId: 'r-bench',
    managementAccountId: accountId(0),
    units: [{ id: 'ou-bench-workloads', name: 'workloads', parentId: 'r-bench' }],
    accountParents: Object.fromEntries(accounts.map((a) => [a, 'ou-bench-workloads'])),
  };
  const scps: OrgPolicy[] = [
    {
      id: 'p-FullAWSAccess',
      name: 'FullAWSAccess',
      kind: 'SCP',
      targets: ['r-bench', 'ou-bench-workloads', ...accounts],
      document: { Version: V, Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
    },
    {
      id: 'p-denyleave',
      name: 'deny-leave-org',
      kind: 'SCP',
      targets: ['ou-bench-workloads'],
      document: {
        Version: V,
        Statement: [
          {
            Effect: 'Deny',
            Action: ['organizations:LeaveOrganization', 'cloudtrail:StopLogging'],
            Resource: '*',
          },
        ],
      },
    },
    {
      id: 'p-RCPFull',
      name: 'RCPFullAWSAccess',
      kind: 'RCP',
      targets: ['r-bench', 'ou-bench-workloads', ...accounts],
      document: { Version: V, Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] },
    },
  ];
  s.orgPolicies = scps;

  const readOnly: ManagedPolicy = {
    arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
    name: 'ReadOnlyAccess',
    path: '/',
    document: {
      Version: V,
      Statement: [
        {
          Effect: 'Allow',
          Action: ['ec2:Describe*', 'iam:Get*', 'iam:List*', 'cloudwatch:Get*'],
          Resource: '*',
        },
      ],
    },
  };
  const ssm: ManagedPolicy = {
    arn: 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore',
    name: 'AmazonSSMManagedInstanceCore',
    path: '/',
    document: {
      Version: V,
      Statement: [
        { Effect: 'Allow', Action: ['ssm:GetParameter', 'ssmmessages:*', 'ec2messages:*'], Resource: '*' },
      ],
    },
  };
  s.managedPolicies.push(readOnly, ssm);

  const roles: Role[] = [];
  const profiles: InstanceProfile[] = [];
  const instances: Ec2Instance[] = [];
  const buckets: Bucket[] = [];
  const users: User[] = [];
  const byKind = new Map<Kind, Role[]>(KINDS.map((k) => [k, []]));
  const kindOf = (i: number): Kind => {
    let x = (i * 37 + 11) % 100;
    for (const k of KINDS) {
      if (x < MIX[k]) return k;
      x -= MIX[k];
    }
    return 'data';
  };

  const bucketsPer = opts.bucketsPerAccount ?? 4;
  for (const account of accounts) {
    const accBuckets: string[] = [];
    const kms = `arn:aws:kms:us-west-2:${account}:key/${hex(rand, 8)}-${hex(rand, 4)}-${hex(rand, 4)}-${hex(rand, 4)}-${hex(rand, 12)}`;
    s.kmsKeys.push({
      arn: kms,
      account,
      region: 'us-west-2',
      policy: {
        Version: V,
        Statement: [
          {
            Sid: 'Enable IAM User Permissions',
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${account}:root` },
            Action: 'kms:*',
            Resource: '*',
          },
        ],
      },
    });
    for (let b = 0; b < bucketsPer; b++) {
      const name = `bench-${account}-data-${b}`;
      accBuckets.push(name);
      buckets.push({
        name,
        account,
        region: 'us-west-2',
        policy: {
          Version: V,
          Statement: [
            {
              Sid: 'DenyInsecureTransport',
              Effect: 'Deny',
              Principal: '*',
              Action: 's3:*',
              Resource: [`arn:aws:s3:::${name}`, `arn:aws:s3:::${name}/*`],
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            },
            {
              Sid: 'OrgRead',
              Effect: 'Allow',
              Principal: '*',
              Action: ['s3:GetObject', 's3:ListBucket'],
              Resource: [`arn:aws:s3:::${name}`, `arn:aws:s3:::${name}/*`],
              Condition: { StringEquals: { 'aws:PrincipalOrgID': orgId } },
            },
          ],
        },
      });
    }
    s.glueCatalogs.push({ account, region: 'us-west-2' });
    s.identityProviders.push({ arn: `arn:aws:iam::${account}:saml-provider/Okta`, account, kind: 'saml' });
    s.identityProviders.push({
      arn: `arn:aws:iam::${account}:oidc-provider/token.actions.githubusercontent.com`,
      account,
      kind: 'oidc',
      url: 'token.actions.githubusercontent.com',
      clientIds: ['sts.amazonaws.com'],
    });

    for (let i = 0; i < opts.rolesPerAccount; i++) {
      const kind = kindOf(i);
      const name = `${kind}-${i}`;
      const arn = roleArn(account, name);
      const bucket = pick(accBuckets);
      const prefix = `team-${Math.floor(rand() * 50)}`;
      const dataPolicy = {
        Version: V,
        Statement: [
          {
            Sid: 'Objects',
            Effect: 'Allow',
            Action: chance(0.5) ? ['s3:GetObject'] : ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
            Resource: `arn:aws:s3:::${bucket}/${prefix}/*`,
          },
          {
            Sid: 'List',
            Effect: 'Allow',
            Action: 's3:ListBucket',
            Resource: `arn:aws:s3:::${bucket}`,
            Condition: { StringLike: { 's3:prefix': [`${prefix}/*`] } },
          },
          { Sid: 'Key', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: kms },
        ],
      };
      const role: Role = {
        arn,
        name,
        path: '/',
        id: `AROA${hex(rand, 16).toUpperCase()}`,
        account,
        maxSessionDuration: chance(0.1) ? 43200 : 3600,
        trustPolicy: {},
        inlinePolicies: [],
        attachedPolicyArns: chance(0.3) ? [readOnly.arn] : [],
        tags: { team: `team-${Math.floor(rand() * 20)}` },
        instanceProfileArns: [],
      };
      switch (kind) {
        case 'instance': {
          role.trustPolicy = {
            Version: V,
            Statement: [
              { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
            ],
          };
          role.attachedPolicyArns.push(ssm.arn);
          const p: InstanceProfile = {
            arn: `arn:aws:iam::${account}:instance-profile/${name}`,
            name,
            path: '/',
            id: `AIPA${hex(rand, 16).toUpperCase()}`,
            account,
            roleArns: [arn],
          };
          role.instanceProfileArns.push(p.arn);
          profiles.push(p);
          for (let k = 0; k < (opts.instancesPerProfile ?? 1); k++)
            instances.push({
              id: `i-0${hex(rand, 16)}`,
              account,
              region: 'us-west-2',
              state: 'running',
              instanceProfileArn: p.arn,
              tags: { Name: `${name}-${k}` },
            });
          break;
        }
        case 'data':
          role.inlinePolicies.push({ name: 'data-access', document: dataPolicy });
          break;
        case 'service':
          role.trustPolicy = {
            Version: V,
            Statement: [
              {
                Effect: 'Allow',
                Principal: {
                  Service: pick(['lambda.amazonaws.com', 'glue.amazonaws.com', 'ecs-tasks.amazonaws.com']),
                },
                Action: 'sts:AssumeRole',
              },
            ],
          };
          role.inlinePolicies.push({ name: 'data-access', document: dataPolicy });
          break;
        case 'root-trust':
          role.trustPolicy = {
            Version: V,
            Statement: [
              {
                Effect: 'Allow',
                Principal: { AWS: `arn:aws:iam::${account}:root` },
                Action: 'sts:AssumeRole',
              },
            ],
          };
          role.inlinePolicies.push({ name: 'data-access', document: dataPolicy });
          break;
        case 'human':
          role.trustPolicy = {
            Version: V,
            Statement: [
              {
                Effect: 'Allow',
                Principal: { Federated: `arn:aws:iam::${account}:saml-provider/Okta` },
                Action: 'sts:AssumeRoleWithSAML',
                Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } },
              },
            ],
          };
          // Humans hop to the audit role of every account through one wildcard grant.
          role.inlinePolicies.push({
            name: 'hop',
            document: {
              Version: V,
              Statement: [
                { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::*:role/org-audit' },
              ],
            },
          });
          break;
        case 'oidc':
          role.trustPolicy = {
            Version: V,
            Statement: [
              {
                Effect: 'Allow',
                Principal: {
                  Federated: `arn:aws:iam::${account}:oidc-provider/token.actions.githubusercontent.com`,
                },
                Action: 'sts:AssumeRoleWithWebIdentity',
                Condition: {
                  StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
                  StringLike: { 'token.actions.githubusercontent.com:sub': `repo:bench/${name}:*` },
                },
              },
            ],
          };
          role.inlinePolicies.push({ name: 'data-access', document: dataPolicy });
          break;
        case 'wildcard-trust':
          role.trustPolicy = {
            Version: V,
            Statement: [
              {
                Effect: 'Allow',
                Principal: { AWS: '*' },
                Action: 'sts:AssumeRole',
                Condition: { StringEquals: { 'aws:PrincipalOrgID': orgId } },
              },
            ],
          };
          role.inlinePolicies.push({ name: 'data-access', document: dataPolicy });
          break;
      }
      roles.push(role);
      byKind.get(kind)?.push(role);
    }
    // The audit role every account has, trusted by the first account (where the humans sign in), with an ExternalId.
    roles.push({
      arn: roleArn(account, 'org-audit'),
      name: 'org-audit',
      path: '/',
      id: `AROA${hex(rand, 16).toUpperCase()}`,
      account,
      maxSessionDuration: 3600,
      trustPolicy: {
        Version: V,
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${accounts[0] ?? account}:root` },
            Action: 'sts:AssumeRole',
            Condition: { StringEquals: { 'sts:ExternalId': 'org-audit' } },
          },
        ],
      },
      inlinePolicies: [],
      attachedPolicyArns: [readOnly.arn],
      tags: {},
      instanceProfileArns: [],
    });
    for (let u = 0; u < (opts.usersPerAccount ?? 3); u++) {
      users.push({
        arn: `arn:aws:iam::${account}:user/bench-user-${u}`,
        name: `bench-user-${u}`,
        path: '/',
        id: `AIDA${hex(rand, 16).toUpperCase()}`,
        account,
        groupNames: [],
        inlinePolicies: [
          {
            name: 'read',
            document: {
              Version: V,
              Statement: [
                {
                  Effect: 'Allow',
                  Action: 's3:GetObject',
                  Resource: `arn:aws:s3:::${pick(accBuckets)}/reports/*`,
                },
              ],
            },
          },
        ],
        attachedPolicyArns: [],
        tags: {},
        accessKeys: [{ id: `AKIA${hex(rand, 16).toUpperCase()}`, status: 'Active' }],
      });
    }
  }

  // Data roles: trusted by 1–4 instance roles (70 % same account), half with an ExternalId; the instance
  // roles get the matching grant, except for a few broken pairs either way.
  const instanceRoles = byKind.get('instance') ?? [];
  const byAccount = new Map<string, Role[]>();
  for (const r of instanceRoles) byAccount.set(r.account, [...(byAccount.get(r.account) ?? []), r]);
  const grants = new Map<Role, string[]>();
  for (const data of byKind.get('data') ?? []) {
    const n = 1 + Math.floor(rand() * 4);
    const callers = new Set<Role>();
    for (let k = 0; k < n; k++) {
      const local = byAccount.get(data.account) ?? [];
      const from = chance(0.7) && local.length > 0 ? pick(local) : pick(instanceRoles);
      if (from) callers.add(from);
    }
    const withId = chance(0.5);
    const trusted = [...callers].filter(() => !chance(0.03)); // missing trust: granted, not trusted
    if (trusted.length === 0 && callers.size > 0) trusted.push([...callers][0] as Role);
    data.trustPolicy = {
      Version: V,
      Statement: [
        {
          Sid: 'Callers',
          Effect: 'Allow',
          Principal: { AWS: trusted.map((r) => r.arn) },
          Action: 'sts:AssumeRole',
          ...(withId
            ? { Condition: { StringEquals: { 'sts:ExternalId': `${data.name}-external-id` } } }
            : {}),
        },
      ],
    };
    for (const c of callers) if (!chance(0.03)) grants.set(c, [...(grants.get(c) ?? []), data.arn]); // missing permission: trusted, not granted
  }
  for (const [r, targets] of grants)
    r.inlinePolicies.push({
      name: 'assume-data-roles',
      document: {
        Version: V,
        Statement: [{ Sid: 'AssumeDataRoles', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: targets }],
      },
    });
  for (const r of roles)
    if (Object.keys(r.trustPolicy as object).length === 0)
      r.trustPolicy = {
        Version: V,
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
        ],
      };

  addLastUsed(roles, opts.seed ?? 42, s.createdAt);
  s.roles = roles;
  s.users = users;
  s.instanceProfiles = profiles;
  s.instances = instances;
  s.buckets = buckets;
  return s;
}

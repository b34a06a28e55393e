/**
 * Deterministic `rolechain simulate` input for the simulate bench: trust checks (a workload's role
 * assuming a data account's role, with and without the right ExternalId; EC2 and EKS web identity) and
 * identity checks (S3, Glue, KMS), drawn from a few dozen roles and policies so that documents repeat
 * across lines as they do in a CI job that checks an estate's chains.
 *
 * Every line gives the context keys its conditions read (`aws:PrincipalArn`, `sts:ExternalId`, …)
 * explicitly: the peer's core engine does not derive them from the request, and both engines must
 * see the same request.
 */

const WORKLOAD = '111111111111';
const DATA = '222222222222';
const VENDOR = '333333333333';
const OIDC = 'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';

/** A small LCG: the same lines on every machine and run. */
function chooser(seed: number): <T>(xs: readonly T[]) => T {
  let s = seed >>> 0;
  return <T>(xs: readonly T[]): T => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return xs[(s >>> 8) % xs.length] as T;
  };
}

const ENGINES = ['doris', 'starrocks', 'trino', 'spark', 'flink'] as const;
const callers = ENGINES.flatMap((e) => [`${e}-fe`, `${e}-be`]).map(
  (n) => `arn:aws:iam::${WORKLOAD}:role/${n}`,
);
const vendorCallers = ['ingest', 'bi'].map((n) => `arn:aws:iam::${VENDOR}:role/${n}`);
const dataRoles = ENGINES.flatMap((e) => ['lake-read', 'lake-write', 'glue'].map((k) => `${e}-${k}`));
const externalId = (role: string): string => `ext-${role.length}-${role.slice(0, 3)}`;

const statement = (s: Record<string, unknown>) => ({ Version: '2012-10-17', Statement: [s] });

/** The trust policy of a data role: who may assume it, in one of the forms real estates use. */
function trustOf(role: string, form: number): unknown {
  const engine = role.split('-')[0] as string;
  const fe = `arn:aws:iam::${WORKLOAD}:role/${engine}-fe`;
  switch (form % 4) {
    case 0:
      return statement({
        Effect: 'Allow',
        Principal: { AWS: [fe, `arn:aws:iam::${WORKLOAD}:role/${engine}-be`] },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'sts:ExternalId': externalId(role) } },
      });
    case 1:
      return statement({
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${WORKLOAD}:root` },
        Action: 'sts:AssumeRole',
        Condition: { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${WORKLOAD}:role/${engine}-*` } },
      });
    case 2:
      return {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
          {
            Effect: 'Allow',
            Principal: { Federated: `arn:aws:iam::${DATA}:oidc-provider/${OIDC}` },
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: {
              StringEquals: {
                [`${OIDC}:sub`]: `system:serviceaccount:${engine}:${engine}`,
                [`${OIDC}:aud`]: 'sts.amazonaws.com',
              },
            },
          },
        ],
      };
    default:
      return {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: [fe, ...vendorCallers] },
            Action: ['sts:AssumeRole', 'sts:TagSession'],
            Condition: { StringEquals: { 'sts:ExternalId': externalId(role) } },
          },
          {
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: 'sts:AssumeRole',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
        ],
      };
  }
}

/** Identity policies of a caller: which data roles it may assume. */
function assumePolicies(caller: string): { name: string; document: unknown }[] {
  const engine = caller.split('/')[1]?.split('-')[0] ?? 'x';
  return [
    {
      name: 'assume-data-roles',
      document: statement({
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Resource: `arn:aws:iam::${DATA}:role/${engine}-*`,
      }),
    },
    {
      name: 'deny-admin',
      document: statement({
        Effect: 'Deny',
        Action: ['iam:*', 'organizations:*'],
        Resource: '*',
      }),
    },
  ];
}

/** Identity policies of a data role: what it may read and write. */
function dataPolicies(role: string): { name: string; document: unknown }[] {
  const engine = role.split('-')[0] as string;
  const write = role.endsWith('write');
  return [
    {
      name: `${engine}-lake`,
      document: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'List',
            Effect: 'Allow',
            Action: 's3:ListBucket',
            Resource: `arn:aws:s3:::${engine}-lake`,
            Condition: { StringLike: { 's3:prefix': [`warehouse/${engine}/*`, 'shared/*'] } },
          },
          {
            Sid: 'Objects',
            Effect: 'Allow',
            Action: write ? ['s3:GetObject', 's3:PutObject'] : 's3:GetObject',
            Resource: [`arn:aws:s3:::${engine}-lake/warehouse/*`, 'arn:aws:s3:::shared-lake/*'],
          },
          { Sid: 'NoDelete', Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' },
        ],
      },
    },
    {
      name: 'glue-catalog',
      document: statement({
        Effect: 'Allow',
        Action: ['glue:GetDatabase', 'glue:GetTable*', 'glue:GetPartitions'],
        Resource: [
          `arn:aws:glue:eu-west-1:${DATA}:catalog`,
          `arn:aws:glue:eu-west-1:${DATA}:database/${engine}`,
          `arn:aws:glue:eu-west-1:${DATA}:table/${engine}/*`,
        ],
      }),
    },
    {
      name: 'kms-decrypt',
      document: statement({
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: `arn:aws:kms:eu-west-1:${DATA}:key/*`,
        Condition: { StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } },
      }),
    },
  ];
}

/**
 * `n` JSON lines, the same for the same `n` and `seed`. Drawn from a few dozen roles and requests, many
 * lines repeat an earlier line's case under a new id (479 distinct cases in 4,000), as lines made from
 * logs do. With `distinct`, each line's context also names its own session (`aws:userid`, which no policy
 * here reads: the decisions are the same), so no two lines are the same case.
 */
export function simulateLines(n: number, seed = 19, { distinct = false } = {}): string[] {
  const pick = chooser(seed);
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const kind = pick([0, 0, 0, 0, 1, 2, 3, 3, 3, 3]);
    const role = pick(dataRoles);
    const roleArn = `arn:aws:iam::${DATA}:role/${role}`;
    const form = dataRoles.indexOf(role);
    const trust = { name: `trust policy of ${role}`, document: trustOf(role, form) };
    let c: Record<string, unknown>;
    if (kind === 0) {
      const engine = role.split('-')[0] as string;
      const own = callers.filter((a) => a.includes(`/${engine}-`));
      // Mostly the chains an estate has (a workload assuming its own engine's data role), some it has not.
      const caller = pick([...own, ...own, ...own, pick(callers), pick(vendorCallers)]);
      const context: Record<string, unknown> = {
        'aws:PrincipalArn': caller,
        'aws:PrincipalAccount': caller.split(':')[4],
        'aws:SecureTransport': 'true',
      };
      const ext = pick(['right', 'right', 'wrong', 'none'] as const);
      if (ext !== 'none') context['sts:ExternalId'] = ext === 'right' ? externalId(role) : 'guess';
      c = {
        request: { principal: caller, action: 'sts:AssumeRole', resource: roleArn, context },
        identityPolicies: assumePolicies(caller),
        resourcePolicy: trust,
      };
    } else if (kind === 1) {
      c = {
        request: { principal: 'ec2.amazonaws.com', action: 'sts:AssumeRole', resource: roleArn },
        resourcePolicy: trust,
      };
    } else if (kind === 2) {
      const engine = pick(ENGINES);
      c = {
        request: {
          principal: `arn:aws:iam::${DATA}:oidc-provider/${OIDC}`,
          action: 'sts:AssumeRoleWithWebIdentity',
          resource: roleArn,
          context: {
            [`${OIDC}:sub`]: `system:serviceaccount:${engine}:${engine}`,
            [`${OIDC}:aud`]: 'sts.amazonaws.com',
          },
        },
        resourcePolicy: trust,
      };
    } else {
      const engine = role.split('-')[0] as string;
      const target = pick([
        { action: 's3:GetObject', resource: `arn:aws:s3:::${engine}-lake/warehouse/t/part-0.parquet` },
        { action: 's3:PutObject', resource: `arn:aws:s3:::${engine}-lake/warehouse/t/part-1.parquet` },
        { action: 's3:DeleteObject', resource: `arn:aws:s3:::${engine}-lake/warehouse/t/part-0.parquet` },
        { action: 's3:GetObject', resource: 'arn:aws:s3:::shared-lake/dim/country.csv' },
        { action: 's3:GetObject', resource: 'arn:aws:s3:::other-lake/secret.csv' },
        { action: 'glue:GetTable', resource: `arn:aws:glue:eu-west-1:${DATA}:table/${engine}/orders` },
        { action: 'glue:GetTable', resource: `arn:aws:glue:eu-west-1:${DATA}:table/finance/ledger` },
      ]);
      c = {
        request: {
          principal: roleArn,
          ...target,
          resourceAccount: DATA,
          context: { 'aws:PrincipalArn': roleArn, 'aws:PrincipalAccount': DATA },
        },
        identityPolicies: dataPolicies(role),
      };
    }
    if (distinct) {
      const request = c.request as { context?: Record<string, unknown> };
      request.context = { ...request.context, 'aws:userid': `AROAEXAMPLEBENCHID:line-${i + 1}` };
    }
    lines.push(JSON.stringify({ id: `c${i + 1}`, ...c }));
  }
  return lines;
}

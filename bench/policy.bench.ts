/**
 * Reasons are built lazily (when read); the budgeted figure reads decisions and open conditions, as the
 * graph does for every candidate pair, and one figure reads the reasons too.
 *
 * Policy engine throughput on a seeded organisation: trust-policy checks (the graph's can-assume edges,
 * open context, caller identity policies included) and identity-policy checks with conditions (complete
 * context), both on compiled (cached) policies, plus the one-off cost of parsing and compiling documents.
 * Medians over 7 runs, per CPU-second of this single-threaded process (what one core does; wall-clock
 * figures, reported too, swing with the machine's load).
 */
import { pathToFileURL } from 'node:url';
import { compilePolicy, evaluate, policyCache, trustPrincipals } from '../lib/policy';
import type { EvaluationInput, PolicyInput } from '../lib/policy';
import type { BenchResult } from './types';
import { result } from './types';
import { rng } from './generate-org';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const TRUST_CHECKS = 100_000;
const IDENTITY_CHECKS = 50_000;
const ACCOUNTS = ['111111111111', '222222222222', '333333333333', '444444444444', '555555555555'];

interface Role {
  arn: string;
  account: string;
  trust: PolicyInput;
  identity: PolicyInput[];
}

function organisation(seed: number, roles: number): Role[] {
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const out: Role[] = [];
  for (let i = 0; i < roles; i++) {
    const account = pick(ACCOUNTS);
    const arn = `arn:aws:iam::${account}:role/${rand() < 0.3 ? 'app/' : ''}role-${i}`;
    const shape = rand();
    const principalRoles = Array.from(
      { length: 1 + Math.floor(rand() * 4) },
      () => `arn:aws:iam::${pick(ACCOUNTS)}:role/role-${Math.floor(rand() * roles)}`,
    );
    const statements: unknown[] =
      shape < 0.25
        ? [
            {
              Effect: 'Allow',
              Principal: {
                Service: pick(['ec2.amazonaws.com', 'lambda.amazonaws.com', 'glue.amazonaws.com']),
              },
              Action: 'sts:AssumeRole',
            },
          ]
        : shape < 0.55
          ? [
              {
                Sid: 'Vendor',
                Effect: 'Allow',
                Principal: { AWS: `arn:aws:iam::${pick(ACCOUNTS)}:root` },
                Action: 'sts:AssumeRole',
                Condition: { StringEquals: { 'sts:ExternalId': `ext-${i}` } },
              },
            ]
          : shape < 0.9
            ? [
                {
                  Effect: 'Allow',
                  Principal: { AWS: principalRoles },
                  Action: ['sts:AssumeRole', 'sts:TagSession'],
                },
                {
                  Effect: 'Deny',
                  Principal: '*',
                  Action: 'sts:AssumeRole',
                  Condition: { BoolIfExists: { 'aws:SecureTransport': 'false' } },
                },
              ]
            : [
                {
                  Effect: 'Allow',
                  Principal: {
                    Federated: `arn:aws:iam::${account}:oidc-provider/token.actions.githubusercontent.com`,
                  },
                  Action: 'sts:AssumeRoleWithWebIdentity',
                  Condition: {
                    StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
                    StringLike: { 'token.actions.githubusercontent.com:sub': `repo:org/repo-${i}:*` },
                  },
                },
              ];
    // Most workloads may assume any role (the trust decides); some are scoped.
    const broad = rand() < 0.7;
    const identity: PolicyInput[] = [
      {
        name: `assume-${i}`,
        document: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: 'sts:AssumeRole',
              Resource: broad
                ? 'arn:aws:iam::*:role/*'
                : [`arn:aws:iam::${pick(ACCOUNTS)}:role/role-*`, `arn:aws:iam::*:role/app/*`],
            },
            {
              Effect: 'Allow',
              Action: ['s3:GetObject', 's3:ListBucket', 's3:PutObject'],
              Resource: [
                `arn:aws:s3:::bucket-${i % 50}`,
                `arn:aws:s3:::bucket-${i % 50}/\${aws:PrincipalTag/team}/*`,
              ],
              Condition: {
                StringEquals: { 'aws:ResourceAccount': account },
                IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '192.168.0.0/16'] },
              },
            },
            {
              Effect: 'Allow',
              Action: 'glue:Get*',
              Resource: `arn:aws:glue:us-west-2:${account}:*`,
              Condition: { Bool: { 'aws:SecureTransport': 'true' } },
            },
            {
              Effect: 'Deny',
              Action: 's3:*',
              Resource: '*',
              Condition: { StringNotEquals: { 'aws:RequestedRegion': ['us-west-2', 'us-east-1'] } },
            },
          ],
        },
      },
    ];
    out.push({
      arn,
      account,
      trust: {
        name: `trust policy of role-${i}`,
        document: { Version: '2012-10-17', Statement: statements },
      },
      identity,
    });
  }
  return out;
}

/** Runs `f` n times; returns the rate per wall-clock second and per CPU-second of this process. */
function timeIt(n: number, f: (i: number) => void): { wall: number; cpu: number } {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) f(i);
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  const c = process.cpuUsage(c0);
  return { wall: n / s, cpu: n / ((c.user + c.system) / 1e6) };
}

export async function run(): Promise<BenchResult[]> {
  const roles = organisation(20261122, 2_000);
  const rand = rng(7);
  const trustCheck = (caller: Role, target: Role): EvaluationInput => ({
    request: { principal: caller.arn, action: 'sts:AssumeRole', resource: target.arn },
    identityPolicies: caller.identity,
    resourcePolicy: target.trust,
  });
  // Candidate pairs, as the graph finds them through trustPrincipals(): each role named in a trust policy,
  // and roles of each account a trust names, against that trust.
  const byArn = new Map(roles.map((r) => [r.arn, r]));
  const byAccount = new Map<string, Role[]>();
  for (const r of roles) byAccount.set(r.account, [...(byAccount.get(r.account) ?? []), r]);
  const candidates: EvaluationInput[] = [];
  for (const target of roles) {
    for (const tp of trustPrincipals(target.trust.document)) {
      if (tp.effect !== 'Allow') continue;
      if (tp.kind === 'role') {
        const caller = byArn.get(tp.value);
        if (caller) candidates.push(trustCheck(caller, target));
      } else if (tp.kind === 'account' && tp.account) {
        const callers = byAccount.get(tp.account) ?? [];
        for (let k = 0; k < 3 && callers.length > 0; k++)
          candidates.push(trustCheck(callers[Math.floor(rand() * callers.length)] as Role, target));
      }
    }
  }
  const pairs = Array.from({ length: 4_096 }, (_, k) => candidates[k % candidates.length] as EvaluationInput);
  // Random pairs: nearly all denied, each with its full explanation (what a brute-force graph would pay).
  const random = Array.from({ length: 4_096 }, () =>
    trustCheck(
      roles[Math.floor(rand() * roles.length)] as Role,
      roles[Math.floor(rand() * roles.length)] as Role,
    ),
  );
  const s3 = Array.from({ length: 4_096 }, (_, k) => {
    const caller = roles[Math.floor(rand() * roles.length)] as Role;
    const input: EvaluationInput = {
      request: {
        principal: caller.arn,
        action: rand() < 0.5 ? 's3:GetObject' : 'glue:GetTable',
        resource:
          rand() < 0.5
            ? `arn:aws:s3:::bucket-${k % 50}/data/x.csv`
            : `arn:aws:glue:us-west-2:${caller.account}:table/db/t`,
        resourceAccount: caller.account,
        context: {
          'aws:SourceIp': rand() < 0.7 ? '10.1.2.3' : '203.0.113.9',
          'aws:SecureTransport': true,
          'aws:RequestedRegion': rand() < 0.9 ? 'us-west-2' : 'eu-west-1',
          'aws:PrincipalTag/team': 'data',
        },
      },
      identityPolicies: caller.identity,
    };
    return input;
  });

  // One-off cost: parse, validate and compile every document once (fresh copies, and the content cache
  // emptied first, so each run starts cold; copies of one text within a run are compiled once, as in a build).
  const compileRates: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    policyCache.clear();
    const docs = roles
      .flatMap((x) => [x.trust.document, ...x.identity.map((p) => p.document)])
      .map((d) => JSON.stringify(d));
    compileRates.push(timeIt(docs.length, (i) => compilePolicy(JSON.parse(docs[i] as string))).cpu);
  }
  // Warm the caches and the JIT.
  for (const p of pairs) evaluate(p, { mode: 'open' });
  for (const p of random) evaluate(p, { mode: 'open' });
  for (const p of s3) evaluate(p);
  const decisions = new Map<string, number>();
  for (const p of pairs) {
    const d = evaluate(p, { mode: 'open' }).decision;
    decisions.set(d, (decisions.get(d) ?? 0) + 1);
  }
  if ((decisions.get('Allow') ?? 0) + (decisions.get('Conditional') ?? 0) < pairs.length / 2)
    throw new Error(
      `the candidate workload is mostly denied (${JSON.stringify([...decisions])}): not representative`,
    );
  const mix = ['Allow', 'Conditional', 'ImplicitDeny', 'ExplicitDeny']
    .map((d) => `${decisions.get(d) ?? 0} ${d}`)
    .join(', ');

  const trust = { wall: [] as number[], cpu: [] as number[] };
  const denied = { wall: [] as number[], cpu: [] as number[] };
  const withReasons: number[] = [];
  const identity = { wall: [] as number[], cpu: [] as number[] };
  for (let r = 0; r < RUNS; r++) {
    const t = timeIt(TRUST_CHECKS, (i) => evaluate(pairs[i & 4095] as EvaluationInput, { mode: 'open' }));
    trust.wall.push(t.wall);
    trust.cpu.push(t.cpu);
    const w = timeIt(
      TRUST_CHECKS / 2,
      (i) => evaluate(pairs[i & 4095] as EvaluationInput, { mode: 'open' }).reasons.length,
    );
    withReasons.push(w.cpu);
    const x = timeIt(
      TRUST_CHECKS / 2,
      (i) => evaluate(random[i & 4095] as EvaluationInput, { mode: 'open' }).reasons.length,
    );
    denied.wall.push(x.wall);
    denied.cpu.push(x.cpu);
    const d = timeIt(IDENTITY_CHECKS, (i) => evaluate(s3[i & 4095] as EvaluationInput));
    identity.wall.push(d.wall);
    identity.cpu.push(d.cpu);
  }
  const higher = { higherIsBetter: true };
  return [
    // Per CPU-second of this (single-threaded) process: what one core does, steady on a shared machine.
    result(
      `policy: trust checks on candidate pairs (open context, identity included; ${mix})`,
      'evaluations/cpu-s',
      trust.cpu,
      {
        budget: 100_000,
        higherIsBetter: true,
      },
    ),
    result(
      'policy: trust checks on candidate pairs, wall clock (same runs)',
      'evaluations/s',
      trust.wall,
      higher,
    ),
    result(
      'policy: trust checks on candidate pairs, reasons read too',
      'evaluations/cpu-s',
      withReasons,
      higher,
    ),
    result(
      'policy: trust checks on random pairs (nearly all denied, reasons read)',
      'evaluations/cpu-s',
      denied.cpu,
      higher,
    ),
    result(
      'policy: identity checks with conditions (complete context)',
      'evaluations/cpu-s',
      identity.cpu,
      higher,
    ),
    result(
      'policy: identity checks with conditions, wall clock (same runs)',
      'evaluations/s',
      identity.wall,
      higher,
    ),
    result('policy: parse + validate + compile a document (cold)', 'documents/cpu-s', compileRates, higher),
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const r of await run()) process.stdout.write(`${JSON.stringify(r)}\n`);
}

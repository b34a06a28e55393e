/**
 * The deciding pass (only the statements that admit the action) and the explaining pass (every
 * statement) must agree on every request: decision, open conditions, validation and reasons. Seeded
 * random policies over a small vocabulary, so that actions, NotAction, wildcards, conditions, Deny,
 * boundaries, SCPs and invalid statements meet in many combinations.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rng } from '../../bench/generate-org';
import { evaluate } from './evaluate';
import type { EvaluationInput, PolicyInput } from './types';

const ACTIONS = ['sts:AssumeRole', 'sts:TagSession', 's3:GetObject', 's3:PutObject', 'glue:GetTable'];
const PATTERNS = ['sts:*', 's3:Get*', 's3:*', '*', 'sts:AssumeRole', 'glue:Get?able', 'S3:getobject'];
const RESOURCES = [
  '*',
  'arn:aws:iam::111111111111:role/*',
  'arn:aws:iam::*:role/app/*',
  'arn:aws:s3:::data/*',
  'arn:aws:s3:::data/${aws:PrincipalTag/team}/*',
  'arn:aws:glue:us-west-2:111111111111:*',
];
const CALLERS = [
  'arn:aws:iam::111111111111:role/app/worker',
  'arn:aws:iam::222222222222:role/vendor',
  'arn:aws:iam::111111111111:user/alice',
  'ec2.amazonaws.com',
];
const CONDITIONS = [
  { StringEquals: { 'sts:ExternalId': 'x-1' } },
  { StringLike: { 'aws:PrincipalTag/team': 'data*' } },
  { Bool: { 'aws:SecureTransport': 'false' } },
  { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
  { Null: { 'aws:TokenIssueTime': 'true' } },
];

function generator(seed: number): { input(): EvaluationInput; mode(): 'open' | 'complete' } {
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const some = <T>(xs: readonly T[]): T[] =>
    Array.from({ length: 1 + Math.floor(rand() * 2) }, () => pick(xs));
  const statement = (withPrincipal: boolean): Record<string, unknown> => {
    const st: Record<string, unknown> = { Effect: rand() < 0.75 ? 'Allow' : 'Deny' };
    if (rand() < 0.15) st.NotAction = some(PATTERNS);
    else st.Action = some(PATTERNS);
    if (withPrincipal)
      st.Principal =
        rand() < 0.2
          ? '*'
          : rand() < 0.6
            ? { AWS: some(CALLERS.slice(0, 3)) }
            : { Service: 'ec2.amazonaws.com' };
    else if (rand() < 0.15) st.NotResource = some(RESOURCES);
    else st.Resource = some(RESOURCES);
    if (rand() < 0.4) st.Condition = pick(CONDITIONS);
    if (rand() < 0.05) st.Effect = 'Maybe'; // invalid: never allows
    return st;
  };
  const policy = (name: string, withPrincipal: boolean): PolicyInput => ({
    name,
    document: {
      Version: '2012-10-17',
      Statement: Array.from({ length: 1 + Math.floor(rand() * 4) }, () => statement(withPrincipal)),
    },
  });
  return {
    mode: () => (rand() < 0.5 ? 'open' : 'complete'),
    input: () => {
      const action = pick(ACTIONS);
      const input: EvaluationInput = {
        request: {
          principal: pick(CALLERS),
          action,
          resource: action.startsWith('sts:')
            ? 'arn:aws:iam::111111111111:role/app/target'
            : action.startsWith('s3:')
              ? 'arn:aws:s3:::data/team/x.csv'
              : 'arn:aws:glue:us-west-2:111111111111:table/db/t',
          ...(rand() < 0.5
            ? { context: { 'sts:ExternalId': rand() < 0.5 ? 'x-1' : 'x-2', 'aws:PrincipalTag/team': 'team' } }
            : {}),
        },
        identityPolicies: Array.from({ length: Math.floor(rand() * 3) }, (_, i) => policy(`id-${i}`, false)),
      };
      if (rand() < 0.7) input.resourcePolicy = policy('resource', true);
      if (rand() < 0.2) input.permissionBoundaries = [policy('boundary', false)];
      if (rand() < 0.1) input.sessionPolicy = policy('session', false);
      if (rand() < 0.2)
        input.serviceControlPolicies = [{ orgIdentifier: 'r-root', policies: [policy('scp', false)] }];
      return input;
    },
  };
}

describe('deciding pass and explaining pass', () => {
  it('given 3,000 seeded random requests and policies, when evaluated both ways, then they agree on everything', () => {
    const g = generator(20261122);
    const decisions = new Set<string>();
    for (let i = 0; i < 3_000; i++) {
      const input = g.input();
      const mode = g.mode();
      const fast = evaluate(input, { mode });
      const full = evaluate(input, { mode, explain: true });
      const where = `case ${i}: ${JSON.stringify(input)}`;
      assert.equal(fast.decision, full.decision, where);
      assert.deepEqual(fast.openConditions, full.openConditions, where);
      assert.deepEqual(fast.validation, full.validation, where);
      assert.deepEqual(fast.reasons, full.reasons, where);
      decisions.add(fast.decision);
    }
    // the vocabulary reaches every decision, or the comparison proves little
    assert.deepEqual([...decisions].sort(), ['Allow', 'Conditional', 'ExplicitDeny', 'ImplicitDeny']);
  });
});

describe('deciding pass across requests that share policy inputs', () => {
  it('given 3,000 requests drawn from one pool of policy inputs and SCP/RCP level lists, when decided in a row, then each agrees with a fresh copy of its input and with the explaining pass', () => {
    // The deciding pass returns a policy's (and a level list's) previous result when nothing in it
    // changed; lib/graph reuses the same inputs for thousands of calls. Fresh copies share nothing.
    const g = generator(20261123);
    const rand = rng(7);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
    const pool = Array.from({ length: 40 }, () => g.input());
    const identities = pool.map((i) => i.identityPolicies ?? []);
    const resources = pool.flatMap((i) => (i.resourcePolicy ? [i.resourcePolicy] : []));
    const boundaries = pool.flatMap((i) => i.permissionBoundaries ?? []);
    const scpPolicies = pool.flatMap((i) => i.serviceControlPolicies?.[0]?.policies ?? []);
    const levels = (policies: readonly PolicyInput[]): EvaluationInput['serviceControlPolicies'] => [
      { orgIdentifier: 'r-root', policies: policies.slice(0, 1) },
      { orgIdentifier: 'ou-data', policies: policies.slice(1, 3) },
      { orgIdentifier: '111111111111', policies: [] },
    ];
    const scpLists = [levels(scpPolicies), levels(scpPolicies.slice(2)), undefined];
    const rcpLists = [levels(resources.slice(0, 3)), undefined];
    const decisions = new Set<string>();
    for (let i = 0; i < 3_000; i++) {
      const request = pick(pool).request;
      const input: EvaluationInput = { request, identityPolicies: pick(identities) };
      if (rand() < 0.7) input.resourcePolicy = pick(resources);
      if (rand() < 0.2) input.permissionBoundaries = [pick(boundaries)];
      const scps = pick(scpLists);
      if (scps) input.serviceControlPolicies = scps;
      const rcps = pick(rcpLists);
      if (rcps) input.resourceControlPolicies = rcps;
      const mode = g.mode();
      const shared = evaluate(input, { mode });
      const fresh = evaluate(structuredClone(input), { mode });
      const full = evaluate(input, { mode, explain: true });
      const where = `case ${i}: ${JSON.stringify(input)}`;
      assert.equal(shared.decision, fresh.decision, where);
      assert.equal(shared.decision, full.decision, where);
      assert.deepEqual(shared.openConditions, fresh.openConditions, where);
      assert.deepEqual(shared.openConditions, full.openConditions, where);
      assert.deepEqual(shared.validation, fresh.validation, where);
      if (i % 10 === 0) assert.deepEqual(shared.reasons, full.reasons, where);
      decisions.add(shared.decision);
    }
    assert.deepEqual([...decisions].sort(), ['Allow', 'Conditional', 'ExplicitDeny', 'ImplicitDeny']);
  });
});

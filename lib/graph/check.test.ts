import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ChainCheck } from './check';
import { checkChain } from './check';
import { validateChainRequest } from './check-input';
import {
  A,
  allow,
  B,
  bucket,
  doc,
  externalId,
  instance,
  profile,
  role,
  roleArn,
  snapshotOf,
  trustAws,
  trustService,
  user,
} from './testkit';

const LAKE = 'acme-lake';
const EXT_ID = 'doris-external-id';
const nodeRole = role(A, 'doris-instance-role', doc(trustService('ec2.amazonaws.com')), [
  doc(allow('sts:AssumeRole', roleArn(B, 'doris-s3-role'))),
]);
const s3Role = role(B, 'doris-s3-role', doc(trustAws(nodeRole.arn, externalId(EXT_ID))), [
  doc(
    allow(['s3:GetObject', 's3:PutObject'], `arn:aws:s3:::${LAKE}/doris/*`),
    allow('s3:ListBucket', `arn:aws:s3:::${LAKE}`, {
      Condition: { StringLike: { 's3:prefix': ['doris/*'] } },
    }),
  ),
]);
const noGrant = role(A, 'flink-instance-role', doc(trustService('ec2.amazonaws.com')));
const trustsNoGrant = role(B, 'flink-role', doc(trustAws(noGrant.arn)), [
  doc(allow('s3:PutObject', `arn:aws:s3:::${LAKE}/flink/*`)),
]);
const ecsOnly = role(A, 'kafka-role', doc(trustService('ecs-tasks.amazonaws.com')), [
  doc(allow('sts:AssumeRole', s3Role.arn)),
]);
const ipOnly = role(
  B,
  'office-role',
  doc(trustAws(nodeRole.arn, { Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } })),
  [doc(allow('s3:GetObject', `arn:aws:s3:::${LAKE}/*`))],
);
const longRole = role(
  B,
  'export-role',
  doc(trustAws(nodeRole.arn)),
  [doc(allow('s3:PutObject', `arn:aws:s3:::${LAKE}/*`))],
  { maxSessionDuration: 43200 },
);
const analyst = user(B, 'analyst');
const denyAnalyst = doc({
  Effect: 'Deny',
  Principal: { AWS: analyst.arn },
  Action: 's3:*',
  Resource: `arn:aws:s3:::${LAKE}/*`,
});
const pDoris = profile(A, 'doris-profile', [nodeRole.arn]);
const pKafka = profile(A, 'kafka-profile', [ecsOnly.arn]);
nodeRole.inlinePolicies.push({
  name: 'more',
  document: doc(allow('sts:AssumeRole', [ipOnly.arn, longRole.arn])),
});
analyst.inlinePolicies.push({ name: 'read', document: doc(allow('s3:GetObject', `arn:aws:s3:::${LAKE}/*`)) });
const analystRole = role(B, 'analyst-role', doc(trustAws(analyst.arn)), [
  doc(allow('s3:GetObject', `arn:aws:s3:::${LAKE}/*`)),
]);
const snap = snapshotOf({
  roles: [nodeRole, s3Role, noGrant, trustsNoGrant, ecsOnly, ipOnly, longRole, analystRole],
  users: [analyst],
  instanceProfiles: [pDoris, pKafka],
  instances: [
    instance(A, 'i-0123456789abcdef0', pDoris.arn),
    instance(A, 'i-0aaaaaaaaaaaaaaaa', pKafka.arn),
    instance(A, 'i-0bbbbbbbbbbbbbbbb'),
  ],
  buckets: [bucket(B, LAKE, denyAnalyst)],
});

const statuses = (c: ChainCheck): string => c.steps.map((s) => s.status).join(' ');
const doris = {
  source: 'i-0123456789abcdef0',
  targetRole: s3Role.arn,
  resource: `s3://${LAKE}/doris/part-0.parquet`,
  action: 's3:GetObject',
  externalId: EXT_ID,
};

describe('checkChain: the working chain', () => {
  test('given an instance, its profile role, the ExternalId and a read in the granted prefix, when checked, then all five steps pass', () => {
    const c = checkChain(snap, doris);
    assert.equal(statuses(c), 'pass pass pass pass pass');
    assert.equal(c.ok, true);
    assert.equal(c.resolved.caller, nodeRole.arn);
    assert.equal(c.resolved.roleChaining, true);
  });

  test('given a listing of the granted prefix, when checked, then s3:prefix comes from the path and step 4 passes', () => {
    const c = checkChain(snap, { ...doris, resource: `s3://${LAKE}/doris/`, action: 's3:ListBucket' });
    assert.equal(c.steps[3]?.status, 'pass');
  });
});

describe('checkChain: each step failing', () => {
  test('given the source has no sts:AssumeRole grant, when checked cross-account, then step 1 fails with a fix naming the statement', () => {
    const c = checkChain(snap, {
      source: noGrant.arn,
      targetRole: trustsNoGrant.arn,
      resource: `s3://${LAKE}/flink/x`,
      action: 's3:PutObject',
    });
    assert.equal(statuses(c), 'fail pass pass pass pass');
    assert.match(c.steps[0]?.fix ?? '', /put-role-policy --role-name flink-instance-role/);
  });

  test('given no ExternalId, when checked, then step 2 fails (not conditional) and the fix names the expected id', () => {
    const { externalId: _ignored, ...noId } = doris;
    const c = checkChain(snap, noId);
    assert.equal(c.steps[1]?.status, 'fail');
    assert.match(c.steps[1]?.fix ?? '', /doris-external-id/);
  });

  test('given a wrong ExternalId, when checked, then step 2 fails with the mismatch in its reasons', () => {
    const c = checkChain(snap, { ...doris, externalId: 'wrong' });
    assert.equal(c.steps[1]?.status, 'fail');
    assert.ok(
      c.steps[1]?.reasons.some((r) =>
        r.mismatches?.some((m) => m.element === 'Condition' && m.given.includes('wrong')),
      ),
    );
  });

  test('given a trust narrowed by source IP, when checked, then step 2 is conditional on aws:SourceIp', () => {
    const c = checkChain(snap, { ...doris, targetRole: ipOnly.arn });
    assert.equal(c.steps[1]?.status, 'conditional');
    assert.equal(c.steps[1]?.openConditions?.[0]?.key.toLowerCase(), 'aws:sourceip');
    assert.equal(c.ok, false);
  });

  test('given 7200 s through a chain to a role allowing 12 h, when checked, then step 3 fails on the one-hour chaining limit', () => {
    const c = checkChain(snap, {
      ...doris,
      targetRole: longRole.arn,
      action: 's3:PutObject',
      durationSeconds: 7200,
    });
    assert.equal(statuses(c), 'pass pass fail pass pass');
    assert.match(c.steps[2]?.reasons.map((r) => r.message).join(' ') ?? '', /role chaining/);
  });

  test('given a user with long-lived keys (no chaining), when 7200 s exceed MaxSessionDuration 3600, then step 3 fails on MaxSessionDuration', () => {
    const c = checkChain(snap, {
      source: analyst.arn,
      targetRole: analystRole.arn,
      resource: `s3://${LAKE}/a`,
      action: 's3:GetObject',
      durationSeconds: 7200,
    });
    assert.equal(c.steps[2]?.status, 'fail');
    assert.match(c.steps[2]?.fix ?? '', /max-session-duration/);
    assert.equal(c.resolved.roleChaining, false);
  });

  describe('a target role whose MaxSessionDuration no source gave (authorization details only)', () => {
    const unknownRole = { ...analystRole, maxSessionDurationKnown: false as const };
    const unknownSnap = snapshotOf({
      ...snap,
      roles: snap.roles.map((r) => (r.arn === analystRole.arn ? unknownRole : r)),
    });
    const ask = (durationSeconds: number, roleChaining?: boolean): ChainCheck =>
      checkChain(unknownSnap, {
        source: analyst.arn,
        targetRole: analystRole.arn,
        resource: `s3://${LAKE}/a`,
        action: 's3:GetObject',
        durationSeconds,
        ...(roleChaining !== undefined ? { roleChaining } : {}),
      });

    test('when 7200 s are asked without chaining, then step 3 is open (conditional), names what to import, and states no limit', () => {
      const c = ask(7200);
      const s3 = c.steps[2]!;
      assert.equal(s3.status, 'conditional');
      const text = s3.reasons.map((r) => r.message).join(' ');
      assert.match(text, /does not know it/);
      assert.doesNotMatch(text, /MaxSessionDuration of 3600/);
      assert.match(s3.fix ?? '', /aws iam list-roles/);
      assert.match(s3.fix ?? '', /refresh from AWS/);
      assert.match(s3.fix ?? '', /at most 3600 s/);
      assert.equal(c.ok, false, 'an open step is not a working chain');
    });

    test('when 3600 s or less are asked, then step 3 passes: every role allows 3600 s', () => {
      for (const d of [900, 3600]) {
        const s3 = ask(d).steps[2]!;
        assert.equal(s3.status, 'pass', `${d} s`);
        assert.match(s3.reasons[0]?.message ?? '', /3600 s every role allows/);
      }
    });

    test('when 7200 s are asked from a role session, then the role-chaining cap still fails step 3', () => {
      const s3 = ask(7200, true).steps[2]!;
      assert.equal(s3.status, 'fail');
      assert.match(s3.reasons.map((r) => r.message).join(' '), /role chaining/);
      assert.doesNotMatch(s3.fix ?? '', /max-session-duration/);
    });

    test('when the limit is known again (43200), then 7200 s pass on it', () => {
      const c = checkChain(snap, {
        source: nodeRole.arn,
        targetRole: longRole.arn,
        resource: `s3://${LAKE}/x`,
        action: 's3:PutObject',
        durationSeconds: 7200,
        roleChaining: false,
      });
      assert.equal(c.steps[2]?.status, 'pass');
      assert.match(c.steps[2]?.reasons[0]?.message ?? '', /MaxSessionDuration 43200 s/);
    });
  });

  test('given an action outside the role policies, when checked, then step 4 fails', () => {
    const c = checkChain(snap, { ...doris, resource: `s3://${LAKE}/finance/x.csv` });
    assert.equal(c.steps[3]?.status, 'fail');
    assert.match(c.steps[3]?.fix ?? '', /s3:GetObject/);
  });

  test('given a bucket policy that denies the principal, when checked, then step 5 fails and names the Deny statement', () => {
    const c = checkChain(snap, {
      source: analyst.arn,
      targetRole: analystRole.arn,
      resource: `s3://${LAKE}/a`,
      action: 's3:GetObject',
    });
    // The user reads through the role, which the Deny does not name: the chain works …
    assert.equal(c.steps[4]?.status, 'pass');
    // … but a role that the Deny names fails at step 5.
    const direct = checkChain(
      snapshotOf({
        ...snap,
        buckets: [
          bucket(
            B,
            LAKE,
            doc({
              Effect: 'Deny',
              Principal: { AWS: analystRole.arn },
              Action: 's3:*',
              Resource: `arn:aws:s3:::${LAKE}/*`,
            }),
          ),
        ],
      }),
      {
        source: analyst.arn,
        targetRole: analystRole.arn,
        resource: `s3://${LAKE}/a`,
        action: 's3:GetObject',
      },
    );
    assert.equal(direct.steps[4]?.status, 'fail');
    assert.ok(direct.steps[4]?.reasons.some((r) => r.policy.kind === 'resource' && r.effect === 'Deny'));
  });

  test('given an instance whose profile role trusts only ECS, when checked, then step 1 fails: the instance gets no credentials', () => {
    const c = checkChain(snap, { ...doris, source: 'i-0aaaaaaaaaaaaaaaa' });
    assert.equal(c.steps[0]?.status, 'fail');
    assert.match(c.steps[0]?.reasons[0]?.message ?? '', /does not trust ec2\.amazonaws\.com/);
  });

  test('given an instance without a profile, when checked, then step 1 fails and the fix associates a profile', () => {
    const c = checkChain(snap, { ...doris, source: 'i-0bbbbbbbbbbbbbbbb' });
    assert.equal(c.steps[0]?.status, 'fail');
    assert.match(c.steps[0]?.fix ?? '', /associate-iam-instance-profile/);
  });

  test('given a same-account trust naming the user, when the user has no grant, then step 1 passes because none is needed', () => {
    const c = checkChain(snap, {
      source: analyst.arn,
      targetRole: analystRole.arn,
      resource: `s3://${LAKE}/a`,
      action: 's3:GetObject',
    });
    assert.equal(c.steps[0]?.status, 'pass');
  });
});

describe('checkChain: cross-account resources and Glue', () => {
  const reader = role(A, 'reader-role', doc(trustAws(nodeRole.arn)), [
    doc(allow('s3:GetObject', `arn:aws:s3:::${LAKE}/*`)),
  ]);
  const glueBase = `arn:aws:glue:us-west-2:${B}`;
  const tableOnly = role(B, 'table-only-role', doc(trustAws(nodeRole.arn)), [
    doc(allow('glue:GetTable', `${glueBase}:table/sales/*`)),
  ]);
  const fullGlue = role(B, 'full-glue-role', doc(trustAws(nodeRole.arn)), [
    doc(
      allow('glue:GetTable', [
        `${glueBase}:catalog`,
        `${glueBase}:database/sales`,
        `${glueBase}:table/sales/*`,
      ]),
    ),
  ]);
  nodeRole.inlinePolicies.push({
    name: 'more-2',
    document: doc(allow('sts:AssumeRole', [roleArn(A, 'reader-role'), tableOnly.arn, fullGlue.arn])),
  });
  const s2 = snapshotOf({
    ...snap,
    roles: [...snap.roles, reader, tableOnly, fullGlue],
    glueCatalogs: [{ account: B, region: 'us-west-2' }],
  });

  test('given a role in one account and a bucket in another whose policy does not grant it, when checked, then step 4 passes and step 5 fails', () => {
    const c = checkChain(s2, {
      source: nodeRole.arn,
      targetRole: reader.arn,
      resource: `s3://${LAKE}/x.csv`,
      action: 's3:GetObject',
    });
    assert.equal(c.steps[3]?.status, 'pass');
    assert.equal(c.steps[4]?.status, 'fail');
    assert.match(c.steps[4]?.fix ?? '', /put-bucket-policy --bucket acme-lake/);
  });

  test('given GetTable granted on the table only, when checked, then step 4 fails: Glue also needs the catalog and the database', () => {
    const req = { source: nodeRole.arn, resource: `${glueBase}:table/sales/orders`, action: 'glue:GetTable' };
    assert.equal(checkChain(s2, { ...req, targetRole: tableOnly.arn }).steps[3]?.status, 'fail');
    assert.equal(checkChain(s2, { ...req, targetRole: fullGlue.arn }).steps[3]?.status, 'pass');
  });
});

describe('validateChainRequest', () => {
  test('given a malformed source, role and action, when validated, then each is named', () => {
    const problems = validateChainRequest({
      source: 'doris',
      targetRole: 'doris-s3-role',
      resource: 'bucket',
      action: 'GetObject',
    });
    assert.equal(problems.length, 4);
  });

  test('given a valid request, when validated, then nothing is wrong', () => {
    assert.deepEqual(validateChainRequest(doris), []);
  });
});

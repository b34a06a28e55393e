import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  A,
  B,
  allow,
  analyse,
  assumeEvent,
  doc,
  externalId,
  ofRule,
  role,
  roleArn,
  snapshotOf,
  trustAws,
  trustService,
} from '../testkit';

const TGT = roleArn(B, 'lake-role');
const allowed = role(A, 'app-role', doc(trustService('ec2.amazonaws.com')), [
  doc(allow('sts:AssumeRole', TGT)),
]);
const bare = role(A, 'app-role', doc(trustService('ec2.amazonaws.com')));
const denied = (extra: Partial<Parameters<typeof assumeEvent>[0]> = {}) => [
  assumeEvent({ callerRole: allowed.arn, role: TGT, outcome: 'denied', ...extra }),
];
const run = (roles: ReturnType<typeof role>[], events: ReturnType<typeof assumeEvent>[]) =>
  ofRule(analyse(snapshotOf({ roles }), events), 'denied-attempt');

describe('rule denied-attempt', () => {
  it('given a denial by a trust that does not name the caller, when replayed, then step 2 is named and the trust fix is proposed', () => {
    const [f, ...rest] = run(
      [allowed, role(B, 'lake-role', doc(trustAws(`arn:aws:iam::${B}:root`)))],
      denied(),
    );
    assert.equal(rest.length, 0);
    assert.equal(f?.id, `denied-attempt:${allowed.arn}->${TGT}#trust`);
    assert.equal(f?.severity, 'medium');
    assert.match(f?.message ?? '', /Step 2: no statement of the trust policy of lake-role admits/);
    assert.equal(f?.fix?.policyKind, 'trust');
    assert.equal(f?.fix?.recheck?.after, 'Allow');
    assert.deepEqual(f?.related, [`missing-trust:${allowed.arn}->${TGT}`]);
    assert.match(f?.evidence[0]?.text ?? '', /^Replayed in complete-context mode/);
  });

  it('given a denial of a caller with no sts:AssumeRole allow, when replayed, then step 1 is named and the permission fix is proposed', () => {
    const [f] = run([bare, role(B, 'lake-role', doc(trustAws(bare.arn)))], denied());
    assert.match(f?.message ?? '', /Step 1: no identity policy of .*app-role allows sts:AssumeRole/);
    assert.equal(f?.fix?.policyKind, 'identity');
    assert.equal(f?.fix?.recheck?.after, 'Allow');
  });

  it('given a denial with the wrong ExternalId, when replayed, then step 2 names the ExternalId', () => {
    const [f] = run(
      [allowed, role(B, 'lake-role', doc(trustAws(allowed.arn, externalId('right'))))],
      denied({ externalId: 'wrong' }),
    );
    assert.ok(f?.id.endsWith('#external-id'));
    assert.match(f?.message ?? '', /only with sts:ExternalId right; the call sent wrong/);
  });

  it('given a chained call asking 7200 s, when replayed, then step 3 is named', () => {
    const [f] = run(
      [allowed, role(B, 'lake-role', doc(trustAws(allowed.arn)))],
      denied({ outcome: 'error', durationSeconds: 7200 }),
    );
    assert.ok(f?.id.endsWith('#duration'));
    assert.match(f?.message ?? '', /Step 3: 7200 s asked from a role session/);
  });

  it("given a denial that today's policies would allow, when replayed, then it is info and says so", () => {
    const [f] = run([allowed, role(B, 'lake-role', doc(trustAws(allowed.arn)))], denied());
    assert.equal(f?.severity, 'info');
    assert.match(f?.message ?? '', /would be allowed by today's policies/);
  });

  it('given only successful calls, when analysed, then the rule stays silent', () => {
    assert.deepEqual(
      run(
        [allowed, role(B, 'lake-role', doc(trustAws(allowed.arn)))],
        [assumeEvent({ callerRole: allowed.arn, role: TGT })],
      ),
      [],
    );
  });
});

describe('rule denied-attempt, conditions CloudTrail does not record', () => {
  it('given a denial by a trust that asks MFA, for a caller whose MFA CloudTrail does not show, when replayed, then it is low and names the condition instead of claiming a fix', () => {
    const mfa = { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } };
    const caller = {
      type: 'IAMUser' as const,
      arn: 'arn:aws:iam::111111111111:user/alice.chen',
      accountId: A,
      userName: 'alice.chen',
    };
    const alice = {
      arn: caller.arn,
      name: 'alice.chen',
      path: '/',
      id: 'AIDAALICEEXAMPLE0001',
      account: A,
      groupNames: [],
      inlinePolicies: [],
      attachedPolicyArns: [],
      tags: {},
      accessKeys: [],
    };
    const target = role(A, 'data-engineer-role', doc(trustAws(caller.arn, mfa)));
    const events = [assumeEvent({ caller, role: target.arn, outcome: 'denied' })];
    const [f, ...rest] = ofRule(
      analyse(snapshotOf({ roles: [target], users: [alice] }), events),
      'denied-attempt',
    );
    assert.equal(rest.length, 0);
    assert.ok(f?.id.endsWith('#unrecorded-condition'), f?.id);
    assert.equal(f?.severity, 'low');
    assert.match(f?.message ?? '', /allow it if aws:MultiFactorAuthPresent/i);
  });
});

describe('rule denied-attempt, the session duration of a role whose MaxSessionDuration is unknown', () => {
  const caller = {
    type: 'IAMUser' as const,
    arn: `arn:aws:iam::${A}:user/exporter`,
    accountId: A,
    userName: 'exporter',
  };
  const exporter = {
    arn: caller.arn,
    name: 'exporter',
    path: '/',
    id: 'AIDAEXPORTEREXAMPLE1',
    account: A,
    groupNames: [],
    inlinePolicies: [{ name: 'assume', document: doc(allow('sts:AssumeRole', TGT)) }],
    attachedPolicyArns: [],
    tags: {},
    accessKeys: [],
  };
  const refused = [
    assumeEvent({ caller, role: TGT, outcome: 'error', errorCode: 'ValidationError', durationSeconds: 7200 }),
  ];
  const replay = (extra: Partial<ReturnType<typeof role>>) =>
    ofRule(
      analyse(
        snapshotOf({
          roles: [role(B, 'lake-role', doc(trustAws(caller.arn)), [], extra)],
          users: [exporter],
        }),
        refused,
      ),
      'denied-attempt',
    );

  it('given a user refused 7200 s with ValidationError, when the limit is unknown, then step 3 is named without stating a limit, and the fix asks for the 3600 s every role allows', () => {
    const [f, ...rest] = replay({ maxSessionDurationKnown: false });
    assert.equal(rest.length, 0);
    assert.ok(f?.id.endsWith('#duration'), f?.id);
    assert.match(f?.message ?? '', /MaxSessionDuration of lake-role is not in the snapshot/);
    assert.match(f?.message ?? '', /aws iam list-roles/);
    assert.doesNotMatch(f?.message ?? '', /allows at most/);
    assert.match(f?.fix?.summary ?? '', /at most 3600 s, which every role allows/);
    assert.match(f?.fix?.cli ?? '', /--duration-seconds 3600$/);
  });

  it('given the same call, when the limit is known (3600), then step 3 states it', () => {
    const [f] = replay({ maxSessionDuration: 3600 });
    assert.match(f?.message ?? '', /Step 3: 7200 s asked; lake-role allows at most 3600 s/);
    assert.equal(
      f?.fix?.summary,
      "Ask lake-role for at most 3600 s (DurationSeconds in the caller's client).",
    );
  });
});

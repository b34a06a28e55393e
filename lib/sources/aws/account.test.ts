import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import {
  GetAccountAuthorizationDetailsCommand,
  GenerateCredentialReportCommand,
  ListRolesCommand,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { GetBucketPolicyCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import type { GetAccountAuthorizationDetailsCommandOutput } from '@aws-sdk/client-iam';
import { readFileSync } from 'node:fs';
import { DescribeInstancesCommand, DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import type { Reservation } from '@aws-sdk/client-ec2';
import { collectAccount } from './account';
import type { CollectOptions } from './account';
import type { ProgressEvent } from './progress';
import {
  awsError,
  defaultKeyPolicy,
  FakeAws,
  fakeTime,
  listRolesPage,
  MANAGEMENT,
} from './fixtures/mock-aws';

let aws: FakeAws;
beforeEach(() => {
  aws = new FakeAws([MANAGEMENT]);
});
afterEach(() => aws.restore());

function run(opts: Partial<CollectOptions> = {}, signal = new AbortController().signal) {
  const time = fakeTime();
  const progress: ProgressEvent[] = [];
  const result = collectAccount(
    aws.factory(),
    { cloudTrail: false, clock: time.clock, sleep: time.sleep, ...opts },
    (e) => progress.push(e),
    signal,
  );
  return { result, progress, time };
}

describe('collectAccount', () => {
  test('given one account, when collected, then IAM, S3, EC2 and providers land in one snapshot through the file readers', async () => {
    const { result, progress } = run();
    const r = await result;
    assert.ok(r.ok, JSON.stringify(r));
    const s = r.value.snapshot;
    assert.equal(s.source.kind, 'aws');
    assert.match(s.source.detail, /111111111111/);
    assert.deepEqual(
      s.roles.map((x) => x.arn),
      ['arn:aws:iam::111111111111:role/app', 'arn:aws:iam::111111111111:role/Reader'],
    );
    const app = s.roles[0]!;
    // URL-encoded documents decoded once, dates as ISO strings.
    assert.deepEqual((app.trustPolicy as { Statement: { Principal: unknown }[] }).Statement[0]!.Principal, {
      Service: 'ec2.amazonaws.com',
    });
    assert.equal(app.createDate, '2024-03-01T10:00:00Z');
    assert.deepEqual(app.lastUsed, { date: '2026-11-20T08:00:00Z', region: 'us-east-1' });
    assert.equal(s.managedPolicies[0]?.defaultVersionId, 'v2');
    // ListRoles gives each role's MaxSessionDuration, which authorization details lack.
    assert.deepEqual(
      s.roles.map((x) => [x.name, x.maxSessionDuration, x.maxSessionDurationKnown]),
      [
        ['app', 3600, undefined],
        ['Reader', 43200, undefined],
      ],
    );
    // ListInstanceProfiles adds the profile without a role.
    assert.deepEqual(
      s.instanceProfiles.map((p) => [p.name, p.roleArns]),
      [
        ['app', ['arn:aws:iam::111111111111:role/app']],
        ['orphan', []],
      ],
    );
    assert.deepEqual(
      s.identityProviders.map((p) => p.arn),
      ['arn:aws:iam::111111111111:saml-provider/Okta'],
    );
    // Credential report applied to the user and the root.
    assert.equal(s.users[0]?.accessKeys[0]?.status, 'Active');
    assert.equal(s.accounts.find((a) => a.id === MANAGEMENT)?.root?.mfaActive, true);
    assert.deepEqual(s.buckets, [
      {
        name: 'data-111111111111',
        account: MANAGEMENT,
        region: 'eu-west-1',
        policy: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: 'arn:aws:iam::111111111111:role/app' },
              Action: 's3:GetObject',
              Resource: 'arn:aws:s3:::data-111111111111/*',
            },
          ],
        },
        publicAccessBlock: {
          blockPublicAcls: true,
          ignorePublicAcls: true,
          blockPublicPolicy: true,
          restrictPublicBuckets: true,
        },
        encryption: {
          algorithm: 'aws:kms',
          kmsKeyId: 'arn:aws:kms:eu-west-1:111111111111:alias/data',
          bucketKeyEnabled: true,
        },
      },
    ]);
    assert.deepEqual(
      s.instances.map((i) => [i.id, i.region, i.instanceProfileArn, i.state]),
      [['i-0111111111111', 'us-east-1', 'arn:aws:iam::111111111111:instance-profile/app', 'running']],
    );
    // Glue and KMS are read now: no "not collected" warning, and every region a record of its own.
    assert.deepEqual(s.warnings, []);
    assert.deepEqual(s.kmsKeys, [
      {
        arn: 'arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab',
        account: MANAGEMENT,
        region: 'eu-west-1',
        policy: defaultKeyPolicy(MANAGEMENT),
        aliases: ['alias/data'],
      },
    ]);
    assert.deepEqual(
      s.glueCatalogs.map((g) => [g.region, g.policy !== undefined]),
      [
        ['eu-west-1', true],
        ['us-east-1', false],
      ],
    );
    const parts = (s.coverage ?? [])
      .filter((p) => p.source === 'glue' || p.source === 'kms')
      .map((p) => `${p.source} ${p.region ?? ''} ${p.state}`)
      .sort();
    assert.deepEqual(parts, [
      'glue eu-west-1 complete',
      'glue us-east-1 complete',
      'kms eu-west-1 complete',
      'kms us-east-1 complete',
    ]);
    assert.ok(progress.some((p) => p.phase === 'iam' && p.account === MANAGEMENT));
    assert.ok(progress.every((p) => typeof p.message === 'string' && p.done >= 0));
  });

  test('given authorization details in short pages, when collected, then Marker is followed while IsTruncated and every item arrives', async () => {
    // The cloudsplaining sample (CLI output) split into three pages far below MaxItems, re-encoded as the raw API sends it.
    const sample = JSON.parse(
      readFileSync(new URL('./fixtures/authz-details.cloudsplaining.json', import.meta.url), 'utf8'),
    );
    const encode = (d: unknown) => encodeURIComponent(JSON.stringify(d));
    const roles = sample.RoleDetailList.map((r: Record<string, unknown>) => ({
      ...r,
      AssumeRolePolicyDocument: encode(r.AssumeRolePolicyDocument),
      CreateDate: new Date(String(r.CreateDate).replace(' ', 'T')),
      RolePolicyList: (r.RolePolicyList as { PolicyDocument: unknown }[]).map((p) => ({
        ...p,
        PolicyDocument: encode(p.PolicyDocument),
      })),
    }));
    const policies = sample.Policies.map((p: { PolicyVersionList: { Document: unknown }[] }) => ({
      ...p,
      PolicyVersionList: p.PolicyVersionList.map((v) => ({ ...v, Document: encode(v.Document) })),
    }));
    const pages: GetAccountAuthorizationDetailsCommandOutput[] = [
      { $metadata: {}, RoleDetailList: [roles[0]] },
      { $metadata: {}, UserDetailList: sample.UserDetailList, GroupDetailList: sample.GroupDetailList },
      { $metadata: {}, RoleDetailList: [roles[1]], Policies: policies },
    ];
    aws.account(MANAGEMENT).authzPages = pages;
    const r = await run().result;
    assert.ok(r.ok);
    const s = r.value.snapshot;
    assert.equal(s.roles.length, 2);
    assert.equal(s.users.length, 1);
    assert.equal(s.groups.length, 1);
    assert.equal(s.managedPolicies.length, 3);
    const calls = aws.mocks.iam.commandCalls(GetAccountAuthorizationDetailsCommand);
    assert.deepEqual(
      calls.map((c) => c.args[0].input.Marker),
      [undefined, 'marker-1', 'marker-2'],
    );
    assert.ok(calls.every((c) => c.args[0].input.MaxItems === 1000));
    assert.deepEqual(
      s.warnings.filter((w) => w.code.startsWith('api-') || w.code.startsWith('invalid')),
      [],
    );
  });

  test('given ListRoles in short pages, when collected, then Marker is followed while IsTruncated and every role gets its MaxSessionDuration', async () => {
    const a = aws.account(MANAGEMENT);
    const [one, two] = listRolesPage(a.authzPages[0]!, { app: 7200, Reader: 43200 }).Roles ?? [];
    a.listRolesPages = [
      { $metadata: {}, Roles: [one!], IsTruncated: true },
      { $metadata: {}, Roles: [two!], IsTruncated: false },
    ];
    const r = await run().result;
    assert.ok(r.ok);
    assert.deepEqual(
      r.value.snapshot.roles.map((x) => [x.name, x.maxSessionDuration, x.maxSessionDurationKnown]),
      [
        ['app', 7200, undefined],
        ['Reader', 43200, undefined],
      ],
    );
    const calls = aws.mocks.iam.commandCalls(ListRolesCommand);
    assert.deepEqual(
      calls.map((c) => c.args[0].input.Marker),
      [undefined, 'roles-1'],
    );
    assert.ok(calls.every((c) => c.args[0].input.MaxItems === 1000));
  });

  test('given ListRoles is denied (an audit role from before it was needed), when collected, then the limits stay unknown, one warning names the permission, and the rest is collected', async () => {
    aws.mocks.iam
      .on(ListRolesCommand)
      .rejects(awsError('AccessDenied', 403, 'User is not authorized to perform: iam:ListRoles'));
    const r = await run().result;
    assert.ok(r.ok);
    const s = r.value.snapshot;
    assert.equal(s.roles.length, 2);
    assert.ok(s.roles.every((x) => x.maxSessionDurationKnown === false));
    const denied = s.warnings.filter((w) => w.source === 'iam:ListRoles');
    assert.equal(denied.length, 1);
    assert.equal(denied[0]?.code, 'api-access-denied');
    assert.match(denied[0]?.message ?? '', /grant iam:ListRoles/);
    assert.equal(s.buckets.length, 1);
  });

  test('given IAM throttles twice, when collected, then it waits and succeeds without a warning', async () => {
    const page = aws.account(MANAGEMENT).authzPages[0]!;
    aws.mocks.iam
      .on(GetAccountAuthorizationDetailsCommand)
      .rejectsOnce(awsError('Throttling', 400, 'Rate exceeded'))
      .rejectsOnce(awsError('Throttling', 400, 'Rate exceeded'))
      .resolves(page);
    const { result, time } = run({ throttleWaitMs: 1000 });
    const r = await result;
    assert.ok(r.ok);
    assert.equal(r.value.snapshot.roles.length, 2);
    assert.deepEqual(time.slept, [1000, 2000]);
    assert.deepEqual(r.value.snapshot.warnings, []);
  });

  test('given IAM throttles beyond the bound, when collected, then the rest is collected and the throttling is a warning', async () => {
    aws.mocks.iam
      .on(GetAccountAuthorizationDetailsCommand)
      .rejects(awsError('Throttling', 400, 'Rate exceeded'));
    const { result, time } = run({ throttleRounds: 2, throttleWaitMs: 10 });
    const r = await result;
    assert.ok(r.ok);
    assert.equal(r.value.snapshot.roles.length, 0);
    assert.equal(r.value.snapshot.buckets.length, 1);
    assert.deepEqual(time.slept, [10, 20]);
    const w = r.value.snapshot.warnings.find((x) => x.source === 'iam:GetAccountAuthorizationDetails');
    assert.equal(w?.code, 'api-failed');
    assert.match(
      w?.message ?? '',
      /could not call iam:GetAccountAuthorizationDetails in account 111111111111: Throttling/,
    );
  });

  test('given GetBucketPolicy is denied on one bucket, when collected, then that is one warning naming the permission and the rest is collected', async () => {
    aws
      .account(MANAGEMENT)
      .buckets.push({ name: 'logs-111111111111', region: 'us-east-1', publicAccessBlock: true });
    aws.mocks.s3
      .on(GetBucketPolicyCommand, { Bucket: 'logs-111111111111' })
      .rejects(awsError('AccessDenied', 403, 'Access Denied'));
    const r = await run().result;
    assert.ok(r.ok);
    const s = r.value.snapshot;
    const denied = s.warnings.filter((w) => w.code === 'api-access-denied');
    assert.deepEqual(denied, [
      {
        source: 's3:GetBucketPolicy',
        code: 'api-access-denied',
        message:
          'could not call s3:GetBucketPolicy on bucket logs-111111111111 in account 111111111111: AccessDenied — grant s3:GetBucketPolicy to fetch it',
      },
    ]);
    const logs = s.buckets.find((b) => b.name === 'logs-111111111111');
    assert.equal(logs?.policy, undefined);
    assert.equal(logs?.publicAccessBlock?.blockPublicPolicy, true);
    assert.ok(s.buckets.find((b) => b.name === 'data-111111111111')?.policy);
    assert.equal(s.roles.length, 2);
  });

  test('given a bucket without policy or Block Public Access, when collected, then it has neither and no warning', async () => {
    aws.account(MANAGEMENT).buckets = [{ name: 'plain' }];
    const r = await run().result;
    assert.ok(r.ok);
    // No BucketRegion in ListBuckets: GetBucketLocation's legacy "EU" means eu-west-1.
    assert.deepEqual(r.value.snapshot.buckets, [
      { name: 'plain', account: MANAGEMENT, region: 'eu-west-1', encryption: { algorithm: 'none' } },
    ]);
    assert.deepEqual(r.value.snapshot.warnings, []);
  });

  test('given the credential report is being generated, when collected, then it is polled until COMPLETE and then read', async () => {
    aws.account(MANAGEMENT).reportStates = ['STARTED', 'INPROGRESS', 'COMPLETE'];
    const { result, time } = run({ credentialReport: { pollMs: 3000, maxPolls: 10 } });
    const r = await result;
    assert.ok(r.ok);
    assert.equal(aws.mocks.iam.commandCalls(GenerateCredentialReportCommand).length, 3);
    assert.deepEqual(time.slept, [3000, 3000]);
    assert.equal(r.value.snapshot.users[0]?.passwordEnabled, true);
  });

  test('given the credential report never completes, when collected, then polling stops at the bound with a warning', async () => {
    aws.account(MANAGEMENT).reportStates = ['INPROGRESS'];
    const { result, time } = run({ credentialReport: { pollMs: 1000, maxPolls: 4 } });
    const r = await result;
    assert.ok(r.ok);
    assert.equal(aws.mocks.iam.commandCalls(GenerateCredentialReportCommand).length, 4);
    assert.deepEqual(time.slept, [1000, 1000, 1000]);
    assert.match(
      r.value.snapshot.warnings.map((w) => w.message).join('\n'),
      /credential report of account 111111111111 was not ready after 4 checks/,
    );
    assert.equal(r.value.snapshot.users[0]?.passwordEnabled, undefined);
  });

  test('given no credentials anywhere in the chain, when collected, then the error says which chain was tried and how to configure', async () => {
    aws.mocks.sts.on(GetCallerIdentityCommand).rejects(
      Object.assign(new Error('Could not load credentials from any providers'), {
        name: 'CredentialsProviderError',
      }),
    );
    const r = await run().result;
    assert.equal(r.ok, false);
    assert.ok(!r.ok);
    assert.equal(r.error.code, 'no_credentials');
    assert.match(
      r.error.message,
      /environment variables.*SSO.*shared config.*web identity.*container.*instance metadata/s,
    );
    assert.match(r.error.message, /--profile/);
  });

  test('given a call that never answers, when the timeout passes, then it is a warning and collection goes on', async () => {
    aws.mocks.s3.on(GetBucketPolicyCommand).callsFake(() => new Promise(() => undefined));
    const r = await run({ timeoutMs: 30 }).result;
    assert.ok(r.ok);
    const w = r.value.snapshot.warnings.find((x) => x.source === 's3:GetBucketPolicy');
    assert.match(w?.message ?? '', /Timeout/);
    assert.equal(r.value.snapshot.instances.length, 1);
  });

  test('given a collection cancelled half way, when the signal aborts, then it stops promptly with cancelled and calls nothing more', async () => {
    const controller = new AbortController();
    // The first S3 call aborts the run and never answers.
    aws.mocks.s3.on(ListBucketsCommand).callsFake(() => {
      controller.abort();
      return new Promise(() => undefined);
    });
    const { result } = run({}, controller.signal);
    const r = await result;
    assert.equal(r.ok, false);
    assert.ok(!r.ok);
    assert.equal(r.error.code, 'cancelled');
    assert.equal(aws.mocks.ec2.calls().length, 0);
    assert.equal(aws.mocks.s3.commandCalls(GetBucketPolicyCommand).length, 0);
  });

  test('given an already aborted signal, when collecting, then nothing is called at all', async () => {
    const controller = new AbortController();
    controller.abort();
    const r = await run({}, controller.signal).result;
    assert.ok(!r.ok);
    assert.equal(r.error.code, 'cancelled');
    assert.equal(aws.sent().length, 0);
  });

  test('given a later page of authorization details fails, when collected, then the pages read are kept and the warning says the IAM data is incomplete', async () => {
    const page = aws.account(MANAGEMENT).authzPages[0]!;
    aws.account(MANAGEMENT).authzPages = [
      { ...page, UserDetailList: [], GroupDetailList: [], Policies: [] },
      { $metadata: {}, RoleDetailList: [] },
    ];
    aws.mocks.iam
      .on(GetAccountAuthorizationDetailsCommand, { Marker: 'marker-1' })
      .rejects(awsError('ServiceFailure', 500, 'We encountered an internal error.'));
    const r = await run({ throttleRounds: 0 }).result;
    assert.ok(r.ok);
    assert.equal(r.value.snapshot.roles.length, 2);
    const w = r.value.snapshot.warnings.find((x) => x.source === 'iam:GetAccountAuthorizationDetails');
    assert.equal(
      w?.message,
      "could not call iam:GetAccountAuthorizationDetails (page 2; the account's IAM data is incomplete) in account 111111111111: ServiceFailure (We encountered an internal error.)",
    );
  });

  test('given EC2 instances and S3 buckets in short pages, when collected, then NextToken and ContinuationToken are followed to the end', async () => {
    const reservation = (id: string): Reservation => ({
      OwnerId: MANAGEMENT,
      Instances: [{ InstanceId: id, State: { Code: 16, Name: 'running' } }],
    });
    aws.mocks.ec2
      .on(DescribeInstancesCommand)
      .resolvesOnce({ Reservations: [reservation('i-01')], NextToken: 'page-2' })
      .resolvesOnce({ Reservations: [reservation('i-02')] });
    aws.mocks.s3
      .on(ListBucketsCommand)
      .resolvesOnce({ Buckets: [{ Name: 'a', BucketRegion: 'us-east-1' }], ContinuationToken: 'more' })
      .resolvesOnce({ Buckets: [{ Name: 'b', BucketRegion: 'us-east-1' }] });
    aws.account(MANAGEMENT).buckets = [{ name: 'a' }, { name: 'b' }];
    const r = await run({ regions: ['us-east-1'] }).result;
    assert.ok(r.ok);
    assert.deepEqual(
      r.value.snapshot.instances.map((i) => [i.id, i.account, i.region]),
      [
        ['i-01', MANAGEMENT, 'us-east-1'],
        ['i-02', MANAGEMENT, 'us-east-1'],
      ],
    );
    assert.deepEqual(
      aws.mocks.ec2.commandCalls(DescribeInstancesCommand).map((c) => c.args[0].input.NextToken),
      [undefined, 'page-2'],
    );
    assert.deepEqual(
      r.value.snapshot.buckets.map((b) => b.name),
      ['a', 'b'],
    );
    assert.deepEqual(
      aws.mocks.s3.commandCalls(ListBucketsCommand).map((c) => c.args[0].input.ContinuationToken),
      [undefined, 'more'],
    );
    // Regions given: DescribeRegions is not asked.
    assert.equal(aws.mocks.ec2.commandCalls(DescribeRegionsCommand).length, 0);
  });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mergeSnapshots } from './merge';
import type { Role, Snapshot } from './snapshot';
import { gapMessage, gapsOf } from './coverage';
import { emptySnapshot } from './snapshot';

const role = (account: string, name: string): Role => ({
  arn: `arn:aws:iam::${account}:role/${name}`,
  name,
  path: '/',
  id: `AROA${name.toUpperCase()}`,
  account,
  maxSessionDuration: 3600,
  trustPolicy: {},
  inlinePolicies: [],
  attachedPolicyArns: [],
  tags: {},
  instanceProfileArns: [],
});

test('given account A stored, when account B is imported, then both are kept', () => {
  const prev = emptySnapshot({ kind: 'files', detail: 'a' }, '2026-11-01T00:00:00Z');
  prev.roles.push(role('111111111111', 'a'));
  const next = emptySnapshot({ kind: 'files', detail: 'b' }, '2026-11-02T00:00:00Z');
  next.roles.push(role('222222222222', 'b'));
  const m = mergeSnapshots(prev, next);
  assert.deepEqual(m.roles.map((r) => r.name).sort(), ['a', 'b']);
  assert.equal(m.createdAt, '2026-11-02T00:00:00Z');
});

test('given account A stored, when A is imported again, then A’s old roles are replaced, not duplicated', () => {
  const prev = emptySnapshot({ kind: 'files', detail: 'a' }, '2026-11-01T00:00:00Z');
  prev.roles.push(role('111111111111', 'old'), role('111111111111', 'kept-by-name'));
  const next = emptySnapshot({ kind: 'files', detail: 'a2' }, '2026-11-02T00:00:00Z');
  next.roles.push(role('111111111111', 'kept-by-name'), role('111111111111', 'new'));
  assert.deepEqual(
    mergeSnapshots(prev, next).roles.map((r) => r.name),
    ['kept-by-name', 'new'],
  );
});

const at = (d: string) => `2026-11-${d}T00:00:00Z`;
const bucket = (account: string, name: string) => ({ name, account });
const instance = (account: string, id: string, region: string) => ({ id, account, region, tags: {} });

test('given a part read completely, when merged, then what AWS no longer has is gone', () => {
  const prev = emptySnapshot({ kind: 'aws', detail: 'a' }, at('01'));
  prev.roles.push(role('111111111111', 'deleted'), role('111111111111', 'kept'));
  const next = emptySnapshot({ kind: 'aws', detail: 'a' }, at('02'));
  next.roles.push(role('111111111111', 'kept'));
  next.coverage = [
    { source: 'iam', account: '111111111111', state: 'complete', readAt: at('02'), failures: [] },
  ];
  assert.deepEqual(
    mergeSnapshots(prev, next).roles.map((r) => r.name),
    ['kept'],
  );
});

test('given IAM not read and S3 read, when merged, then the roles stay (stale since the first read) and the buckets are replaced', () => {
  const prev = emptySnapshot({ kind: 'aws', detail: 'a' }, at('01'));
  prev.roles.push(role('111111111111', 'app'));
  prev.buckets.push(bucket('111111111111', 'old-bucket'));
  const next = emptySnapshot({ kind: 'aws', detail: 'a' }, at('08'));
  next.buckets.push(bucket('111111111111', 'new-bucket'));
  const denied = { call: 'iam:GetAccountAuthorizationDetails', code: 'AccessDenied', message: 'denied' };
  next.coverage = [
    { source: 'iam', account: '111111111111', state: 'not-read', readAt: at('08'), failures: [denied] },
    { source: 's3', account: '111111111111', state: 'complete', readAt: at('08'), failures: [] },
  ];
  const m = mergeSnapshots(prev, next);
  assert.deepEqual(
    m.roles.map((r) => r.name),
    ['app'],
  );
  assert.deepEqual(
    m.buckets.map((b) => b.name),
    ['new-bucket'],
  );
  const iam = m.coverage!.find((p) => p.source === 'iam')!;
  assert.equal(iam.state, 'not-read');
  assert.equal(iam.staleSince, at('01'));
  assert.deepEqual(iam.failures, [denied]);
  assert.equal(m.coverage!.find((p) => p.source === 's3')!.staleSince, undefined);
});

test('given EC2 read partly (one region failed), when merged, then the failed region keeps its instances and the read region is replaced', () => {
  const prev = emptySnapshot({ kind: 'aws', detail: 'a' }, at('01'));
  prev.instances.push(instance('1', 'i-east-old', 'us-east-1'), instance('1', 'i-west', 'eu-west-1'));
  const next = emptySnapshot({ kind: 'aws', detail: 'a' }, at('08'));
  next.instances.push(instance('1', 'i-east-new', 'us-east-1'));
  next.coverage = [
    { source: 'ec2', account: '1', region: 'us-east-1', state: 'complete', readAt: at('08'), failures: [] },
    {
      source: 'ec2',
      account: '1',
      region: 'eu-west-1',
      state: 'not-read',
      readAt: at('08'),
      failures: [{ call: 'ec2:DescribeInstances', code: 'Timeout', message: 'no answer' }],
    },
  ];
  const m = mergeSnapshots(prev, next);
  assert.deepEqual(m.instances.map((i) => i.id).sort(), ['i-east-new', 'i-west']);
});

test('given data stale since the 1st and a third read that fails again, when merged, then it stays stale since the 1st, not since the second failure', () => {
  const failed = (d: string): Snapshot => {
    const s = emptySnapshot({ kind: 'aws', detail: 'a' }, at(d));
    s.coverage = [
      {
        source: 'iam',
        account: '1',
        state: 'not-read',
        readAt: at(d),
        failures: [{ call: 'iam:GetAccountAuthorizationDetails', code: 'AccessDenied', message: '' }],
      },
    ];
    return s;
  };
  const first = emptySnapshot({ kind: 'aws', detail: 'a' }, at('01'));
  first.roles.push(role('1', 'app'));
  const m = mergeSnapshots(mergeSnapshots(first, failed('08')), failed('15'));
  assert.equal(m.coverage!.find((p) => p.source === 'iam')!.staleSince, at('01'));
  assert.deepEqual(
    m.roles.map((r) => r.name),
    ['app'],
  );
});

test('given a read that failed where nothing was held before, when merged, then the part is not read and not stale (there is no older data)', () => {
  const prev = emptySnapshot({ kind: 'aws', detail: 'a' }, at('01'));
  const next = emptySnapshot({ kind: 'aws', detail: 'a' }, at('08'));
  next.coverage = [
    {
      source: 's3',
      account: '1',
      state: 'not-read',
      readAt: at('08'),
      failures: [{ call: 's3:ListAllMyBuckets', code: 'AccessDenied', message: '' }],
    },
  ];
  const s3 = mergeSnapshots(prev, next).coverage!.find((p) => p.source === 's3')!;
  assert.equal(s3.state, 'not-read');
  assert.equal(s3.staleSince, undefined);
  assert.match(
    gapMessage(s3),
    /S3 buckets and policies of account 1: not read \(s3:ListAllMyBuckets: AccessDenied\)/,
  );
});

test('given list-roles denied this time, when merged, then roles keep the MaxSessionDuration an earlier read gave', () => {
  const prev = emptySnapshot({ kind: 'aws', detail: 'a' }, at('01'));
  prev.roles.push({ ...role('1', 'etl'), maxSessionDuration: 43200 });
  const next = emptySnapshot({ kind: 'aws', detail: 'a' }, at('08'));
  next.roles.push({ ...role('1', 'etl'), maxSessionDurationKnown: false });
  next.coverage = [
    { source: 'iam', account: '1', state: 'complete', readAt: at('08'), failures: [] },
    {
      source: 'list-roles',
      account: '1',
      state: 'not-read',
      readAt: at('08'),
      failures: [{ call: 'iam:ListRoles', code: 'AccessDenied', message: '' }],
    },
  ];
  const [etl] = mergeSnapshots(prev, next).roles;
  assert.equal(etl!.maxSessionDuration, 43200);
  assert.equal(etl!.maxSessionDurationKnown, undefined);
});

test('given an account known but with no IAM record, when its gaps are listed, then IAM of it is named as not read', () => {
  const s = emptySnapshot({ kind: 'aws', detail: 'a' }, at('01'));
  s.accounts.push({ id: '111111111111' }, { id: '444444444444', external: true });
  s.buckets.push(bucket('111111111111', 'b'));
  const gaps = gapsOf(s);
  assert.deepEqual(
    gaps.map((g) => [g.source, g.account, g.state]),
    [['iam', '111111111111', 'not-read']],
  );
});

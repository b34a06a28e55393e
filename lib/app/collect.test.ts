/**
 * Partial and failing collections against the SDK-level mock of `lib/sources/aws/fixtures`: the
 * store afterwards holds everything it held before, and says what was not read.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { GetAccountAuthorizationDetailsCommand } from '@aws-sdk/client-iam';
import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import type { Snapshot } from '../model';
import { coverageOf } from '../model';
import type { ClientFactory } from '../sources/aws';
import { awsError, FakeAws, fakeTime, guideRecords, MANAGEMENT } from '../sources/aws/fixtures/mock-aws';
import { Store } from '../store';
import { collectIntoStore } from './collect';

let aws: FakeAws;
let store: Store;
beforeEach(() => {
  aws = new FakeAws([MANAGEMENT]);
  aws.account(MANAGEMENT).records['us-east-1'] = guideRecords().map((r, i) => ({
    ...r,
    eventID: `evt-${i}`,
    eventTime: `2026-11-21T0${i}:00:00Z`,
    recipientAccountId: MANAGEMENT,
    awsRegion: 'us-east-1',
  }));
  const opened = Store.open(':memory:');
  assert.ok(opened.ok);
  store = opened.value;
});
afterEach(() => {
  aws.restore();
  store.close();
});

const FIRST = Date.parse('2026-11-22T09:00:00Z');
const SECOND = Date.parse('2026-11-29T09:00:00Z');

async function collect(start: number, clients: ClientFactory = aws.factory()) {
  const time = fakeTime(start);
  aws.now = time.now;
  return collectIntoStore(
    store,
    {
      clients,
      regions: ['us-east-1', 'eu-west-1'],
      env: {},
      collect: { clock: time.clock, sleep: time.sleep },
    },
    () => undefined,
    new AbortController().signal,
  );
}

function latest(): Snapshot {
  return store.getSnapshot(store.latestSnapshotMeta()!.id)!;
}

/** What the graph is built from, as sets of identities. */
function contents(s: Snapshot) {
  return {
    roles: s.roles.map((r) => r.arn).sort(),
    users: s.users.map((u) => u.arn).sort(),
    profiles: s.instanceProfiles.map((p) => p.arn).sort(),
    buckets: s.buckets.map((b) => b.name).sort(),
    instances: s.instances.map((i) => i.id).sort(),
    policies: s.buckets.filter((b) => b.policy !== undefined).map((b) => b.name),
  };
}

/** A client factory whose endpoint stops answering after `answers` calls: every later call fails as a dead socket does. */
function dyingAfter(inner: ClientFactory, answers: number): ClientFactory {
  let n = 0;
  return (service, region, credentials) => {
    const client = inner(service, region, credentials);
    return new Proxy(client, {
      get(target, prop, receiver) {
        if (prop !== 'send') return Reflect.get(target, prop, receiver) as unknown;
        return (...args: unknown[]) => {
          if (++n > answers)
            return Promise.reject(
              Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4566'), {
                name: 'Error',
                code: 'ECONNREFUSED',
              }),
            );
          return (target.send as (...a: unknown[]) => Promise<unknown>)(...args);
        };
      },
    });
  };
}

describe('collectIntoStore: what a failed read cannot take away', () => {
  test('given a full collection stored, when IAM is denied on the next, then every role stays, stale since the first, and the gap is returned', async () => {
    const first = await collect(FIRST);
    assert.ok(first.ok, JSON.stringify(first));
    assert.deepEqual(first.value.failed, []);
    const firstAt = latest().createdAt;
    const before = contents(latest());
    assert.ok(before.roles.length > 0 && before.instances.length > 0 && before.buckets.length > 0);

    aws.mocks.iam
      .on(GetAccountAuthorizationDetailsCommand)
      .rejects(
        awsError(
          'AccessDenied',
          403,
          'User is not authorized to perform: iam:GetAccountAuthorizationDetails',
        ),
      );
    const second = await collect(SECOND);
    assert.ok(second.ok, JSON.stringify(second));
    const after = latest();
    assert.deepEqual(contents(after), before);
    const iam = coverageOf(after).find((p) => p.source === 'iam' && p.account === MANAGEMENT)!;
    // ListInstanceProfiles still answered: IAM was read partly, its authorization details not at all.
    assert.equal(iam.state, 'partial');
    assert.equal(iam.staleSince, firstAt);
    assert.deepEqual(
      iam.failures.map((f) => [f.call, f.code]),
      [['iam:GetAccountAuthorizationDetails', 'AccessDenied']],
    );
    assert.deepEqual(
      second.value.failed.map((p) => p.source),
      ['iam'],
    );
    // S3 and EC2 were read again: fresh, not stale.
    const ec2 = coverageOf(after).find((p) => p.source === 'ec2' && p.region === 'us-east-1')!;
    assert.equal(ec2.state, 'complete');
    assert.equal(ec2.staleSince, undefined);
  });

  test('given a full collection stored, when the endpoint dies after a few calls, then the store holds everything it held, and the dead parts are on record', async () => {
    assert.ok((await collect(FIRST)).ok);
    const before = contents(latest());
    const events = store.eventCount();
    // sts:GetCallerIdentity and the first IAM page answer; everything after fails.
    const second = await collect(SECOND, dyingAfter(aws.factory(), 2));
    assert.ok(second.ok, JSON.stringify(second));
    assert.deepEqual(contents(latest()), before);
    assert.equal(store.eventCount(), events);
    const failed = new Set(second.value.failed.map((p) => `${p.source}${p.region ? `/${p.region}` : ''}`));
    for (const part of ['list-roles', 's3', 'ec2/us-east-1', 'ec2/eu-west-1', 'cloudtrail/us-east-1'])
      assert.ok(failed.has(part), `${part} in ${[...failed].join(', ')}`);
    assert.equal(store.listSnapshots().length, 2);
  });

  test('given an empty store, when IAM is denied, then the snapshot records IAM as not read rather than an account with no roles', async () => {
    aws.mocks.iam.on(GetAccountAuthorizationDetailsCommand).rejects(awsError('AccessDenied', 403, 'denied'));
    const r = await collect(FIRST);
    assert.ok(r.ok);
    const gaps = r.value.gaps.filter((p) => p.source === 'iam');
    assert.equal(gaps.length, 1);
    assert.notEqual(gaps[0]!.state, 'complete');
    assert.equal(gaps[0]!.failures[0]?.call, 'iam:GetAccountAuthorizationDetails');
  });

  test('given LookupEvents answering HTTP 404 with a body no parser reads, when collected, then one warning per code names the status, not the parser', async () => {
    aws.mocks.cloudtrail
      .on(LookupEventsCommand)
      .rejects(
        Object.assign(
          new SyntaxError(
            'Unexpected token \'<\', "<!DOCTYPE "... is not valid JSON\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.',
          ),
          { $metadata: { httpStatusCode: 404 } },
        ),
      );
    const r = await collect(FIRST);
    assert.ok(r.ok);
    const ct = r.value.warnings.filter((w) => w.source === 'cloudtrail:LookupEvents');
    assert.equal(ct.length, 1, ct.map((w) => w.message).join('\n'));
    assert.match(ct[0]!.message, /HTTP 404/);
    assert.match(ct[0]!.message, /2 of 2 region\(s\)/);
    assert.doesNotMatch(ct[0]!.message, /Deserialization|DOCTYPE/);
  });
});

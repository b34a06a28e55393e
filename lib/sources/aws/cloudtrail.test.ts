import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { collectAccount } from './account';
import type { CollectOptions } from './account';
import { FakeAws, fakeTime, guideRecords, MANAGEMENT } from './fixtures/mock-aws';

let aws: FakeAws;
beforeEach(() => {
  aws = new FakeAws([MANAGEMENT]);
  const [assume, , , , saml, web] = guideRecords();
  const many = Array.from({ length: 120 }, (_, i) => ({
    ...assume,
    eventID: `assume-${String(i).padStart(3, '0')}`,
    sharedEventID: `shared-${i}`,
    eventTime: new Date(Date.parse('2026-11-21T00:00:00Z') + i * 60_000).toISOString().replace('.000Z', 'Z'),
    recipientAccountId: MANAGEMENT,
    awsRegion: 'us-east-1',
  }));
  aws.account(MANAGEMENT).records['us-east-1'] = [
    ...many,
    { ...saml, eventTime: '2026-11-20T10:00:00Z', recipientAccountId: MANAGEMENT },
    { ...web, eventTime: '2026-11-20T11:00:00Z', recipientAccountId: MANAGEMENT },
  ];
});
afterEach(() => aws.restore());

async function run(opts: Partial<CollectOptions> = {}) {
  const time = fakeTime();
  aws.now = time.now;
  const r = await collectAccount(
    aws.factory(),
    { regions: ['us-east-1', 'eu-west-1'], clock: time.clock, sleep: time.sleep, ...opts },
    () => undefined,
    new AbortController().signal,
  );
  return { r, time };
}

describe('CloudTrail LookupEvents', () => {
  test('given 122 chain events in one region, when collected, then every page of every AssumeRole* name is read and the events normalised', async () => {
    const { r } = await run();
    assert.ok(r.ok);
    const east = aws.lookups.filter((l) => l.region === 'us-east-1');
    assert.deepEqual(
      east.map((l) => [l.input.LookupAttributes?.[0]?.AttributeValue, l.input.NextToken, l.input.MaxResults]),
      [
        ['AssumeRole', undefined, 50],
        ['AssumeRole', '50', 50],
        ['AssumeRole', '100', 50],
        ['AssumeRoleWithSAML', undefined, 50],
        ['AssumeRoleWithWebIdentity', undefined, 50],
      ],
    );
    assert.equal(aws.lookups.filter((l) => l.region === 'eu-west-1').length, 3);
    const names = r.value.events.map((e) => e.eventName);
    assert.equal(names.filter((n) => n === 'AssumeRole').length, 120);
    assert.equal(names.filter((n) => n === 'AssumeRoleWithSAML').length, 1);
    assert.equal(names.filter((n) => n === 'AssumeRoleWithWebIdentity').length, 1);
    assert.ok(r.value.events.every((e) => e.recordedBy === MANAGEMENT));
  });

  test('given the calls of one account and region, when paced on the fake clock, then fewer than 2 go out in any second', async () => {
    await run();
    for (const region of ['us-east-1', 'eu-west-1']) {
      const at = aws.lookups.filter((l) => l.region === region).map((l) => l.at);
      for (let i = 1; i < at.length; i++)
        assert.ok(at[i]! - at[i - 1]! > 500, `${region}: ${at[i]! - at[i - 1]!} ms apart`);
      for (const t of at) assert.ok(at.filter((u) => u >= t && u < t + 1000).length <= 2);
    }
  });

  test('given events already stored up to a time, when collected again, then each region resumes from its newest stored event', async () => {
    const stored = '2026-11-21T01:00:00Z';
    const { r, time } = await run({
      cloudTrail: {
        since: (account, region) => (account === MANAGEMENT && region === 'us-east-1' ? stored : undefined),
        lookbackDays: 7,
      },
    });
    assert.ok(r.ok);
    const starts = (region: string) => [
      ...new Set(
        aws.lookups.filter((l) => l.region === region).map((l) => (l.input.StartTime as Date).toISOString()),
      ),
    ];
    assert.deepEqual(starts('us-east-1'), ['2026-11-21T01:00:00.000Z']);
    // Nothing stored: the lookback window from the collection's start.
    assert.deepEqual(starts('eu-west-1'), [
      new Date(Date.parse('2026-11-22T09:00:00Z') - 7 * 86_400_000).toISOString(),
    ]);
    // 01:00 to 01:59 inclusive: 60 AssumeRole events, and none of the older SAML/web identity ones.
    assert.equal(r.value.events.length, 60);
    assert.ok(time.now() > Date.parse('2026-11-22T09:00:00Z'));
  });

  test('given more pages than the bound, when collected, then it stops there with a warning about the missing older events', async () => {
    const { r } = await run({ cloudTrail: { maxPages: 2 } });
    assert.ok(r.ok);
    assert.equal(r.value.events.filter((e) => e.eventName === 'AssumeRole').length, 100);
    const w = r.value.snapshot.warnings.find((x) => x.code === 'truncated');
    assert.match(
      w?.message ?? '',
      /AssumeRole events of account 111111111111 in us-east-1: stopped after 2 pages/,
    );
  });

  test('given cloudTrail false, when collected, then LookupEvents is not called', async () => {
    await run({ cloudTrail: false });
    assert.equal(aws.lookups.length, 0);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GetKeyPolicyCommand } from '@aws-sdk/client-kms';
import { fakeCollection, partOf } from './fixtures/fake-collection';
import { EXAMPLE_KEY_ID, MANAGEMENT } from './fixtures/mock-aws';
import { actionOfCommand, READ_ONLY_ACTIONS } from './permissions';

const fake = fakeCollection();
const collect = fake.collect;
const part = (s: Awaited<ReturnType<typeof collect>>, source: 'glue' | 'kms', region: string) =>
  partOf(s, source, { region });

describe('live collection of the data side (Glue, KMS, S3 default encryption)', () => {
  test('given the account, when collected, then every Glue, KMS and S3 call made is in the read-only list', async () => {
    await collect();
    const sent = fake
      .aws()
      .sent()
      .filter((c) => ['glue', 'kms', 's3'].includes(c.service));
    const actions = [...new Set(sent.map((c) => actionOfCommand(c.service, c.command)))].sort();
    assert.deepEqual(actions, [
      // Glue jobs and crawlers are read for their roles (workloads.ts); the rest is the data side.
      'glue:GetCrawlers',
      'glue:GetJobs',
      'glue:GetResourcePolicy',
      'kms:GetKeyPolicy',
      'kms:ListAliases',
      'kms:ListKeys',
      's3:GetBucketPolicy',
      's3:GetBucketPublicAccessBlock',
      's3:GetEncryptionConfiguration',
      's3:ListAllMyBuckets',
    ]);
    for (const a of actions) assert.ok(a in READ_ONLY_ACTIONS, a);
    // GetKeyPolicy asks for the one policy a key has, by its only valid name.
    const policyCalls = fake.aws().mocks.kms.commandCalls(GetKeyPolicyCommand);
    assert.deepEqual(
      policyCalls.map((c) => c.args[0].input),
      [{ KeyId: EXAMPLE_KEY_ID, PolicyName: 'default' }],
    );
  });

  test('given GetKeyPolicy is denied, when collected, then the key stays without a policy and its region is partial, naming the call', async () => {
    fake.aws().account(MANAGEMENT).kms['eu-west-1']![0]!.policy = 'denied';
    const s = await collect();
    const key = s.kmsKeys.find((k) => k.arn.endsWith(EXAMPLE_KEY_ID));
    assert.ok(key);
    assert.equal(key.policy, undefined);
    assert.deepEqual(key.aliases, ['alias/data']);
    const p = part(s, 'kms', 'eu-west-1');
    assert.equal(p?.state, 'partial');
    assert.equal(p?.failures[0]?.call, 'kms:GetKeyPolicy');
    assert.equal(p?.failures[0]?.code, 'AccessDeniedException');
    assert.ok(s.warnings.some((w) => w.source === 'kms:GetKeyPolicy'));
  });

  test('given KMS is denied in a region, when collected, then that region is not read (not an empty region) and the other is complete', async () => {
    fake.aws().account(MANAGEMENT).denied.kms = ['eu-west-1'];
    const s = await collect();
    assert.deepEqual(s.kmsKeys, []);
    assert.equal(part(s, 'kms', 'eu-west-1')?.state, 'not-read');
    assert.equal(part(s, 'kms', 'eu-west-1')?.failures[0]?.call, 'kms:ListKeys');
    assert.equal(part(s, 'kms', 'us-east-1')?.state, 'complete');
  });

  test('given Glue is denied in one region and has no policy in another, when collected, then one is not read and the other is a catalog without policy', async () => {
    fake.aws().account(MANAGEMENT).denied.glue = ['eu-west-1'];
    const s = await collect();
    assert.deepEqual(s.glueCatalogs, [{ account: MANAGEMENT, region: 'us-east-1' }]);
    assert.equal(part(s, 'glue', 'eu-west-1')?.state, 'not-read');
    assert.equal(part(s, 'glue', 'eu-west-1')?.failures[0]?.call, 'glue:GetResourcePolicy');
    assert.equal(part(s, 'glue', 'us-east-1')?.state, 'complete');
  });

  test('given a bucket without default encryption, when collected, then it says none rather than unknown', async () => {
    delete fake.aws().account(MANAGEMENT).buckets[0]!.encryption;
    const s = await collect();
    assert.deepEqual(s.buckets[0]?.encryption, { algorithm: 'none' });
    assert.equal(s.warnings.length, 0);
  });
});

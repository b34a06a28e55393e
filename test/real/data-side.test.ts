/**
 * Step 5 with KMS and Glue, on the AWS CLI reference's KMS and S3 example outputs and the KMS and Glue
 * developer guides' example policies, read through the same file readers as a user's export (see
 * test/fixtures/real/data-side/README.md for the sources and how each expected answer was derived).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import type { ChainCheck } from '../../lib/graph/check-core';
import { checkPlan } from '../../lib/graph/check';
import type { Snapshot } from '../../lib/model';
import { coverageOf } from '../../lib/model';
import { loadFromPaths } from '../../lib/sources/load';

const DIR = join(import.meta.dirname, '../fixtures/real/data-side');
const A = '111122223333';
const B = '444455556666';
const KEY_TEST = `arn:aws:kms:us-west-2:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const KEY_FINANCE = `arn:aws:kms:us-west-2:${A}:key/0987dcba-09fe-87dc-65ba-ab0987654321`;

let snapshot: Snapshot;
before(async () => {
  const r = await loadFromPaths([DIR]);
  snapshot = r.snapshot;
  assert.deepEqual(r.warnings, []);
});

const check = (source: string, resource: string, action: string): ChainCheck =>
  checkPlan(snapshot, { source, resource, actions: [action] });
const five = (c: ChainCheck) => c.steps.find((s) => s.step === 5)!;
const text = (c: ChainCheck): string =>
  five(c)
    .reasons.map((r) => r.message)
    .join('\n');
const role = (account: string, name: string): string => `arn:aws:iam::${account}:role/${name}`;

describe('the data side read from files in the AWS CLI shapes', () => {
  test('given list-keys, list-aliases and get-key-policy, when imported, then keys carry their aliases and policies, and unread policies stay unknown', () => {
    const byArn = new Map(snapshot.kmsKeys.map((k) => [k.arn, k]));
    assert.deepEqual(byArn.get(KEY_TEST)?.aliases, ['alias/testKey']);
    assert.deepEqual(byArn.get(KEY_FINANCE)?.aliases, ['alias/FinanceDept']);
    assert.ok(byArn.get(KEY_TEST)?.policy);
    // list-keys' third key is in us-east-2 (its KeyArn says so); no get-key-policy file for it.
    const east = byArn.get(`arn:aws:kms:us-east-2:${A}:key/1a2b3c4d-5e6f-1a2b-3c4d-5e6f1a2b3c4d`);
    assert.ok(east);
    assert.equal(east.policy, undefined);
    const bucket = (n: string) => snapshot.buckets.find((b) => b.name === n)?.encryption;
    assert.deepEqual(bucket('amzn-s3-demo-bucket'), { algorithm: 'AES256' });
    assert.deepEqual(bucket('amzn-s3-demo-bucket2'), {
      algorithm: 'aws:kms',
      kmsKeyId: '0987dcba-09fe-87dc-65ba-ab0987654321',
      bucketKeyEnabled: true,
    });
    const parts = coverageOf(snapshot)
      .filter((p) => p.source === 'kms' || p.source === 'glue')
      .map((p) => `${p.source} ${p.region ?? ''}`)
      .sort();
    assert.deepEqual(parts, ['glue us-east-1', 'kms us-east-2', 'kms us-west-2']);
  });

  test('given the console default key policy naming ExampleRole, when it reads an object of the bucket encrypted with alias/testKey, then step 5 passes on the key policy', () => {
    const c = check(role(A, 'ExampleRole'), 's3://amzn-s3-demo-bucket1/data.csv', 's3:GetObject');
    assert.equal(five(c).status, 'pass', text(c));
    assert.equal(c.resolved.kmsKey, KEY_TEST);
    assert.match(text(c), /kms:Decrypt is allowed/);
  });

  test("given the same key, when a role the key policy does not name reads, then the account statement delegates to the role's IAM allow of kms:Decrypt", () => {
    const c = check(role(A, 'OtherRole'), 's3://amzn-s3-demo-bucket1/data.csv', 's3:GetObject');
    assert.equal(five(c).status, 'pass', text(c));
  });

  test('given the same key, when a role without any kms:Decrypt in its policies reads, then step 5 fails', () => {
    const c = check(role(A, 'PlainRole'), 's3://amzn-s3-demo-bucket1/data.csv', 's3:GetObject');
    assert.equal(c.steps.find((s) => s.step === 4)?.status, 'pass');
    assert.equal(five(c).status, 'fail', text(c));
    assert.match(five(c).fix ?? '', /kms:Decrypt/);
  });

  test('given a key policy that names only ExampleUser (no account statement), when ExampleRole reads, then its IAM allow of kms:Decrypt on * is ineffective and step 5 fails', () => {
    const c = check(role(A, 'ExampleRole'), 's3://amzn-s3-demo-bucket2/data.csv', 's3:GetObject');
    assert.equal(five(c).status, 'fail', text(c));
    assert.equal(c.resolved.kmsKey, KEY_FINANCE);
    assert.equal(c.ok, false);
  });

  test('given SSE-S3 (AES256), when read, then no key is involved and step 5 passes', () => {
    const c = check(role(A, 'ExampleRole'), 's3://amzn-s3-demo-bucket/data.csv', 's3:GetObject');
    assert.equal(five(c).status, 'pass', text(c));
    assert.equal(c.resolved.kmsKey, undefined);
  });

  test('given a bucket key alias that list-aliases does not hold, when read, then step 5 is conditional and names kms:ListAliases', () => {
    const c = check(role(A, 'ExampleRole'), 's3://amzn-s3-demo-bucket3/data.csv', 's3:GetObject');
    assert.equal(five(c).status, 'conditional', text(c));
    assert.match(text(c), /alias\/project121-test/);
    assert.match(text(c), /kms:ListAliases/);
  });

  test('given a listed key whose policy was not read, when read, then step 5 is conditional and names kms:GetKeyPolicy with the command', () => {
    const c = check(role(A, 'ExampleRole'), 's3://amzn-s3-demo-bucket4/data.csv', 's3:GetObject');
    assert.equal(five(c).status, 'conditional', text(c));
    assert.match(text(c), /kms:GetKeyPolicy/);
    assert.match(
      text(c),
      /aws kms get-key-policy --key-id '?1a2b3c4d-5e6f-1a2b-3c4d-5e6f1a2b3c4d'? --policy-name default/,
    );
    assert.equal(c.ok, false);
  });

  test('given the console key policy (GenerateDataKey*), when ExampleRole writes, then kms:GenerateDataKey is allowed', () => {
    const c = check(role(A, 'ExampleRole'), 's3://amzn-s3-demo-bucket1/out/part-0.parquet', 's3:PutObject');
    assert.equal(five(c).status, 'pass', text(c));
    assert.match(text(c), /kms:GenerateDataKey is allowed/);
  });

  test("given the Glue guide's catalog policy granting account B CreateTable on db1, when B's role creates a table there, then step 5 passes", () => {
    const c = check(role(B, 'CatalogWriter'), `arn:aws:glue:us-east-1:${A}:table/db1/t1`, 'glue:CreateTable');
    assert.equal(c.steps.find((s) => s.step === 4)?.status, 'pass');
    assert.equal(five(c).status, 'pass', text(c));
  });

  test('given the same catalog policy, when B reads a table (GetTable), then the cross-account call fails at step 5', () => {
    const c = check(role(B, 'CatalogWriter'), `arn:aws:glue:us-east-1:${A}:table/db1/t1`, 'glue:GetTable');
    assert.equal(five(c).status, 'fail', text(c));
  });

  test('given a catalog in a region whose policy was not read, when B creates a table there, then step 5 is conditional and names glue:GetResourcePolicy', () => {
    const c = check(role(B, 'CatalogWriter'), `arn:aws:glue:us-west-2:${A}:table/db1/t1`, 'glue:CreateTable');
    assert.equal(five(c).status, 'conditional', text(c));
    assert.match(text(c), /glue:GetResourcePolicy/);
  });
});

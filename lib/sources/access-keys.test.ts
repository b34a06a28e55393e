import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CheckInput, runCheck } from '../app/check';
import { loadFromPaths } from './load';

const FIXTURE = join(process.cwd(), 'test/fixtures/real/access-keys/list-access-keys.json');

/** An account folder: Bob's authorization details (hand-made, one inline S3 read grant) and the AWS CLI example keys. */
function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rolechain-keys-'));
  const iam = join(dir, 'accounts/123456789012/iam');
  mkdirSync(iam, { recursive: true });
  writeFileSync(
    join(iam, 'get-account-authorization-details.json'),
    JSON.stringify({
      UserDetailList: [
        {
          Path: '/',
          UserName: 'Bob',
          UserId: 'AIDAEXAMPLEBOB000001',
          Arn: 'arn:aws:iam::123456789012:user/Bob',
          CreateDate: '2013-06-01T00:00:00Z',
          GroupList: [],
          AttachedManagedPolicies: [],
          UserPolicyList: [
            {
              PolicyName: 'read-lake',
              PolicyDocument: {
                Version: '2012-10-17',
                Statement: [
                  {
                    Effect: 'Allow',
                    Action: ['s3:GetObject', 's3:ListBucket'],
                    Resource: ['arn:aws:s3:::lake', 'arn:aws:s3:::lake/*'],
                  },
                ],
              },
            },
          ],
          Tags: [],
        },
      ],
      GroupDetailList: [],
      RoleDetailList: [],
      Policies: [],
    }),
  );
  copyFileSync(FIXTURE, join(iam, 'list-access-keys.json'));
  return dir;
}

describe('list-access-keys', () => {
  it('given the AWS CLI reference example, when loaded beside Bob’s details, then Bob owns both key ids with their status', async () => {
    const { snapshot } = await loadFromPaths([folder()]);
    const bob = snapshot.users.find((u) => u.name === 'Bob');
    assert.deepEqual(
      bob?.accessKeys.map((k) => [k.id, k.status, k.createdAt]),
      [
        ['AKIAIOSFODNN7EXAMPLE', 'Active', '2013-06-04T18:17:34.000Z'],
        ['AKIAI44QH8DHBEXAMPLE', 'Inactive', '2013-06-06T20:42:26.000Z'],
      ],
    );
  });

  it('given a StarRocks load with Bob’s key, when checked, then it is checked as Bob, and the key is never printed whole', async () => {
    const { snapshot } = await loadFromPaths([folder()]);
    const r = runCheck(
      snapshot,
      CheckInput.parse({
        text: `SELECT * FROM FILES("path" = "s3://lake/events/*.parquet", "format" = "parquet",
          "aws.s3.access_key" = "AKIAIOSFODNN7EXAMPLE", "aws.s3.secret_key" = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
          "aws.s3.region" = "us-east-1")`,
      }),
    );
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    if (!r.ok) return;
    const chain = r.value.chains[0];
    assert.equal(chain?.request.source, 'arn:aws:iam::123456789012:user/Bob');
    // Bob's own grant covers both reads; the bucket is not in the snapshot, so its policy is unknown (step 5).
    assert.deepEqual(
      chain?.result?.steps.map((s) => s.status),
      ['pass', 'not-applicable', 'not-applicable', 'pass', 'conditional'],
    );
    assert.equal(r.value.verdict, 'incomplete');
    assert.doesNotMatch(JSON.stringify(r.value), /AKIAIOSFODNN7EXAMPLE|wJalrXUtnFEMI/);
  });
});

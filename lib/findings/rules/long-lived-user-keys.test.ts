import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { A, allow, analyse, bucket, daysAgo, doc, ofRule, snapshotOf, user } from '../testkit';

const reader = (createdDays: number, usedDays: number) =>
  user(A, 'legacy-report-user', [doc(allow('s3:GetObject', 'arn:aws:s3:::lakehouse/reports/*'))], {
    accessKeys: [
      {
        id: 'AKIAEXAMPLEKEY000001',
        status: 'Active',
        createdAt: daysAgo(createdDays),
        lastUsedAt: daysAgo(usedDays),
      },
    ],
  });
const lake = bucket(A, 'lakehouse');

describe('rule long-lived-user-keys', () => {
  it('given an old, active, recently used key on a user reading a bucket, when analysed, then it is high with the key deactivation command', () => {
    const [f, ...rest] = ofRule(
      analyse(snapshotOf({ users: [reader(400, 2)], buckets: [lake] })),
      'long-lived-user-keys',
    );
    assert.equal(rest.length, 0);
    assert.equal(f?.severity, 'high');
    assert.match(f?.message ?? '', /created 400 days ago/);
    assert.ok((f?.edges.length ?? 0) > 0, 'the can-access edges are named');
    assert.equal(
      f?.fix?.cli,
      'aws iam update-access-key --user-name legacy-report-user --access-key-id AKIAEXAMPLEKEY000001 --status Inactive',
    );
  });

  it('given a recent key, or an old key not used in the window, when analysed, then the rule stays silent', () => {
    assert.deepEqual(
      ofRule(analyse(snapshotOf({ users: [reader(30, 2)], buckets: [lake] })), 'long-lived-user-keys'),
      [],
    );
    assert.deepEqual(
      ofRule(analyse(snapshotOf({ users: [reader(400, 200)], buckets: [lake] })), 'long-lived-user-keys'),
      [],
    );
  });
});

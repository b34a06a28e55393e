/**
 * Source identity and session tags on CloudTrail records from the AWS IAM User Guide's own examples
 * (lib/sources/fixtures/samples/cloudtrail/awsdocs_iam-user-guide_sts-examples.json, MIT-0; see that
 * folder's README). Expected answers by hand from the IAM User Guide: "Monitor and control actions taken
 * with assumed roles" (a call that sets a source identity needs sts:SetSourceIdentity in the role's trust
 * policy and in the caller's permissions) and "Passing session tags in AWS STS" (tags need sts:TagSession
 * the same way).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { normalizeRecord } from '../../lib/audit/normalize';
import type { AssumeEvent } from '../../lib/model';
import { buildGraph } from '../../lib/graph';
import { buildContext } from '../../lib/findings';
import { replayEvent } from '../../lib/findings/replay';
import { allow, doc, role, snapshotOf, user } from '../../lib/graph/testkit';

const records = (
  JSON.parse(
    readFileSync(
      join(
        import.meta.dirname,
        '../../lib/sources/fixtures/samples/cloudtrail/awsdocs_iam-user-guide_sts-examples.json',
      ),
      'utf8',
    ),
  ) as { Records: unknown[] }
).Records;

function event(i: number): AssumeEvent {
  const r = normalizeRecord(records[i]);
  assert.ok(r?.ok, `record ${i} reads`);
  return r.value;
}

const trust = (principal: string, actions: string[]): unknown =>
  doc({ Effect: 'Allow', Principal: { AWS: principal }, Action: actions });

describe('source identity and session tags, on the IAM User Guide CloudTrail examples', () => {
  // Record 0: IAM user JohnDoe (777788889999) assumes EC2-dev (111122223333) with sourceIdentity "JohnDoe".
  const johnDoe = 'arn:aws:iam::777788889999:user/JohnDoe';
  const ec2Dev = 'arn:aws:iam::111122223333:role/EC2-dev';
  const replayWith = (trustActions: string[], callerActions: string[]) => {
    const e = event(0);
    assert.equal(e.sourceIdentity, 'JohnDoe');
    const snapshot = snapshotOf({
      roles: [role('111122223333', 'EC2-dev', trust(johnDoe, trustActions))],
      users: [user('777788889999', 'JohnDoe', [doc(allow(callerActions, ec2Dev))])],
    });
    const ctx = buildContext({ snapshot, graph: buildGraph(snapshot), events: [e] });
    return replayEvent(ctx, e);
  };

  it('given trust and caller allowing sts:AssumeRole only, when the call set a source identity, then both lack sts:SetSourceIdentity and the replay says so', () => {
    const r = replayWith(['sts:AssumeRole'], ['sts:AssumeRole']);
    assert.ok(r.causes.includes('source-identity'), JSON.stringify(r.explanation));
    const text = r.explanation.join('\n');
    assert.match(text, /sts:SetSourceIdentity/);
    assert.match(
      text,
      /no identity policy of arn:aws:iam::777788889999:user\/JohnDoe allows sts:SetSourceIdentity/,
    );
    assert.match(text, /the trust policy of EC2-dev does not allow sts:SetSourceIdentity/);
    assert.deepEqual([...r.failedSteps].sort(), [1, 2]);
  });

  it('given only the trust lacking it, when replayed, then only the trust is named', () => {
    const r = replayWith(['sts:AssumeRole'], ['sts:AssumeRole', 'sts:SetSourceIdentity']);
    const text = r.explanation.join('\n');
    assert.match(text, /the trust policy of EC2-dev does not allow sts:SetSourceIdentity/);
    assert.doesNotMatch(text, /no identity policy of .* allows sts:SetSourceIdentity/);
  });

  it('given both allowing sts:SetSourceIdentity, when replayed, then nothing is missing', () => {
    const r = replayWith(
      ['sts:AssumeRole', 'sts:SetSourceIdentity'],
      ['sts:AssumeRole', 'sts:SetSourceIdentity'],
    );
    assert.ok(!r.causes.includes('source-identity'), JSON.stringify(r.explanation));
    assert.deepEqual(r.failedSteps, []);
  });

  it('given a role session passing session tags (record 2), when the trust lacks sts:TagSession, then the replay names it', () => {
    const e = event(2);
    assert.ok(e.sessionTags && Object.keys(e.sessionTags).length > 0, 'the record carries tags');
    // The record's session issuer (userIdentity.sessionContext) is the role JohnRole1.
    const caller = 'arn:aws:iam::111111111111:role/JohnRole1';
    const target = 'arn:aws:iam::111111111111:role/JohnRole2';
    const all = ['sts:AssumeRole', 'sts:SetSourceIdentity', 'sts:TagSession'];
    const snapshot = snapshotOf({
      roles: [
        role('111111111111', 'JohnRole2', trust(caller, ['sts:AssumeRole', 'sts:SetSourceIdentity'])),
        role('111111111111', 'JohnRole1', trust('arn:aws:iam::111111111111:root', ['sts:AssumeRole']), [
          doc(allow(all, target)),
        ]),
      ],
    });
    const ctx = buildContext({ snapshot, graph: buildGraph(snapshot), events: [e] });
    const r = replayEvent(ctx, e);
    assert.ok(r.causes.includes('session-tags'), JSON.stringify(r.explanation));
    assert.ok(!r.causes.includes('source-identity'), JSON.stringify(r.explanation));
    assert.match(r.explanation.join('\n'), /the trust policy of JohnRole2 does not allow sts:TagSession/);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AssumeEvent } from '../model';
import { dedupe } from './dedupe';

const ev = (over: Partial<AssumeEvent>): AssumeEvent => ({
  eventId: 'e1',
  time: '2026-11-19T08:00:00Z',
  recordedBy: '111111111111',
  region: 'us-west-2',
  eventName: 'AssumeRole',
  eventSource: 'sts.amazonaws.com',
  caller: { type: 'IAMUser', arn: 'arn:aws:iam::111111111111:user/alice', accessKeyId: 'AKIAEXAMPLE' },
  roleArn: 'arn:aws:iam::222222222222:role/lake-reader',
  externalIdPresent: false,
  outcome: 'success',
  ...over,
});

describe('dedupe', () => {
  it('given the same record twice (a file read twice), when deduped, then one remains', () => {
    const r = dedupe([ev({}), ev({})]);
    assert.equal(r.events.length, 1);
    assert.equal(r.duplicates, 1);
  });

  it("given one cross-account call recorded in both accounts, when deduped, then the role owner's record stays, with the caller's identity and both recorders", () => {
    const callerSide = ev({ eventId: 'a', sharedEventId: 's1', recordedBy: '111111111111' });
    const ownerSide = ev({
      eventId: 'b',
      sharedEventId: 's1',
      recordedBy: '222222222222',
      caller: { type: 'AWSAccount', accountId: '111111111111', principalId: 'AIDAX' },
    });
    for (const order of [
      [callerSide, ownerSide],
      [ownerSide, callerSide],
    ]) {
      const r = dedupe(order);
      assert.equal(r.events.length, 1);
      assert.equal(r.duplicates, 1);
      const e = r.events[0]!;
      assert.equal(e.eventId, 'b');
      assert.equal(e.recordedBy, '222222222222');
      assert.deepEqual(e.alsoRecordedBy, ['111111111111']);
      assert.equal(e.caller.type, 'IAMUser');
      assert.equal(e.caller.accessKeyId, 'AKIAEXAMPLE');
    }
  });

  it('given distinct calls, when deduped, then all stay, sorted by time', () => {
    const r = dedupe([
      ev({ eventId: 'late', time: '2026-11-19T09:00:00Z' }),
      ev({ eventId: 'early', time: '2026-11-19T07:00:00Z' }),
    ]);
    assert.deepEqual(
      r.events.map((e) => e.eventId),
      ['early', 'late'],
    );
    assert.equal(r.duplicates, 0);
  });

  it('given a copy of a record that lacks recipientAccountId, when deduped, then the fuller record is kept and its notes are its own', () => {
    const r = dedupe([
      ev({ eventId: 'x' }),
      ev({ eventId: 'x', recordedBy: '', notes: ['no recipientAccountId'] }),
    ]);
    assert.equal(r.events[0]!.recordedBy, '111111111111');
    assert.equal(r.events[0]!.notes, undefined);
  });
});

describe('dedupe: one eventID, different content', () => {
  it('given three records that share an eventID and sharedEventID but name other roles and outcomes, when deduped, then all three stay apart and the conflict is reported', () => {
    const shared = { eventId: '1111', sharedEventId: '1111' };
    const a = ev({ ...shared, roleArn: 'arn:aws:iam::123456789012:role/FullAdminRole' });
    const b = ev({ ...shared, roleArn: 'arn:aws:iam::123456789012:role/example-role' });
    const c = ev({ ...shared, roleArn: a.roleArn, outcome: 'error', errorCode: 'ExpiredToken' });
    const r = dedupe([a, b, c, { ...c }]);
    assert.equal(r.events.length, 3);
    assert.equal(r.duplicates, 1);
    const failed = r.events.find((e) => e.errorCode === 'ExpiredToken')!;
    assert.equal(failed.outcome, 'error');
    assert.equal(failed.roleArn, a.roleArn);
    assert.ok(r.events.find((e) => e.roleArn === b.roleArn && e.outcome === 'success'));
    assert.equal(new Set(r.events.map((e) => e.eventId)).size, 3);
    assert.equal(r.conflicts.length, 1);
    assert.equal(r.conflicts[0]!.records, 3);
    assert.deepEqual(r.conflicts[0]!.fields.sort(), ['errorCode', 'outcome', 'roleArn']);
    assert.ok(r.events.every((e) => e.notes?.some((n) => n.includes('kept apart'))));
  });

  it('given the conflicting records in another order, when deduped, then each keeps the same id as before', () => {
    const a = ev({ eventId: 'x', roleArn: 'arn:aws:iam::1:role/a' });
    const b = ev({ eventId: 'x', roleArn: 'arn:aws:iam::1:role/b' });
    const c = ev({ eventId: 'x', roleArn: 'arn:aws:iam::1:role/c' });
    const ids = (list: AssumeEvent[]) =>
      new Map(dedupe(list).events.map((e) => [e.roleArn, e.eventId] as const));
    const first = ids([a, b, c]);
    const second = ids([a, c, b]);
    assert.equal(first.get(c.roleArn), second.get(c.roleArn));
    assert.equal(first.get(b.roleArn), second.get(b.roleArn));
  });
});

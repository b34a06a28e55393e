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

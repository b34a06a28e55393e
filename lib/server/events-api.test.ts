import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csvCell, EventsQuery, eventsCsv } from './events-api';

test('given text an attacker chose, when written as a CSV cell, then no spreadsheet reads it as a formula', () => {
  assert.equal(csvCell('=HYPERLINK("http://x","y")'), `"'=HYPERLINK(""http://x"",""y"")"`);
  assert.equal(csvCell('+1'), `"'+1"`);
  assert.equal(csvCell('-cmd'), `"'-cmd"`);
  assert.equal(csvCell('@SUM(A1)'), `"'@SUM(A1)"`);
  assert.equal(csvCell('i-0abc'), '"i-0abc"');
  assert.equal(csvCell(undefined), '');
});

test('given an event, when exported, then the CSV has the header and one escaped row', () => {
  const csv = eventsCsv([
    {
      eventId: 'e1',
      time: '2026-11-01T00:00:00Z',
      recordedBy: '222222222222',
      region: 'us-west-2',
      eventName: 'AssumeRole',
      eventSource: 'sts.amazonaws.com',
      caller: { type: 'AssumedRole', arn: 'arn:aws:sts::111111111111:assumed-role/doris-be/i-0abc' },
      roleArn: 'arn:aws:iam::222222222222:role/doris-s3-role',
      roleSessionName: '=cmd|calc',
      externalIdPresent: false,
      outcome: 'denied',
      errorCode: 'AccessDenied',
      origin: { kind: 'ec2-instance', id: 'i-0abc', label: 'EC2 i-0abc' },
    },
  ]);
  const [header, row, end] = csv.split('\r\n');
  assert.ok(header!.startsWith('time,kind,eventName,outcome'));
  assert.ok(row!.includes(`"'=cmd|calc"`));
  assert.ok(row!.includes('"EC2 i-0abc"'));
  assert.equal(end, '');
});

test('given bad filters, when parsed, then each gets a message', () => {
  const r = EventsQuery.safeParse({ outcome: 'maybe', from: 'yesterday', limit: '5000' });
  assert.equal(r.success, false);
  assert.deepEqual(r.error.issues.map((i) => i.path[0]).sort(), ['from', 'limit', 'outcome']);
});

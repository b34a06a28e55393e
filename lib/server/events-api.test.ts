import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csvCell, EventsQuery, eventsCsv, eventsResponse, summaryResponse } from './events-api';

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

test('given 2,345 matching events, when exported as CSV, then the download holds every one, read a page at a time', async () => {
  const { Store } = await import('../store');
  const opened = Store.open(':memory:');
  assert.ok(opened.ok);
  const store = opened.value;
  const base = Date.UTC(2026, 10, 1);
  store.importEvents(
    Array.from({ length: 2345 }, (_, i) => ({
      eventId: `e${i}`,
      time: new Date(base + i * 1000).toISOString(),
      recordedBy: '222222222222',
      region: 'us-west-2',
      eventName: i % 10 === 0 ? 'AttachRolePolicy' : 'AssumeRole',
      eventSource: i % 10 === 0 ? 'iam.amazonaws.com' : 'sts.amazonaws.com',
      caller: { type: 'IAMUser' as const, arn: 'arn:aws:iam::222222222222:user/u' },
      roleArn: 'arn:aws:iam::222222222222:role/r',
      externalIdPresent: false,
      outcome: 'success' as const,
    })),
  );
  const res = eventsResponse(store, new URLSearchParams({ format: 'csv', limit: '5' }));
  assert.equal(res.status, 200);
  const lines = (await res.text()).split('\r\n').filter((l) => l !== '');
  // AttachRolePolicy is a change, not a session: 2,345 − 235 sessions, plus the header.
  assert.equal(lines.length, 2345 - 235 + 1);
  assert.equal(new Set(lines).size, lines.length);
  const all = eventsResponse(store, new URLSearchParams({ format: 'csv', kind: 'all' }));
  assert.equal((await all.text()).split('\r\n').filter((l) => l !== '').length, 2346);
  store.close();
});

test('given time filters, when parsed, then offsets become instants and anything else is refused', () => {
  const ok = EventsQuery.safeParse({ from: '2024-12-12T21:00:00+05:00', to: '1733990400' });
  assert.ok(ok.success);
  assert.equal(ok.data.from, '2024-12-12T16:00:00.000Z');
  assert.equal(ok.data.to, '2024-12-12T08:00:00.000Z');
  for (const bad of ["' OR '1'='1", 'Dec 12, 2024', '2024-02-30'])
    assert.equal(EventsQuery.safeParse({ from: bad }).success, false, bad);
  const res = eventsResponse(
    { handle: undefined } as never,
    new URLSearchParams({ to: "2024-01-01' OR '1'='1" }),
  );
  assert.equal(res.status, 400);
});

test('given a bad events query, when served, then the 400 names each bad parameter and what the events take', async () => {
  const res = eventsResponse(
    { handle: undefined } as never,
    new URLSearchParams({ outcome: 'maybe', limit: '5000', role: 'doris' }),
  );
  assert.equal(res.status, 400);
  const body = (await res.json()) as { code: string; message: string; issues: { path: string }[] };
  assert.equal(body.code, 'bad_query');
  assert.match(body.message, /^limit: .*1000.*; outcome: |^outcome: .*; limit: .*1000/);
  assert.match(body.message, /The events take .*format json\|csv\.$/);
  assert.deepEqual(body.issues.map((i) => i.path).sort(), ['limit', 'outcome']);
});

test('given an events filter given twice, when served, then it is refused by name rather than one taken', async () => {
  for (const [respond, q] of [
    [eventsResponse, 'role=a&role=b&outcome=denied'],
    [summaryResponse, 'by=role&caller=x&caller=y'],
  ] as const) {
    const res = respond({ handle: undefined } as never, new URLSearchParams(q));
    assert.equal(res.status, 400, q);
    const body = (await res.json()) as { code: string; message: string; issues: { path: string }[] };
    assert.equal(body.code, 'bad_query');
    assert.match(body.message, /^(role|caller) is given more than once\. /);
    assert.equal(body.issues.length, 1);
  }
});

test('given a bad summary grouping, when served, then the 400 names by and lists the groupings', async () => {
  const res = summaryResponse({ handle: undefined } as never, new URLSearchParams({ by: 'week' }));
  assert.equal(res.status, 400);
  const body = (await res.json()) as { message: string };
  assert.match(body.message, /^by: .*by role\|caller\|origin\|day\.$/);
});

/**
 * The audit on CloudTrail records real people published (test/fixtures/real/cloudtrail/README.md):
 * times as exports write them, `@timestamp` from Logstash, one eventID reused by records that say
 * different things, and an example access key shared by a SAML session and an IAM user.
 * The expected figures in expected.json were worked out by hand from the records.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../../cli/main';
import { memoryIo } from '../../cli/io';
import { auditExport, auditPage, auditSummary, EventsQuery, SummaryQuery } from '../../lib/app/audit';
import { importFiles as ingest } from '../../lib/app/import';
import { eventsResponse } from '../../lib/server/events-api';
import { Store } from '../../lib/store';
import type { StoredEvent } from '../../lib/store';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'real', 'cloudtrail');
const PANTHER = join(DIR, 'panther-analysis_chain-tests.json');
const AWSDOCS = join(DIR, 'awsdocs_iam-user-guide_sts-examples.json');
const TRAILSCRAPER = join(DIR, 'trailscraper_test-data.json');
const LOGSTASH = join(DIR, 'awsdocs_sts-examples_logstash.jsonl');
const expected = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as {
  panther: {
    invalidRecords: number;
    events: number;
    duplicates: number;
    sessions: number;
    changes: number;
    conflicts: Record<string, number>;
    times: Record<string, string>;
    'sessionsOn2024-06-02': string[];
    blocklistAttempts: { role: string; outcome: string; errorCode?: string }[];
  };
  awsdocs: { events: number; samlEventId: string; samlIssuedKey: string };
  getSessionToken: { eventId: string; originKind: string; originId: string };
  logstash: { records: number; events: number; times: Record<string, string> };
};

const all = (store: Store, kind: 'sessions' | 'changes' | 'all', more: Record<string, string> = {}) =>
  [...auditExport(store, EventsQuery.parse({ kind, ...more }))].flat();
const byId = (events: StoredEvent[]) => new Map(events.map((e) => [e.eventId.split('~')[0]!, e]));

describe('the audit on published CloudTrail records', () => {
  let dir: string;
  let path: string;
  let store: Store;
  let warnings: { code: string; message: string }[];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rolechain-real-ct-'));
    path = join(dir, 'store.db');
    const opened = Store.open(path);
    assert.ok(opened.ok);
    store = opened.value;
    const r = await ingest(store, [PANTHER, AWSDOCS, TRAILSCRAPER], { now: '2026-12-01T00:00:00.000Z' });
    warnings = r.warnings;
  });
  after(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('given times written as exports write them, when imported, then each is stored as its UTC instant', () => {
    const events = byId(all(store, 'all'));
    for (const [id, time] of Object.entries(expected.panther.times))
      assert.equal(events.get(id)?.time, time, id);
  });

  it('given a time window, when queried, then the events with space-separated times are inside it, also with an offset', () => {
    const day = all(store, 'sessions', { from: '2024-06-02', to: '2024-06-03' }).map((e) => e.eventId);
    assert.deepEqual(day.sort(), [...expected.panther['sessionsOn2024-06-02']].sort());
    // 21:00 and 21:10 at +05:00 are 16:00 and 16:10 UTC: the 16:04:32 session.
    const offset = all(store, 'sessions', {
      from: '2024-12-12T21:00:00+05:00',
      to: '2024-12-12T21:10:00+05:00',
    });
    assert.deepEqual(
      offset.map((e) => e.eventId),
      ['044e210e-6c5e-3f3e-8f04-2311a826f287'],
    );
    // The day summary counts exactly what the window lists.
    const s = auditSummary(store, SummaryQuery.parse({ from: '2024-06-02', to: '2024-06-03' }));
    assert.deepEqual(
      s.rows.map((r) => [r.key, r.success + r.denied + r.error]),
      [['2024-06-02', expected.panther['sessionsOn2024-06-02'].length]],
    );
  });

  it('given records with no eventID, when imported, then each is a warning naming the file, and the rest is kept', () => {
    const w = warnings.find((x) => x.code === 'invalid-record' && x.message.includes('panther-analysis'));
    assert.ok(w, JSON.stringify(warnings));
    assert.match(w.message, new RegExp(`${expected.panther.invalidRecords} chain record\\(s\\) skipped`));
  });

  it('given records that share one eventID but not their content, when imported, then each is kept apart and reported', () => {
    for (const [id, n] of Object.entries(expected.panther.conflicts)) {
      const kept = all(store, 'all').filter((e) => e.eventId === id || e.eventId.startsWith(`${id}~`));
      assert.equal(kept.length, n, id);
      assert.ok(
        warnings.some((w) => w.code === 'eventid-conflict' && w.message.startsWith(`eventID ${id} `)),
      );
    }
    const attempts = all(store, 'sessions', { caller: 'arn:aws:iam::123456789012:user/example-user' })
      .filter((e) => e.eventId === '1111' || e.eventId.startsWith('1111~'))
      .map((e) => ({
        role: e.roleArn,
        outcome: e.outcome,
        ...(e.errorCode ? { errorCode: e.errorCode } : {}),
      }))
      .map((a) => JSON.stringify(a))
      .sort();
    assert.deepEqual(attempts, expected.panther.blocklistAttempts.map((a) => JSON.stringify(a)).sort());
  });

  it('given the audit kinds, when counted, then sessions are the AssumeRole* calls and the rest are changes', () => {
    const panther = (e: StoredEvent) =>
      !['111122223333', '777788889999', '444455556666', '111111111111'].includes(e.recordedBy) ||
      e.eventId.startsWith('044e210e');
    const sessions = all(store, 'sessions').filter(panther);
    const changes = all(store, 'changes').filter(panther);
    assert.ok(sessions.every((e) => e.eventName.startsWith('AssumeRole')));
    assert.equal(sessions.length, expected.panther.sessions);
    assert.equal(changes.length, expected.panther.changes);
    assert.equal(sessions.length + changes.length, expected.panther.events);
  });

  it("given an IAM user's GetSessionToken made with the example key a SAML response also carries, when attributed, then its origin is the user, not the SAML session", () => {
    const e = byId(all(store, 'changes')).get(expected.getSessionToken.eventId)!;
    assert.equal(e.origin?.kind, expected.getSessionToken.originKind);
    assert.equal(e.origin?.id, expected.getSessionToken.originId);
    const saml = byId(all(store, 'sessions')).get(expected.awsdocs.samlEventId)!;
    assert.equal(saml.issuedAccessKeyId, expected.awsdocs.samlIssuedKey);
  });

  it('given a hostile or offset time filter, when asked through the API and the CLI, then both refuse the first and agree on the second', async () => {
    const bad = eventsResponse(store, new URLSearchParams({ from: "' OR '1'='1" }));
    assert.equal(bad.status, 400);
    const io = memoryIo();
    assert.equal(await main(['audit', '--store', path, '--since', "' OR '1'='1"], io), 2);
    assert.match(io.stderr, /--since takes/);

    const cases: Record<string, string>[] = [
      { from: '2024-12-12T21:00:00+05:00', to: '2024-12-12T21:10:00+05:00' },
      { kind: 'all' },
      { kind: 'changes', outcome: 'error' },
      { role: 'arn:aws:iam::123456789012:role/FullAdminRole' },
    ];
    for (const params of cases) {
      const api = (await eventsResponse(store, new URLSearchParams({ ...params, limit: '1000' })).json()) as {
        events: StoredEvent[];
      };
      const cli = memoryIo();
      const args = Object.entries(params).flatMap(([k, v]) => [
        `--${k === 'from' ? 'since' : k === 'to' ? 'until' : k}`,
        v,
      ]);
      assert.equal(
        await main(['audit', '--store', path, '--format', 'json', '--limit', '1000', ...args], cli),
        0,
      );
      const page = JSON.parse(cli.stdout) as { events: StoredEvent[] };
      assert.deepEqual(page.events, api.events, JSON.stringify(params));
      const direct = auditPage(store, EventsQuery.parse({ ...params, limit: '1000' }));
      assert.ok(direct.ok);
      assert.deepEqual(JSON.parse(JSON.stringify(direct.value.events)), api.events);
    }
  });

  it('given the same records delivered by Logstash with @timestamp, when imported, then they are read and are the same calls', async () => {
    const fresh = Store.open(':memory:');
    assert.ok(fresh.ok);
    const r = await ingest(fresh.value, [LOGSTASH], { now: '2026-12-01T00:00:00.000Z' });
    assert.equal(r.stats.records, expected.logstash.records);
    assert.equal(r.stats.chainEvents, expected.logstash.events);
    const events = byId(all(fresh.value, 'all'));
    for (const [id, time] of Object.entries(expected.logstash.times))
      assert.equal(events.get(id)?.time, time, id);
    // Imported into the store that holds the same calls from the trail file, they add nothing.
    const again = await ingest(store, [LOGSTASH], { now: '2026-12-01T00:00:00.000Z' });
    assert.equal(again.events.inserted, 0);
    fresh.value.close();
  });
});

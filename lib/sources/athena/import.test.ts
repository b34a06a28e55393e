import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, test } from 'node:test';
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import { dedupe } from '../../audit/dedupe';
import { normalizeRecord } from '../../audit/normalize';
import type { AssumeEvent } from '../../model';
import { Store, getEvent } from '../../store';
import { importFromAthena } from './import';
import type { AthenaImportOptions } from './import';
import { rowsToEvents } from './rows';

// Recorded AWS response JSON, handed to the mock as the command output it records.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const fixture = (name: string): any =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8'));
const athena = mockClient(AthenaClient);
const client = new AthenaClient({ region: 'us-east-1' });
const OPTS: AthenaImportOptions = {
  database: 'rolechain',
  table: 'cloudtrail',
  since: '2014-01-01T00:00:00Z',
  until: '2026-11-22T00:00:00Z',
  workgroup: 'primary',
};
const sleep = async () => undefined;

let store: Store;
beforeEach(() => {
  athena.reset();
  athena.on(StartQueryExecutionCommand).resolves(fixture('start-query-execution'));
  athena.on(GetQueryExecutionCommand).resolves(fixture('get-query-execution-succeeded'));
  athena
    .on(GetQueryResultsCommand)
    .resolves(fixture('get-query-results-page1'))
    .on(GetQueryResultsCommand, { NextToken: 'AEXAMPLEnexttokenPage2' })
    .resolves(fixture('get-query-results-page2'));
  const s = Store.open(':memory:');
  assert.ok(s.ok);
  store = s.value;
});
afterEach(() => {
  store.close();
  athena.reset();
});

/** The same records read the way a CloudTrail log file is read. */
function fromFiles(): AssumeEvent[] {
  const docs = JSON.parse(
    readFileSync(
      new URL('../fixtures/samples/cloudtrail/awsdocs_iam-user-guide_sts-examples.json', import.meta.url),
      'utf8',
    ),
  ).Records;
  const ts = JSON.parse(
    readFileSync(
      new URL('../fixtures/samples/cloudtrail/trailscraper_test-data.json', import.meta.url),
      'utf8',
    ),
  ).Records;
  const records = [
    ...docs.filter((r: { eventName: string }) => r.eventName.startsWith('AssumeRole')),
    ts.find((r: { eventName: string }) => r.eventName === 'AssumeRole'),
  ];
  return records.flatMap((r) => {
    const e = normalizeRecord(r);
    return e?.ok ? [e.value] : [];
  });
}

describe('rowsToEvents', () => {
  test('given result rows of real CloudTrail records, when mapped, then each event equals the one the log-file reader makes of the same record', () => {
    const rows = [fixture('get-query-results-page1'), fixture('get-query-results-page2')];
    const columns: string[] = rows[0].ResultSet.ResultSetMetadata.ColumnInfo.map(
      (c: { Name: string }) => c.Name,
    );
    const records = rows
      .flatMap((p) => p.ResultSet.Rows as { Data: { VarCharValue?: string }[] }[])
      .slice(1)
      .map((r: { Data: { VarCharValue?: string }[] }) =>
        Object.fromEntries(columns.map((c, i) => [c, r.Data[i]?.VarCharValue ?? null])),
      );
    const read = rowsToEvents(records);
    assert.equal(read.skipped, 0);
    const expected = fromFiles();
    assert.equal(read.events.length, 7);
    assert.deepEqual(read.events.slice(0, 6), expected);
  });

  test('given a denied AssumeRole with null requestparameters and responseelements, when mapped, then the role comes from the error message and the outcome is denied', () => {
    const page2 = fixture('get-query-results-page2');
    const columns: string[] = page2.ResultSet.ResultSetMetadata.ColumnInfo.map(
      (c: { Name: string }) => c.Name,
    );
    const last = page2.ResultSet.Rows.at(-1);
    const row = Object.fromEntries(columns.map((c, i) => [c, last.Data[i]?.VarCharValue ?? null]));
    const [e] = rowsToEvents([row]).events;
    assert.equal(e?.outcome, 'denied');
    assert.equal(e?.roleArn, 'arn:aws:iam::444455556666:role/doris-s3-reader');
    assert.equal(e?.caller.sessionIssuerArn, 'arn:aws:iam::111122223333:role/app-ec2');
    assert.equal(e?.caller.mfaAuthenticated, false);
    assert.equal(e?.issuedAccessKeyId, undefined);
    assert.deepEqual(e?.notes, ['role ARN taken from errorMessage (requestParameters is null)']);
  });

  test('given rows without an eventid, of another service, or with broken JSON, when mapped, then the first two are skipped with a reason and the third is kept with a note', () => {
    const base = {
      eventid: 'e-1',
      eventtime: '2026-11-01T00:00:00Z',
      eventsource: 'sts.amazonaws.com',
      eventname: 'AssumeRole',
      recipientaccountid: '111122223333',
    };
    const read = rowsToEvents([
      { ...base, eventid: null },
      { ...base, eventsource: 's3.amazonaws.com', eventname: 'GetObject' },
      { ...base, requestparameters: '{"roleArn": "arn:aws:iam::1' },
    ]);
    assert.equal(read.skipped, 2);
    assert.equal(read.problems.length, 1);
    assert.equal(read.problems[0]?.code, 'invalid-record');
    assert.equal(read.problems[0]?.where, 'Athena result row 1');
    assert.deepEqual(read.events[0]?.notes, ['requestParameters is not JSON; ignored']);
    assert.equal(read.events[0]?.roleArn, undefined);
  });
});

describe('importFromAthena', () => {
  test('given two result pages, when imported, then the cross-account pair is folded, every event is stored, and bytes and cost are reported', async () => {
    const r = await importFromAthena(store, client, OPTS, { sleep });
    assert.ok(r.ok, !r.ok ? r.error.message : '');
    assert.equal(r.value.rows, 7);
    const files = dedupe(fromFiles());
    assert.equal(r.value.inserted, files.events.length + 1);
    assert.equal(r.value.inserted + r.value.duplicates, 7);
    assert.equal(store.eventCount(), r.value.inserted);
    assert.equal(r.value.scannedBytes, 2147483648);
    assert.ok(r.value.estimatedCostUsd > 0.01 && r.value.estimatedCostUsd < 0.011);
    const denied = getEvent(store, 'EXAMPLE-denied-event-0001');
    assert.equal(denied?.outcome, 'denied');
    assert.equal(denied?.roleArn, 'arn:aws:iam::444455556666:role/doris-s3-reader');

    const sent = athena.commandCalls(StartQueryExecutionCommand)[0]?.args[0].input;
    assert.match(
      sent?.QueryString ?? '',
      /FROM "rolechain"."cloudtrail"\nWHERE eventday BETWEEN '2014\/01\/01' AND '2026\/11\/23'/,
    );
    assert.equal(sent?.WorkGroup, 'primary');
  });

  test('given the same window imported twice, when re-run, then nothing is added', async () => {
    const first = await importFromAthena(store, client, OPTS, { sleep });
    assert.ok(first.ok);
    const count = store.eventCount();
    const again = await importFromAthena(store, client, OPTS, { sleep });
    assert.ok(again.ok);
    assert.equal(again.value.inserted, 0);
    assert.equal(again.value.duplicates, 7);
    assert.equal(store.eventCount(), count);
  });

  test('given an invalid table name, when imported, then nothing is sent to Athena and nothing is stored', async () => {
    const r = await importFromAthena(store, client, { ...OPTS, table: 'ct; DROP TABLE x' }, { sleep });
    assert.equal(!r.ok && r.error.code, 'invalid_identifier');
    assert.equal(athena.commandCalls(StartQueryExecutionCommand).length, 0);
    assert.equal(store.eventCount(), 0);
  });

  test('given a failed query, when imported, then the error comes back and the store is unchanged', async () => {
    athena.on(GetQueryExecutionCommand).resolves(fixture('get-query-execution-failed'));
    const r = await importFromAthena(store, client, OPTS, { sleep });
    assert.equal(!r.ok && r.error.code, 'athena_query_failed');
    assert.equal(store.eventCount(), 0);
  });
});

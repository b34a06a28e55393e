import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, test } from 'node:test';
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  InvalidRequestException,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import { estimatedCostUsd, runAthenaQuery } from './run';
import type { AthenaProgress } from './run';

// Recorded AWS response JSON, handed to the mock as the command output it records.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const fixture = (name: string): any =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8'));
const athena = mockClient(AthenaClient);
const client = new AthenaClient({ region: 'us-east-1' });
const ID = 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111';
const QUERY = {
  sql: 'SELECT 1',
  database: 'rolechain',
  workgroup: 'primary',
  outputLocation: 's3://results-bucket/athena/',
};

let slept: number[];
const sleep = async (ms: number) => void slept.push(ms);

beforeEach(() => {
  athena.reset();
  slept = [];
  athena.on(StartQueryExecutionCommand).resolves(fixture('start-query-execution'));
});
afterEach(() => athena.reset());

describe('runAthenaQuery', () => {
  test('given a query that runs twice then succeeds with two result pages, when run, then the rows of both pages come back keyed by column, header skipped, with bytes and cost', async () => {
    athena
      .on(GetQueryExecutionCommand)
      .resolvesOnce(fixture('get-query-execution-running'))
      .resolvesOnce(fixture('get-query-execution-running'))
      .resolves(fixture('get-query-execution-succeeded'));
    athena
      .on(GetQueryResultsCommand, { QueryExecutionId: ID, MaxResults: 1000 })
      .resolves(fixture('get-query-results-page1'))
      .on(GetQueryResultsCommand, { QueryExecutionId: ID, NextToken: 'AEXAMPLEnexttokenPage2' })
      .resolves(fixture('get-query-results-page2'));
    const seen: AthenaProgress[] = [];
    const r = await runAthenaQuery(client, QUERY, { sleep, onProgress: (p) => seen.push(p) });
    assert.ok(r.ok, !r.ok ? r.error.message : '');
    const v = r.value;
    assert.equal(v.queryExecutionId, ID);
    assert.equal(v.rows.length, 7);
    assert.equal(v.columns[0], 'eventid');
    assert.equal(v.rows[0]?.eventid, 'dEXAMPLE-ac7f-466c-a608-4ac8dEXAMPLE');
    assert.notEqual(v.rows[0]?.eventid, 'eventid');
    assert.equal(v.rows[6]?.requestparameters, null);
    assert.equal(v.scannedBytes, 2147483648);
    // 2,147,483,648 bytes → 2,148 MB billed → 0.002148 TB × USD 5.
    assert.equal(v.estimatedCostUsd.toFixed(5), '0.01074');
    assert.equal(v.engineMs, 6897);

    const start = athena.commandCalls(StartQueryExecutionCommand)[0]?.args[0].input;
    assert.deepEqual(start, {
      QueryString: 'SELECT 1',
      QueryExecutionContext: { Database: 'rolechain' },
      WorkGroup: 'primary',
      ResultConfiguration: { OutputLocation: 's3://results-bucket/athena/' },
    });
    assert.equal(athena.commandCalls(GetQueryExecutionCommand).length, 3);
    assert.deepEqual(slept, [500, 1000]);
    assert.equal(athena.commandCalls(GetQueryResultsCommand).length, 2);
    assert.deepEqual(
      seen.map((p) => p.phase),
      ['started', 'running', 'running', 'running', 'reading', 'reading', 'done'],
    );
  });

  test('given a long-running query, when polled, then the wait doubles up to the bound and the query is stopped at the time limit', async () => {
    athena.on(GetQueryExecutionCommand).resolves(fixture('get-query-execution-running'));
    athena.on(StopQueryExecutionCommand).resolves({});
    const r = await runAthenaQuery(client, QUERY, {
      sleep,
      poll: { initialMs: 100, maxMs: 400, timeoutMs: 1500 },
    });
    assert.equal(!r.ok && r.error.code, 'athena_timeout');
    assert.deepEqual(slept, [100, 200, 400, 400, 400]);
    assert.deepEqual(athena.commandCalls(StopQueryExecutionCommand)[0]?.args[0].input, {
      QueryExecutionId: ID,
    });
  });

  test('given a query Athena fails, when run, then the error value carries Athena StateChangeReason and no rows are read', async () => {
    athena.on(GetQueryExecutionCommand).resolves(fixture('get-query-execution-failed'));
    const r = await runAthenaQuery(client, QUERY, { sleep });
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.error.code, 'athena_query_failed');
    assert.match(
      !r.ok ? r.error.message : '',
      /FAILED: TABLE_NOT_FOUND: line 29:6: Table 'awsdatacatalog.rolechain.cloudtrail' does not exist/,
    );
    assert.equal(!r.ok && r.error.where, ID);
    assert.equal(athena.commandCalls(GetQueryResultsCommand).length, 0);
  });

  test('given a query cancelled in Athena by someone else, when run, then the result is athena_query_cancelled', async () => {
    const cancelled = fixture('get-query-execution-running');
    cancelled.QueryExecution.Status = { State: 'CANCELLED', StateChangeReason: 'Query cancelled by user' };
    athena.on(GetQueryExecutionCommand).resolves(cancelled);
    const r = await runAthenaQuery(client, QUERY, { sleep });
    assert.equal(!r.ok && r.error.code, 'athena_query_cancelled');
    assert.match(!r.ok ? r.error.message : '', /Query cancelled by user/);
  });

  test('given the caller aborts while the query runs, when run, then Athena is asked to stop the query and the result is athena_cancelled', async () => {
    const ac = new AbortController();
    athena.on(GetQueryExecutionCommand).resolves(fixture('get-query-execution-running'));
    athena.on(StopQueryExecutionCommand).resolves({});
    const r = await runAthenaQuery(client, QUERY, {
      signal: ac.signal,
      sleep: async () => ac.abort(),
    });
    assert.equal(!r.ok && r.error.code, 'athena_cancelled');
    assert.equal(athena.commandCalls(StopQueryExecutionCommand).length, 1);
    assert.equal(athena.commandCalls(GetQueryResultsCommand).length, 0);
  });

  test('given an already aborted signal, when run, then nothing is sent', async () => {
    const ac = new AbortController();
    ac.abort();
    const r = await runAthenaQuery(client, QUERY, { signal: ac.signal, sleep });
    assert.equal(!r.ok && r.error.code, 'athena_cancelled');
    assert.equal(athena.commandCalls(StartQueryExecutionCommand).length, 0);
  });

  test('given StartQueryExecution is refused, when run, then the SDK error becomes an error value naming the call', async () => {
    athena
      .on(StartQueryExecutionCommand)
      .rejects(new InvalidRequestException({ message: 'No output location provided.', $metadata: {} }));
    const r = await runAthenaQuery(client, { sql: 'SELECT 1', database: 'rolechain' }, { sleep });
    assert.equal(!r.ok && r.error.code, 'athena_request_failed');
    assert.match(
      !r.ok ? r.error.message : '',
      /StartQueryExecution failed: InvalidRequestException: No output location provided\./,
    );
  });

  test('given a DDL statement, when run without reading results, then no GetQueryResults is sent', async () => {
    athena.on(GetQueryExecutionCommand).resolves(fixture('get-query-execution-succeeded'));
    const r = await runAthenaQuery(client, QUERY, { sleep, readResults: false });
    assert.ok(r.ok);
    assert.deepEqual(r.value.rows, []);
    assert.equal(athena.commandCalls(GetQueryResultsCommand).length, 0);
  });

  test('given more rows than allowed, when read, then the result is refused rather than held in memory', async () => {
    athena.on(GetQueryExecutionCommand).resolves(fixture('get-query-execution-succeeded'));
    athena.on(GetQueryResultsCommand).resolves(fixture('get-query-results-page1'));
    const r = await runAthenaQuery(client, QUERY, { sleep, maxRows: 3 });
    assert.equal(!r.ok && r.error.code, 'athena_too_many_rows');
  });
});

describe('estimatedCostUsd', () => {
  test('given bytes scanned, when priced, then USD 5 per TB with a 10 MB minimum and whole megabytes', () => {
    assert.equal(estimatedCostUsd(0), 0);
    assert.equal(estimatedCostUsd(1), 0.00005);
    assert.equal(estimatedCostUsd(10_000_000), 0.00005);
    assert.equal(estimatedCostUsd(1e12), 5);
    assert.equal(estimatedCostUsd(1e12 + 1), 5.000005);
  });
});

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import { memoryIo } from '../io';
import { Store } from '../../lib/store';
import { formatBytes, runWith } from './athena';

// Recorded AWS response JSON, handed to the mock as the command output it records.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const fixture = (name: string): any =>
  JSON.parse(
    readFileSync(new URL(`../../lib/sources/athena/fixtures/${name}.json`, import.meta.url), 'utf8'),
  );
const athena = mockClient(AthenaClient);
const NOW = () => new Date('2026-11-22T10:00:00Z');
const sleep = async () => undefined;

let dir: string;
let storePath: string;
beforeEach(() => {
  athena.reset();
  athena.on(StartQueryExecutionCommand).resolves(fixture('start-query-execution'));
  athena.on(GetQueryExecutionCommand).resolves(fixture('get-query-execution-succeeded'));
  athena
    .on(GetQueryResultsCommand)
    .resolves(fixture('get-query-results-page1'))
    .on(GetQueryResultsCommand, { NextToken: 'AEXAMPLEnexttokenPage2' })
    .resolves(fixture('get-query-results-page2'));
  dir = mkdtempSync(join(tmpdir(), 'rolechain-athena-'));
  storePath = join(dir, 'store.db');
});
afterEach(() => {
  athena.reset();
  rmSync(dir, { recursive: true, force: true });
});

const cli = async (args: string[], env: Record<string, string> = {}) => {
  const io = memoryIo();
  io.env = env;
  const code = await runWith(args, io, {
    athena: new AthenaClient({ region: 'us-east-1' }),
    now: NOW,
    sleep,
  });
  return { code, out: io.stdout, err: io.stderr };
};
const BASE = ['--database', 'rolechain', '--table', 'cloudtrail'];

describe('rolechain athena', () => {
  test('given --print-ddl with a trail bucket, when run, then the DDL and the query are printed and AWS is not called', async () => {
    const r = await cli([
      ...BASE,
      '--print-ddl',
      '--trail-bucket',
      'org-trail-logs',
      '--trail-prefix',
      'central/',
      '--organization-id',
      'o-a1b2c3d4e5',
      '--accounts',
      '111122223333,444455556666',
      '--regions',
      'us-east-1,eu-west-1',
      '--start-date',
      '2026-01-01',
      '--since',
      '7d',
    ]);
    assert.equal(r.code, 0, r.err);
    const golden = readFileSync(
      new URL('../../lib/sources/athena/fixtures/ddl-organization.sql', import.meta.url),
      'utf8',
    );
    assert.ok(r.out.includes(golden.trimEnd() + ';\n'));
    assert.match(
      r.out,
      /WHERE eventday BETWEEN '2026\/11\/15' AND '2026\/11\/23'\n {2}AND eventtime >= '2026-11-15T10:00:00Z'/,
    );
    assert.match(r.out, /account IN \('111122223333', '444455556666'\)/);
    assert.equal(athena.calls().length, 0);
  });

  test('given a window, when run, then the events are imported into the store with rows, bytes and cost reported, and a second run adds nothing', async () => {
    const args = [
      ...BASE,
      '--since',
      '2014-01-01',
      '--store',
      storePath,
      '--workgroup',
      'audit',
      '--output',
      's3://athena-results-bucket/rolechain/',
    ];
    const first = await cli(args);
    assert.equal(first.code, 0, first.err);
    assert.match(
      first.out,
      /query a1b2c3d4-5678-90ab-cdef-EXAMPLE11111: 7 row\(s\); scanned 2.15 GB \(≈ USD 0.01 at USD 5\/TB\)/,
    );
    assert.match(first.out, /events: 6 added, 1 already stored or duplicated, 0 skipped/);
    const input = athena.commandCalls(StartQueryExecutionCommand)[0]?.args[0].input;
    assert.equal(input?.WorkGroup, 'audit');
    assert.deepEqual(input?.ResultConfiguration, { OutputLocation: 's3://athena-results-bucket/rolechain/' });
    assert.match(
      first.err,
      /query a1b2c3d4-5678-90ab-cdef-EXAMPLE11111 started…\nsucceeded…\nreading results…\nimporting 6 event\(s\) from 7 row\(s\)…/,
    );

    const second = await cli([...args, '--format', 'json']);
    assert.equal(second.code, 0);
    const j = JSON.parse(second.out);
    assert.equal(j.inserted, 0);
    assert.equal(j.duplicates, 7);
    const s = Store.open(storePath);
    assert.ok(s.ok);
    assert.equal(s.value.eventCount(), 6);
    s.value.close();
  });

  test('given --create-table, when run, then the DDL is sent first, without reading results, and the query follows', async () => {
    const r = await cli([
      ...BASE,
      '--create-table',
      '--trail-bucket',
      'org-trail-logs',
      '--accounts',
      '111122223333',
      '--regions',
      'us-east-1',
      '--store',
      storePath,
    ]);
    assert.equal(r.code, 0, r.err);
    const sent = athena
      .commandCalls(StartQueryExecutionCommand)
      .map((c) => c.args[0].input.QueryString ?? '');
    assert.equal(sent.length, 2);
    assert.match(sent[0] ?? '', /^CREATE EXTERNAL TABLE IF NOT EXISTS `rolechain`.`cloudtrail`/);
    assert.match(sent[1] ?? '', /^SELECT/);
    assert.equal(athena.commandCalls(GetQueryResultsCommand).length, 2);
    assert.match(r.out, /table rolechain.cloudtrail ready/);
  });

  test('given --edges, when run, then Athena aggregate rows are printed as caller → role counts and nothing is stored', async () => {
    const meta = {
      ColumnInfo: [
        'caller',
        'caller_type',
        'eventname',
        'role',
        'outcome',
        'calls',
        'first_seen',
        'last_seen',
      ].map((Name) => ({ Name, Type: 'varchar' })),
    };
    athena.on(GetQueryResultsCommand).resolves({
      ResultSet: {
        ResultSetMetadata: meta,
        Rows: [
          { Data: meta.ColumnInfo.map((c) => ({ VarCharValue: c.Name })) },
          {
            Data: [
              'arn:aws:iam::111122223333:role/app-ec2',
              'AssumedRole',
              'AssumeRole',
              'arn:aws:iam::444455556666:role/doris-s3-reader',
              'denied',
              '42',
              '2026-11-01T00:00:01Z',
              '2026-11-21T23:59:59Z',
            ].map((v) => ({ VarCharValue: v })),
          },
        ],
      },
    });
    const r = await cli([...BASE, '--edges', '--store', storePath]);
    assert.equal(r.code, 0, r.err);
    assert.match(
      r.out,
      /^ {6}42 {2}denied {3}arn:aws:iam::111122223333:role\/app-ec2 → arn:aws:iam::444455556666:role\/doris-s3-reader {2}AssumeRole/,
    );
    assert.match(r.out, /1 edge\(s\); scanned 2.15 GB/);
    assert.match(
      athena.commandCalls(StartQueryExecutionCommand)[0]?.args[0].input.QueryString ?? '',
      /^WITH calls AS/,
    );
  });

  test('given a failed query, when run, then Athena reason is printed and the exit code is 1', async () => {
    athena.on(GetQueryExecutionCommand).resolves(fixture('get-query-execution-failed'));
    const r = await cli([...BASE, '--store', storePath]);
    assert.equal(r.code, 1);
    assert.match(r.err, /TABLE_NOT_FOUND/);
  });

  test('given an abort while the query runs, when run, then the query is stopped and the exit code is 130', async () => {
    athena.on(GetQueryExecutionCommand).resolves(fixture('get-query-execution-running'));
    athena.on(StopQueryExecutionCommand).resolves({});
    const ac = new AbortController();
    const io = memoryIo();
    const code = await runWith([...BASE, '--store', storePath], io, {
      athena: new AthenaClient({ region: 'us-east-1' }),
      now: NOW,
      sleep: async () => ac.abort(),
      signal: ac.signal,
    });
    assert.equal(code, 130);
    assert.equal(athena.commandCalls(StopQueryExecutionCommand).length, 1);
  });

  const bad: [string, string[], RegExp][] = [
    ['no --database', ['--table', 't'], /--database is required/],
    ['a table with a quote', ['--database', 'd', '--table', "t'x"], /--table 't'x' is not a valid/],
    ['an unknown flag', [...BASE, '--bucket', 'x'], /Unknown option '--bucket'/],
    ['a bad --since', [...BASE, '--since', 'last week'], /--since 'last week' is not a date/],
    [
      '--since after --until',
      [...BASE, '--since', '2026-11-10', '--until', '2026-11-01'],
      /--since must be before --until/,
    ],
    ['a bad account', [...BASE, '--accounts', '1234'], /--accounts: Not 12-digit account ids: 1234/],
    ['a bad region', [...BASE, '--regions', 'mars-1'], /--regions: Not AWS region names: mars-1/],
    [
      'a bad output location',
      [...BASE, '--output', 'https://x'],
      /--output 'https:\/\/x' is not an S3 location/,
    ],
    ['a bad workgroup', [...BASE, '--workgroup', 'a b'], /--workgroup 'a b'/],
    [
      '--trail-bucket without consent or print',
      [...BASE, '--trail-bucket', 'b-logs'],
      /--trail-bucket only go with --create-table or --print-ddl/,
    ],
    ['--create-table without a bucket', [...BASE, '--create-table'], /--create-table needs --trail-bucket/],
    [
      '--create-table without accounts',
      [...BASE, '--create-table', '--trail-bucket', 'b-logs', '--regions', 'us-east-1'],
      /--create-table needs --accounts/,
    ],
    ['a table without regions', [...BASE, '--print-ddl', '--trail-bucket', 'b-logs'], /needs --regions/],
    [
      'a bad organisation id',
      [
        ...BASE,
        '--print-ddl',
        '--trail-bucket',
        'b-logs',
        '--regions',
        'us-east-1',
        '--organization-id',
        'org-1',
      ],
      /not an organization id/,
    ],
    ['a bad format', [...BASE, '--format', 'xml'], /--format is text or json/],
  ];
  for (const [what, args, message] of bad)
    test(`given ${what}, when run, then it exits 2 with a clear message and calls nothing`, async () => {
      const r = await cli(args);
      assert.equal(r.code, 2);
      assert.match(r.err, message);
      assert.equal(athena.calls().length, 0);
    });

  test('given no AWS region in the environment and no injected client, when run, then it says to set AWS_REGION', async () => {
    const io = memoryIo();
    io.env = {
      AWS_ACCESS_KEY_ID: 'AKIAEXAMPLEEXAMPLE00',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    };
    const code = await runWith([...BASE, '--store', storePath], io, { now: NOW });
    assert.equal(code, 2);
    assert.match(io.stderr, /set AWS_REGION/);
    assert.doesNotMatch(io.stderr + io.stdout, /AKIAEXAMPLE|wJalrXUtnFEMI/);
  });
});

describe('formatBytes', () => {
  test('given byte counts, when formatted, then decimal units as Athena bills them', () => {
    assert.equal(formatBytes(0), '0 B');
    assert.equal(formatBytes(10_000_000), '10.0 MB');
    assert.equal(formatBytes(2_147_483_648), '2.15 GB');
    assert.equal(formatBytes(1.5e12), '1.50 TB');
  });
});

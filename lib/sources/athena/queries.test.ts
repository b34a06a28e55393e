import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { athenaDdl } from './ddl';
import type { DdlOptions } from './ddl';
import { chainEventsQuery, edgeCountsQuery, readEdgeCounts } from './queries';
import type { QueryOptions } from './queries';

const golden = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const value = (r: { ok: true; value: string } | { ok: false; error: { code: string } }): string => {
  assert.ok(r.ok, r.ok ? '' : r.error.code);
  return r.value;
};

const ORG: DdlOptions = {
  database: 'rolechain',
  table: 'cloudtrail',
  trailBucket: 'org-trail-logs',
  trailPrefix: 'central/',
  organizationId: 'o-a1b2c3d4e5',
  accounts: ['111122223333', '444455556666'],
  regions: ['us-east-1', 'eu-west-1'],
  startDate: '2026-01-01',
};
const WINDOW: QueryOptions = {
  database: 'rolechain',
  table: 'cloudtrail',
  since: '2026-10-23T00:00:00Z',
  until: '2026-11-22T10:30:00Z',
};

describe('athenaDdl', () => {
  test('given an organisation trail, when the DDL is built, then it is the golden statement with enum projections over AWSLogs/<o-id>/<account>/CloudTrail/<region>/<yyyy/MM/dd>', () => {
    const ddl = value(athenaDdl(ORG));
    assert.equal(ddl + '\n', golden('ddl-organization.sql'));
    assert.match(
      ddl,
      /'storage.location.template'='s3:\/\/org-trail-logs\/central\/AWSLogs\/o-a1b2c3d4e5\/\$\{account\}\/CloudTrail\/\$\{region\}\/\$\{eventday\}'/,
    );
    assert.match(ddl, /PARTITIONED BY \(account STRING, region STRING, eventday STRING\)/);
  });

  test('given an account trail and no account list, when the DDL is built, then the account partition is injected (every query must name its accounts)', () => {
    const ddl = value(
      athenaDdl({
        database: 'rolechain',
        table: 'cloudtrail',
        trailBucket: 'amzn-s3-demo-bucket',
        regions: ['us-east-1'],
        startDate: '2026/06/01',
      }),
    );
    assert.equal(ddl + '\n', golden('ddl-account.sql'));
    assert.match(ddl, /'projection.account.type'='injected'/);
    assert.doesNotMatch(ddl, /projection.account.values/);
    assert.match(ddl, /LOCATION 's3:\/\/amzn-s3-demo-bucket\/AWSLogs\/'/);
  });

  test('given upper-case names, when the DDL is built, then they are lower-cased as Glue stores them', () => {
    assert.match(
      value(athenaDdl({ ...ORG, database: 'RoleChain', table: 'CloudTrail_Org' })),
      /`rolechain`.`cloudtrail_org`/,
    );
  });

  const bad: [string, Partial<DdlOptions>, string][] = [
    ['a database name with a quote', { database: "x'; DROP TABLE y; --" }, 'invalid_identifier'],
    ['a table name with a backtick', { table: 'ct`x' }, 'invalid_identifier'],
    ['a table name starting with a digit', { table: '1ct' }, 'invalid_identifier'],
    ['a bucket with upper case', { trailBucket: 'My-Bucket' }, 'invalid_bucket'],
    ['a bucket shaped as an IP address', { trailBucket: '192.168.1.1' }, 'invalid_bucket'],
    ['a bucket with a quote', { trailBucket: "logs'x" }, 'invalid_bucket'],
    ['a prefix with a quote', { trailPrefix: "a'/b" }, 'invalid_prefix'],
    ['a prefix with a template', { trailPrefix: '${account}' }, 'invalid_prefix'],
    ['a prefix climbing up', { trailPrefix: 'a/../b' }, 'invalid_prefix'],
    ['an organisation id without o-', { organizationId: 'a1b2c3d4e5' }, 'invalid_organization_id'],
    ['an 11-digit account', { accounts: ['11112222333'] }, 'invalid_account'],
    ['an account list smuggling SQL', { accounts: ["111122223333','x"] }, 'invalid_account'],
    ['a made-up region', { regions: ['us_east_1'] }, 'invalid_region'],
    ['no region', { regions: [] }, 'invalid_region'],
    ['a start date that is no date', { startDate: 'last year' }, 'invalid_date'],
    ['a start date past the month end', { startDate: '2026-02-30' }, 'invalid_date'],
  ];
  for (const [what, change, code] of bad)
    test(`given ${what}, when the DDL is built, then it is refused with ${code}`, () => {
      const r = athenaDdl({ ...ORG, ...change });
      assert.equal(r.ok, false);
      assert.equal(!r.ok && r.error.code, code);
    });
});

describe('chainEventsQuery', () => {
  test('given a 30-day window, one account and one region, when the query is built, then it is the golden SELECT restricted by day, account and region partitions', () => {
    const sql = value(chainEventsQuery({ ...WINDOW, accounts: ['111122223333'], regions: ['us-east-1'] }));
    assert.equal(sql + '\n', golden('chain-events.sql'));
  });

  test('given a window ending just before midnight, when the query is built, then the day range reaches the next day (late-delivered files) and eventtime keeps it exact', () => {
    const sql = value(
      chainEventsQuery({ ...WINDOW, since: '2026-11-01T00:00:00Z', until: '2026-11-01T23:59:59Z' }),
    );
    assert.match(sql, /eventday BETWEEN '2026\/11\/01' AND '2026\/11\/02'/);
    assert.match(sql, /eventtime >= '2026-11-01T00:00:00Z'\n {2}AND eventtime < '2026-11-01T23:59:59Z'/);
    assert.doesNotMatch(sql, /account IN|region IN/);
  });

  test('given every chain event name, when the query is built, then each is asked of its own service only', () => {
    const sql = value(chainEventsQuery(WINDOW));
    assert.match(
      sql,
      /eventsource = 'sts.amazonaws.com' AND eventname IN \('AssumeRole', 'AssumeRoleWithSAML', 'AssumeRoleWithWebIdentity', 'GetFederationToken', 'GetSessionToken'\)/,
    );
    assert.match(
      sql,
      /eventsource = 'ec2.amazonaws.com' AND eventname IN \('AssociateIamInstanceProfile', 'ReplaceIamInstanceProfileAssociation'\)/,
    );
    assert.match(
      sql,
      /eventsource = 'iam.amazonaws.com' AND eventname IN \('CreateRole',.*'RemoveRoleFromInstanceProfile'\)/,
    );
  });

  const bad: [string, Partial<QueryOptions>, string][] = [
    ['since after until', { since: '2026-11-22T00:00:00Z', until: '2026-11-01T00:00:00Z' }, 'invalid_date'],
    [
      'since equal to until',
      { since: '2026-11-01T00:00:00Z', until: '2026-11-01T00:00:00Z' },
      'invalid_date',
    ],
    ['an unparsable until', { until: 'tomorrow' }, 'invalid_date'],
    ['a table name with a double quote', { table: 'ct"; DROP' }, 'invalid_identifier'],
    ['an account with letters', { accounts: ['11112222333x'] }, 'invalid_account'],
    ['a region with a quote', { regions: ["us-east-1'"] }, 'invalid_region'],
  ];
  for (const [what, change, code] of bad)
    test(`given ${what}, when the query is built, then it is refused with ${code}`, () => {
      for (const build of [chainEventsQuery, edgeCountsQuery]) {
        const r = build({ ...WINDOW, ...change });
        assert.equal(!r.ok && r.error.code, code);
      }
    });
});

describe('edgeCountsQuery', () => {
  test('given a window, when the aggregate is built, then it is the golden query: one copy per shared call, role from the error message when requestparameters is null', () => {
    const sql = value(edgeCountsQuery(WINDOW));
    assert.equal(sql + '\n', golden('edge-counts.sql'));
  });

  test('given aggregate rows as Athena returns them, when read, then counts are numbers and malformed rows are dropped', () => {
    const rows = [
      {
        caller: 'arn:aws:iam::111122223333:role/app-ec2',
        caller_type: 'AssumedRole',
        eventname: 'AssumeRole',
        role: 'arn:aws:iam::444455556666:role/doris-s3-reader',
        outcome: 'denied',
        calls: '42',
        first_seen: '2026-11-01T00:00:01Z',
        last_seen: '2026-11-21T23:59:59Z',
      },
      {
        caller: 'ec2.amazonaws.com',
        caller_type: 'AWSService',
        eventname: 'AssumeRole',
        role: null,
        outcome: 'success',
        calls: '7',
        first_seen: '2026-11-02T00:00:00Z',
        last_seen: '2026-11-03T00:00:00Z',
      },
      {
        caller: 'x',
        caller_type: 'IAMUser',
        eventname: 'AssumeRole',
        role: null,
        outcome: 'maybe',
        calls: '1',
        first_seen: 'a',
        last_seen: 'b',
      },
      {
        caller: 'x',
        caller_type: 'IAMUser',
        eventname: 'AssumeRole',
        role: null,
        outcome: 'success',
        calls: null,
        first_seen: 'a',
        last_seen: 'b',
      },
    ];
    const edges = readEdgeCounts(rows);
    assert.equal(edges.length, 2);
    assert.deepEqual(edges[0], {
      caller: 'arn:aws:iam::111122223333:role/app-ec2',
      callerType: 'AssumedRole',
      eventName: 'AssumeRole',
      role: 'arn:aws:iam::444455556666:role/doris-s3-reader',
      outcome: 'denied',
      calls: 42,
      firstSeen: '2026-11-01T00:00:01Z',
      lastSeen: '2026-11-21T23:59:59Z',
    });
    assert.equal(edges[1]?.role, undefined);
  });
});

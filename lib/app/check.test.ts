import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { memoryIo } from '../../cli/io';
import { run as cliCheck } from '../../cli/commands/check';
import type { AssumeEvent, Snapshot } from '../model';
import { coverageOf } from '../model';
import { loadDemo } from '../sources/demo';
import { CheckInput, exitCodeOf, runCheck } from './check';

let demo: Snapshot;
let events: AssumeEvent[];
before(async () => {
  const d = await loadDemo();
  demo = d.snapshot;
  events = d.events;
});

const DORIS_FIELDS = {
  source: 'arn:aws:iam::111111111111:role/doris-be-instance-role',
  targetRole: 'arn:aws:iam::222222222222:role/doris-s3-role',
  resource: 's3://rolechain-demo-lakehouse/doris/backup/part-0001.parquet',
};
const STARROCKS_CATALOG = `CREATE EXTERNAL CATALOG glue_catalog PROPERTIES (
  "type" = "hive", "hive.metastore.type" = "glue",
  "aws.glue.use_instance_profile" = "true",
  "aws.glue.iam_role_arn" = "arn:aws:iam::222222222222:role/glue_assumed_role",
  "aws.glue.external_id" = "starrocks-external-id",
  "aws.glue.region" = "us-west-2",
  "aws.s3.use_instance_profile" = "true",
  "aws.s3.iam_role_arn" = "arn:aws:iam::222222222222:role/s3_assumed_role",
  "aws.s3.external_id" = "starrocks-external-id",
  "aws.s3.region" = "us-west-2"
);`;
const STARROCKS_SOURCE = 'arn:aws:iam::111111111111:role/starrocks-instance-role';

const check = (body: unknown) => {
  const r = runCheck(demo, CheckInput.parse(body), { events });
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  return r.value;
};

describe('runCheck from fields', () => {
  it('given the Doris chain with its ExternalId, then all five steps pass and the verdict is works', () => {
    const o = check({ ...DORIS_FIELDS, externalId: 'doris-external-id' });
    assert.deepEqual(
      o.chains[0]?.result?.steps.map((s) => s.status),
      ['pass', 'pass', 'pass', 'pass', 'pass'],
    );
    assert.equal(o.verdict, 'works');
    assert.equal(exitCodeOf(o), 0);
  });

  it('given the same chain without the ExternalId, then the trust step fails and the verdict is broken', () => {
    const o = check(DORIS_FIELDS);
    assert.equal(o.chains[0]?.result?.steps[1]?.status, 'fail');
    assert.equal(exitCodeOf(o), 1);
  });

  it('given no target role, then the source’s own credentials are checked: steps 2 and 3 do not apply', () => {
    const o = check({ source: DORIS_FIELDS.source, resource: DORIS_FIELDS.resource });
    assert.deepEqual(
      o.chains[0]?.result?.steps.slice(0, 3).map((s) => s.status),
      ['pass', 'not-applicable', 'not-applicable'],
    );
    // The instance role holds no S3 grant of its own in the demo: it reaches the bucket only through doris-s3-role.
    assert.equal(o.chains[0]?.result?.steps[3]?.status, 'fail');
  });

  it('given the Doris documentation’s 10-digit account, then it is refused saying so', () => {
    const r = runCheck(
      demo,
      CheckInput.parse({ ...DORIS_FIELDS, targetRole: 'arn:aws:iam::1234567890:role/doris-s3-role' }),
    );
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(r.error.code, 'bad_arn');
      assert.match(
        r.error.message,
        /the account '1234567890' has 10 digits; an AWS account id has exactly 12/,
      );
    }
  });
});

describe('runCheck: the edge panel’s ExternalId', () => {
  it('given the working Doris edge and no ExternalId, then it fills the value CloudTrail saw, says so, and the chain works', () => {
    const o = check({ ...DORIS_FIELDS, fillExternalId: true });
    assert.equal(o.externalIdUsed?.value, 'doris-external-id');
    assert.match(o.externalIdUsed?.from ?? '', /seen in CloudTrail/);
    assert.equal(o.verdict, 'works');
  });

  it('given the Trino edge, then it uses what Trino was seen sending, names the value the trust requires, and step 2 fails', () => {
    const o = check({
      source: 'arn:aws:iam::111111111111:role/trino-instance-role',
      targetRole: 'arn:aws:iam::222222222222:role/trino-s3-role',
      resource: 's3://rolechain-demo-lakehouse/trino/',
      fillExternalId: true,
    });
    assert.equal(o.externalIdUsed?.value, 'trino-external-id');
    assert.match(o.externalIdUsed?.from ?? '', /the trust requires trino-prod-7d2c/);
    assert.equal(o.chains[0]?.result?.steps[1]?.status, 'fail');
  });

  it('given no events, then it falls back to the value the trust requires and says CloudTrail never saw one', () => {
    const r = runCheck(demo, CheckInput.parse({ ...DORIS_FIELDS, fillExternalId: true }));
    assert.ok(r.ok);
    if (r.ok) {
      assert.equal(r.value.externalIdUsed?.value, 'doris-external-id');
      assert.match(r.value.externalIdUsed?.from ?? '', /required by the trust policy/);
    }
  });
});

describe('runCheck from a statement', () => {
  it('given a StarRocks Glue catalog without a bucket, then both chains are checked, S3 steps 4–5 ask for one, and it is not works', () => {
    const o = check({ text: STARROCKS_CATALOG, source: STARROCKS_SOURCE });
    assert.deepEqual(
      o.chains.map((c) => c.label),
      ['S3', 'Glue'],
    );
    assert.deepEqual(
      o.chains[0]?.result?.steps.map((s) => s.status),
      ['pass', 'pass', 'pass', 'skipped', 'skipped'],
    );
    assert.equal(o.chains[1]?.result?.ok, true);
    assert.equal(o.verdict, 'incomplete');
    assert.equal(exitCodeOf(o), 3);
  });

  it('given the same statement under its older name `sql` and a bucket, then both chains work', () => {
    const o = check({
      sql: STARROCKS_CATALOG,
      source: STARROCKS_SOURCE,
      resource: 's3://rolechain-demo-lakehouse/starrocks/warehouse/part-0001.parquet',
    });
    assert.equal(o.verdict, 'works', o.summary);
    assert.equal(o.statement?.kindLabel, 'a SQL statement');
  });

  it('given a statement with a static key, then neither the secret nor the whole key id is returned', () => {
    const r = runCheck(
      demo,
      CheckInput.parse({
        text: `LOAD LABEL l (DATA INFILE("s3://rolechain-demo-lakehouse/x.csv") INTO TABLE t) WITH S3 ("s3.access_key" = "AKIAZZZZZZZZZZZZ9999", "s3.secret_key" = "wJalrXUtnFEMIK7MDENGbPxRfiCYzzzzzzzzzzzz")`,
        source: 'i-0123456789abcdef0',
      }),
    );
    assert.ok(r.ok);
    const out = JSON.stringify(r.ok ? r.value : {});
    assert.doesNotMatch(out, /wJalrXUtnFEMI|AKIAZZZZZZZZZZZZ9999/);
    assert.match(out, /AKIA…9999 is not in the snapshot/);
  });
});

describe('parity: rolechain check and the API give the same outcome', () => {
  const bodies: { name: string; body: Record<string, unknown>; args: string[] }[] = [
    {
      name: 'Doris fields',
      body: { ...DORIS_FIELDS, externalId: 'doris-external-id' },
      args: [
        '--source',
        DORIS_FIELDS.source,
        '--target-role',
        DORIS_FIELDS.targetRole,
        '--resource',
        DORIS_FIELDS.resource,
        '--external-id',
        'doris-external-id',
      ],
    },
    {
      name: 'StarRocks catalog',
      body: { text: STARROCKS_CATALOG, source: STARROCKS_SOURCE },
      args: ['--source', STARROCKS_SOURCE, '--sql', '-'],
    },
    {
      name: 'documented Doris repository',
      body: {
        text: readFileSync(
          join(process.cwd(), 'test/fixtures/real/statements/doris/repository-assumed-role.sql'),
          'utf8',
        )
          .replace('<your-target-role-arn>', 'arn:aws:iam::222222222222:role/doris-s3-role')
          .replace('<your-external-id>', 'doris-external-id')
          .replace('your_bucket', 'rolechain-demo-lakehouse'),
        source: 'arn:aws:iam::111111111111:instance-profile/doris-be-instance-profile',
      },
      args: [
        '--source',
        'arn:aws:iam::111111111111:instance-profile/doris-be-instance-profile',
        '--sql',
        '-',
      ],
    },
  ];
  for (const b of bodies)
    it(`given ${b.name}, then the CLI's JSON is runCheck's outcome and its exit code follows the verdict`, async () => {
      // The route handler is `runCheck(snapshot, CheckInput.parse(body))` (app/api/check/route.ts).
      const api = runCheck(demo, CheckInput.parse(b.body));
      assert.ok(api.ok);
      const io = memoryIo(typeof b.body.text === 'string' ? b.body.text : '');
      io.env = {
        ROLECHAIN_DEMO_DIR: join(process.cwd(), 'demo'),
        ROLECHAIN_DATA_DIR: '/nonexistent/rolechain',
      };
      const code = await cliCheck([...b.args, '--format', 'json'], io);
      const { snapshot: _label, ...cli } = JSON.parse(io.stdout) as Record<string, unknown>;
      assert.deepEqual(cli, JSON.parse(JSON.stringify(api.ok ? api.value : {})));
      assert.equal(code, api.ok ? exitCodeOf(api.value) : 2);
    });

  it('the route handler adapts runCheck and nothing else: no statement reading or chain checking of its own', () => {
    // The route asks the analysis (on its thread or in the worker); the analysis's answer is runCheck's.
    const route = readFileSync(join(process.cwd(), 'app/api/check/route.ts'), 'utf8');
    assert.match(route, /import \{ CheckInput \} from '@\/lib\/app\/check'/);
    assert.match(route, /route: 'check'/);
    assert.doesNotMatch(route, /lib\/graph|readStatement|checkChain|checkPlan/);
    const answers = readFileSync(join(process.cwd(), 'lib/server/analysis-answers.ts'), 'utf8');
    assert.match(answers, /import \{ runCheck \} from '\.\.\/app\/check'/);
    assert.doesNotMatch(answers, /readStatement|checkChain|checkPlan/);
  });
});

describe('runCheck on data that was not read fully', () => {
  /** The demo with one account's IAM read only partly, as after an AccessDenied mid-collection. */
  const withPartialIam = (account: string): Snapshot => ({
    ...demo,
    coverage: coverageOf(demo).map((p) =>
      p.source === 'iam' && p.account === account
        ? {
            ...p,
            state: 'partial' as const,
            staleSince: '2026-11-01T00:00:00.000Z',
            failures: [
              { call: 'iam:GetAccountAuthorizationDetails', code: 'AccessDenied', message: 'denied' },
            ],
          }
        : p,
    ),
  });

  it('given the Doris chain passing every step, when the target account’s IAM was read only partly, then the verdict is incomplete and names that part, never works', () => {
    const r = runCheck(
      withPartialIam('222222222222'),
      CheckInput.parse({ ...DORIS_FIELDS, externalId: 'doris-external-id' }),
    );
    assert.ok(r.ok);
    assert.deepEqual(
      r.value.chains[0]?.result?.steps.map((s) => s.status),
      ['pass', 'pass', 'pass', 'pass', 'pass'],
    );
    assert.equal(r.value.verdict, 'incomplete');
    assert.equal(exitCodeOf(r.value), 3);
    assert.equal(r.value.dataNotes.length, 1);
    assert.match(r.value.dataNotes[0] ?? '', /222222222222/);
  });

  it('given a partial read in an account the chain does not touch, then the verdict stays works', () => {
    const r = runCheck(
      withPartialIam('333333333333'),
      CheckInput.parse({ ...DORIS_FIELDS, externalId: 'doris-external-id' }),
    );
    assert.ok(r.ok);
    assert.equal(r.value.verdict, 'works');
    assert.deepEqual(r.value.dataNotes, []);
  });

  it('given a broken chain on partial data, then it stays broken and still lists the part not read', () => {
    const r = runCheck(withPartialIam('111111111111'), CheckInput.parse(DORIS_FIELDS));
    assert.ok(r.ok);
    assert.equal(r.value.verdict, 'broken');
    assert.match(r.value.dataNotes.join(' '), /111111111111/);
  });
});

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { Store } from '../../lib/store';
import {
  FakeAws,
  fakeTime,
  MANAGEMENT,
  MEMBER_A,
  MEMBER_B,
  temporaryCredentials,
} from '../../lib/sources/aws/fixtures/mock-aws';
import { memoryIo } from '../io';
import { EXIT_PARTIAL, parseArgs, runWith } from './collect';

let aws: FakeAws;
let dir: string;
beforeEach(() => {
  aws = new FakeAws();
  dir = mkdtempSync(join(tmpdir(), 'rolechain-collect-'));
});
afterEach(() => {
  aws.restore();
  rmSync(dir, { recursive: true, force: true });
});

function deps() {
  const time = fakeTime();
  aws.now = time.now;
  return { clients: aws.factory(), collect: { clock: time.clock, sleep: time.sleep } };
}

describe('rolechain collect', () => {
  test('given an organisation with one member unreachable, when collected, then progress goes to stderr, the gap to stdout, one snapshot is saved, and it exits 3', async () => {
    aws.denyAssume.add(MEMBER_B);
    const io = memoryIo();
    const store = join(dir, 'r.db');
    const code = await runWith(
      ['--organization', '--external-id', 'ext-1234', '--regions', 'us-east-1', '--store', store],
      io,
      deps(),
    );
    assert.equal(code, EXIT_PARTIAL, io.stderr);
    assert.match(io.stderr, /^identity +checking credentials/m);
    assert.match(io.stderr, /^organization +reading the organisation/m);
    assert.match(io.stderr, /^iam +account 222222222222: IAM authorization details \[0\/10\]/m);
    assert.match(io.stderr, /^iam +account 222222222222: roles' MaxSessionDuration \[1\/10\]/m);
    assert.doesNotMatch(io.stdout, /^identity /m);
    assert.match(io.stdout, /^warning +account 333333333333 not collected: could not assume/m);
    assert.match(
      io.stdout,
      /^not read +IAM .* of account 333333333333: not read \(sts:AssumeRole: AccessDenied\)/m,
    );
    assert.match(io.stdout, /saved snapshot 1 to .*r\.db: 2 account\(s\) collected, 1 not \(333333333333\)/);
    assert.match(io.stdout, /--allow-partial exits 0/);
    const c = temporaryCredentials(MEMBER_A);
    for (const secret of [c.AccessKeyId, c.SecretAccessKey, c.SessionToken])
      assert.ok(!io.stdout.includes(secret) && !io.stderr.includes(secret));
    const opened = Store.open(store);
    assert.ok(opened.ok);
    const snap = opened.value.getSnapshot(opened.value.latestSnapshotMeta()!.id)!;
    assert.deepEqual([...new Set(snap.roles.map((r) => r.account))], [MANAGEMENT, MEMBER_A]);
    opened.value.close();
  });

  test('given the same partial collection with --allow-partial (what the dashboard runs), when collected, then it exits 0 and prints the same gaps', async () => {
    aws.denyAssume.add(MEMBER_B);
    const io = memoryIo();
    const store = join(dir, 'r.db');
    const code = await runWith(
      ['--organization', '--regions', 'us-east-1', '--store', store, '--allow-partial'],
      io,
      deps(),
    );
    assert.equal(code, 0, io.stderr);
    assert.match(io.stdout, /^not read +IAM .* of account 333333333333/m);
    assert.doesNotMatch(io.stdout, /exits 0/);
  });

  test('given --format json, when collected, then stdout is exactly one JSON document and progress is on stderr', async () => {
    const io = memoryIo();
    const code = await runWith(
      ['--regions', 'us-east-1', '--store', join(dir, 'r.db'), '--format', 'json'],
      io,
      deps(),
    );
    assert.equal(code, 0, io.stderr);
    const doc = JSON.parse(io.stdout) as {
      ok: boolean;
      partial: boolean;
      failed: unknown[];
      snapshotId: number;
    };
    assert.equal(doc.ok, true);
    assert.equal(doc.partial, false);
    assert.deepEqual(doc.failed, []);
    assert.match(io.stderr, /^identity +checking credentials/m);
  });

  test('given --profile naming no profile of the shared files, when collecting, then it says the profile was not found, exits 1 and writes nothing', async () => {
    const cfg = join(dir, 'config');
    writeFileSync(cfg, '[default]\nregion = us-east-1\n\n[profile audit]\nregion = eu-west-1\n');
    const io = memoryIo();
    io.env = { AWS_CONFIG_FILE: cfg, AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none') };
    const store = join(dir, 'r.db');
    const code = await runWith(['--profile', 'nosuch', '--store', store], io);
    assert.equal(code, 1);
    assert.match(io.stderr, /AWS profile not found: 'nosuch'/);
    assert.match(io.stderr, /Known profiles: audit, default/);
    assert.doesNotMatch(io.stderr, /No AWS credentials found/);
    const opened = Store.open(store);
    assert.ok(opened.ok);
    assert.equal(opened.value.latestSnapshotMeta(), undefined);
    opened.value.close();
  });

  test('given no credentials, when collecting, then it exits 1 saying which chain was tried and writes nothing', async () => {
    aws.mocks.sts.on(GetCallerIdentityCommand).rejects(
      Object.assign(new Error('Could not load credentials from any providers'), {
        name: 'CredentialsProviderError',
      }),
    );
    const io = memoryIo();
    const store = join(dir, 'r.db');
    const code = await runWith(['--store', store], io, deps());
    assert.equal(code, 1);
    assert.match(io.stderr, /No AWS credentials found\. The SDK tried, in order: environment variables/);
    const opened = Store.open(store);
    assert.ok(opened.ok);
    assert.equal(opened.value.latestSnapshotMeta(), undefined);
    opened.value.close();
  });

  test('given --dry-run --organization, when run, then it prints the actions, the policy and the audit role template and calls nothing', async () => {
    const io = memoryIo();
    const code = await runWith(['--dry-run', '--organization', '--audit-role', 'Audit'], io, deps());
    assert.equal(code, 0);
    assert.match(io.stdout, /iam:GetAccountAuthorizationDetails +Read/);
    assert.match(io.stdout, /organizations:ListAccounts +List/);
    assert.match(io.stdout, /"Resource": "arn:aws:iam::\*:role\/Audit"/);
    assert.match(io.stdout, /sts:ExternalId: !Ref ExternalId/);
    assert.equal(aws.sent().length, 0);
  });

  test('given --dry-run for one account, when run, then no Organizations action or AssumeRole is listed', async () => {
    const io = memoryIo();
    assert.equal(await runWith(['--dry-run'], io, deps()), 0);
    assert.doesNotMatch(io.stdout, /organizations:|sts:AssumeRole/);
  });

  test('given bad options, when parsed, then each is refused with a reason', () => {
    assert.deepEqual(parseArgs(['--regions', 'mars-1']), {
      ok: false,
      message: "--regions: 'mars-1' is not a region name such as eu-west-1",
    });
    assert.deepEqual(parseArgs(['--days', '120']), {
      ok: false,
      message: '--days takes a whole number from 1 to 90',
    });
    assert.deepEqual(parseArgs(['--external-id']), { ok: false, message: '--external-id needs a value' });
    assert.deepEqual(parseArgs(['--wat']), { ok: false, message: "unknown option '--wat'" });
    const ok = parseArgs(['--regions', 'eu-west-1,us-east-1', '--profile', 'audit', '--no-cloudtrail']);
    assert.ok(ok.ok);
    assert.deepEqual(ok.args.regions, ['eu-west-1', 'us-east-1']);
    assert.equal(ok.args.cloudTrail, false);
  });

  test('given a cancelled run, when collecting, then it exits 130 and writes nothing', async () => {
    const io = memoryIo();
    const store = join(dir, 'r.db');
    const controller = new AbortController();
    controller.abort();
    const code = await runWith(['--store', store], io, { ...deps(), signal: controller.signal });
    assert.equal(code, 130);
    assert.match(io.stderr, /cancelled; nothing was written/);
  });
});

import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import type { LoadProgress } from './load';
import { loadFromPaths } from './load';

const LAYOUT = join(import.meta.dirname, 'fixtures', 'layout');
const SAMPLES = join(import.meta.dirname, 'fixtures', 'samples');
const tmp = mkdtempSync(join(tmpdir(), 'rolechain-load-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const dir = (name: string): string => {
  const d = join(tmp, name);
  mkdirSync(d, { recursive: true });
  return d;
};
const sampleTrail = readFileSync(join(SAMPLES, 'cloudtrail', 'awsdocs_iam-user-guide_sts-examples.json'));

describe('loadFromPaths on the demo layout', () => {
  it('given the fixture organisation, when loaded, then every file contributes and nothing warns', async () => {
    const progress: LoadProgress[] = [];
    const r = await loadFromPaths([LAYOUT], { onProgress: (p) => progress.push(p) });
    assert.deepEqual(r.warnings, []);
    const s = r.snapshot;
    assert.equal(s.createdAt, '2026-11-20T12:00:00Z');
    assert.equal(s.source.kind, 'files');
    assert.deepEqual(
      s.accounts.map((a) => [a.id, a.name ?? null, a.external ?? false]),
      [
        ['100000000001', 'management', false],
        ['111111111111', 'data-platform', false],
        ['222222222222', 'data-lake', false],
        ['444444444444', null, true],
      ],
    );
    assert.equal(s.organization?.id, 'o-fixture1');
    assert.equal(s.organization?.rootId, 'r-fx01');
    assert.equal(s.organization?.accountParents['111111111111'], 'ou-fx01-workloads');
    assert.deepEqual(s.organization?.units, [
      { id: 'ou-fx01-workloads', name: 'Workloads', parentId: 'r-fx01' },
    ]);
    assert.deepEqual(
      s.orgPolicies.map((p) => [p.id, p.kind, p.targets]),
      [
        ['p-FullAWSAccess', 'SCP', ['r-fx01']],
        ['p-fx000001', 'SCP', ['ou-fx01-workloads']],
      ],
    );
    assert.deepEqual(
      s.roles.map((r) => r.arn),
      ['arn:aws:iam::111111111111:role/doris-be-role', 'arn:aws:iam::222222222222:role/data/lake-reader'],
    );
    assert.equal(s.users[0]!.accessKeys.length, 2);
    assert.equal(s.users[0]!.passwordEnabled, true);
    assert.equal(s.accounts[1]!.root?.mfaActive, true);
    assert.deepEqual(
      s.instanceProfiles.map((p) => [p.name, p.roleArns.length]),
      [
        ['doris-be', 1],
        ['orphan-profile', 0],
      ],
    );
    assert.equal(s.managedPolicies.length, 2);
    assert.deepEqual(s.identityProviders[0]?.clientIds, ['sts.amazonaws.com']);
    assert.equal(s.buckets[0]!.account, '222222222222');
    assert.equal(s.buckets[0]!.region, 'us-west-2');
    assert.equal(s.buckets[0]!.publicAccessBlock?.blockPublicPolicy, true);
    assert.ok(s.buckets[0]!.policy);
    assert.deepEqual(
      s.glueCatalogs.map((g) => [g.account, g.region]),
      [['222222222222', 'us-west-2']],
    );
    assert.equal(
      s.kmsKeys[0]!.arn,
      'arn:aws:kms:us-west-2:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    );
    assert.deepEqual(
      s.instances.map((i) => [i.id, i.account, i.region, i.instanceProfileArn]),
      [
        [
          'i-0f1a7c2e00000d0e1',
          '111111111111',
          'us-west-2',
          'arn:aws:iam::111111111111:instance-profile/doris-be',
        ],
      ],
    );
    assert.deepEqual(r.stats, { files: 28, records: 5, chainEvents: 3, skippedRecords: 1, duplicates: 1 });
    const cross = r.events.find(
      (e) => e.roleArn === 'arn:aws:iam::222222222222:role/data/lake-reader' && e.outcome === 'success',
    )!;
    assert.equal(cross.recordedBy, '222222222222');
    assert.deepEqual(cross.alsoRecordedBy, ['111111111111']);
    assert.equal(cross.caller.accessKeyId, 'ASIAFIXTUREEC2SESS01');
    assert.deepEqual(progress.at(-1), { phase: 'done', done: 28, total: 28 });
    assert.ok(progress.some((p) => p.phase === 'read' && p.file?.endsWith('.json.gz')));
  });

  it('given a source and time, when loaded, then the snapshot carries them', async () => {
    const r = await loadFromPaths([join(LAYOUT, 'organization')], {
      source: { kind: 'aws', detail: 'x' },
      createdAt: '2026-01-01T00:00:00Z',
    });
    assert.equal(r.snapshot.createdAt, '2026-01-01T00:00:00Z');
    assert.deepEqual(r.snapshot.source, { kind: 'aws', detail: 'x' });
    assert.equal(r.snapshot.roles.length, 0);
  });
});

describe('loadFromPaths on the shared samples', () => {
  it('given every CloudTrail sample, when loaded, then only chain events remain, de-duplicated, without warnings', async () => {
    const r = await loadFromPaths([join(SAMPLES, 'cloudtrail')]);
    assert.deepEqual(r.warnings, []);
    assert.equal(r.stats.records, 11);
    assert.equal(r.stats.skippedRecords, 4);
    // The docs' IAM-user record and its cross-account copy share an eventID; trailscraper repeats one event.
    assert.equal(r.stats.duplicates, 2);
    assert.equal(r.events.length, 5);
  });

  it('given both authorization samples of one account, when loaded together, then the last file wins with a warning', async () => {
    const r = await loadFromPaths([join(SAMPLES, 'authz')]);
    assert.equal(r.warnings.length, 1);
    assert.equal(r.warnings[0]!.code, 'account-collected-twice');
    assert.equal(
      r.warnings[0]!.source,
      'cloudsplaining_test_example_authz_details_for_overrides_complete.json',
    );
    assert.equal(r.snapshot.roles.length, 2, 'the second file replaced the first one');
    // AWS-managed policies are shared, so both files' stay, once each.
    const arns = r.snapshot.managedPolicies.map((p) => p.arn);
    assert.equal(new Set(arns).size, arns.length);
    assert.ok(arns.includes('arn:aws:iam::aws:policy/AWSCodeCommitPowerUser'));
  });
});

describe('loadFromPaths on irregular input', () => {
  it('given a truncated .json.gz, invalid JSON, an unknown format and a dotfile, when loaded, then each bad file is one warning and the rest loads', async () => {
    const d = dir('irregular');
    const gz = gzipSync(sampleTrail);
    writeFileSync(join(d, 'good.json.gz'), gz);
    writeFileSync(join(d, 'truncated.json.gz'), gz.subarray(0, Math.floor(gz.length / 2)));
    writeFileSync(join(d, 'broken.json'), '{"Records": [');
    writeFileSync(join(d, 'data.bin'), 'PK\x03\x04 not ours');
    writeFileSync(join(d, 'other.json'), '{"Something":"else"}');
    writeFileSync(join(d, '.DS_Store'), 'junk');
    writeFileSync(join(d, 'README.md'), '# notes');
    const r = await loadFromPaths([d]);
    assert.deepEqual(
      r.warnings.map((w) => [w.source, w.code]),
      [
        ['broken.json', 'invalid-json'],
        ['data.bin', 'unsupported-format'],
        ['other.json', 'unsupported-format'],
        ['truncated.json.gz', 'truncated-gzip'],
      ],
    );
    for (const w of r.warnings) assert.ok(w.message.includes(w.source), w.message);
    assert.equal(r.events.length, 4);
    assert.equal(r.stats.files, 5, 'the dotfile and the README are not read');
  });

  it('given the same log file twice under two names, when loaded, then the second adds nothing', async () => {
    const d = dir('twice');
    writeFileSync(join(d, 'a.json'), sampleTrail);
    writeFileSync(join(d, 'copy-of-a.json'), sampleTrail);
    const once = await loadFromPaths([join(d, 'a.json')]);
    const twice = await loadFromPaths([d]);
    assert.deepEqual(twice.events, once.events);
    assert.equal(twice.stats.duplicates, 2 * once.stats.duplicates + once.events.length);
  });

  it('given the same folder given twice, when loaded, then each file is read once', async () => {
    const r = await loadFromPaths([LAYOUT, LAYOUT]);
    assert.equal(r.stats.files, 28);
    assert.deepEqual(r.warnings, []);
  });

  it('given a symlink out of the chosen folder, when loaded, then it is not followed and warns; a link inside is followed', async () => {
    const outside = dir('outside');
    writeFileSync(join(outside, 'secret.json'), sampleTrail);
    const d = dir('links');
    symlinkSync(outside, join(d, 'escape'));
    symlinkSync(join(outside, 'secret.json'), join(d, 'escape-file.json'));
    mkdirSync(join(d, 'real'));
    writeFileSync(join(d, 'real', 'trail.json'), sampleTrail);
    symlinkSync(join(d, 'real'), join(d, 'alias'));
    symlinkSync(d, join(d, 'real', 'loop'));
    const r = await loadFromPaths([d]);
    assert.deepEqual(
      r.warnings.map((w) => [w.source, w.code]),
      [
        ['escape', 'symlink-outside-root'],
        ['escape-file.json', 'symlink-outside-root'],
      ],
    );
    assert.equal(r.stats.files, 1, 'the alias and the loop lead to the same file, read once');
  });

  it('given a null-requestParameters AccessDenied as JSON lines and a LookupEvents page, when loaded, then both are read', async () => {
    const d = dir('shapes');
    const denied = {
      eventVersion: '1.08',
      userIdentity: { type: 'AWSAccount', principalId: 'AROAX:i-0abc', accountId: '111111111111' },
      eventTime: '2026-11-19T09:00:00Z',
      eventSource: 'sts.amazonaws.com',
      eventName: 'AssumeRole',
      awsRegion: 'us-west-2',
      errorCode: 'AccessDenied',
      errorMessage:
        'User: arn:aws:sts::111111111111:assumed-role/x/i-0abc is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/y',
      requestParameters: null,
      responseElements: null,
      eventID: 'jsonl-1',
      recipientAccountId: '222222222222',
    };
    writeFileSync(join(d, 'export.jsonl'), `${JSON.stringify(denied)}\n\nnot json\n`);
    const lookup = {
      Events: [
        {
          EventId: 'x',
          EventName: 'AssumeRole',
          CloudTrailEvent: JSON.stringify({ ...denied, eventID: 'lookup-1' }),
        },
      ],
    };
    writeFileSync(join(d, 'lookup.json'), JSON.stringify(lookup));
    const r = await loadFromPaths([d]);
    assert.deepEqual(
      r.events.map((e) => [e.eventId, e.roleArn, e.outcome]),
      [
        ['jsonl-1', 'arn:aws:iam::222222222222:role/y', 'denied'],
        ['lookup-1', 'arn:aws:iam::222222222222:role/y', 'denied'],
      ],
    );
    assert.deepEqual(
      r.warnings.map((w) => [w.source, w.code]),
      [['export.jsonl', 'invalid-json']],
    );
  });

  it('given a trail tree with digest files and JSON lines named .json, when loaded, then digests are skipped quietly and the lines read', async () => {
    const d = dir('digest');
    mkdirSync(join(d, 'CloudTrail-Digest'));
    writeFileSync(
      join(d, 'CloudTrail-Digest', 'digest.json.gz'),
      gzipSync(
        JSON.stringify({
          awsAccountId: '111111111111',
          digestStartTime: '2026-11-19T07:00:00Z',
          logFiles: [],
        }),
      ),
    );
    const records = (JSON.parse(sampleTrail.toString('utf8')) as { Records: unknown[] }).Records;
    writeFileSync(join(d, 'export.json'), records.map((r) => JSON.stringify(r)).join('\n'));
    const r = await loadFromPaths([d]);
    assert.deepEqual(r.warnings, []);
    assert.equal(r.stats.records, 6);
    assert.equal(r.events.length, 4);
  });

  it('given a bucket policy outside any account folder, when loaded, then it warns that the bucket cannot be told', async () => {
    const d = dir('context');
    cpSync(
      join(LAYOUT, 'accounts', '222222222222', 's3', 'fixture-lake', 'get-bucket-policy.json'),
      join(d, 'policy.json'),
    );
    const r = await loadFromPaths([d]);
    assert.deepEqual(
      r.warnings.map((w) => w.code),
      ['missing-context'],
    );
    assert.equal(r.snapshot.buckets.length, 0);
  });

  it('given a trust policy whose principals nest 20,000 arrays deep, when loaded, then it is refused with a warning, not an overflow', async () => {
    const d = dir('deep');
    // Written as text: JSON.stringify itself would overflow on it.
    const principal = `${'['.repeat(20_000)}"arn:aws:iam::555555555555:root"${']'.repeat(20_000)}`;
    const trust = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":${principal}},"Action":"sts:AssumeRole"}]}`;
    const role = `{"Path":"/","RoleName":"deep","RoleId":"AROADEEP","Arn":"arn:aws:iam::123456789012:role/deep","AssumeRolePolicyDocument":${trust}}`;
    writeFileSync(join(d, 'authz.json'), `{"RoleDetailList":[${role}]}`);
    const r = await loadFromPaths([d]);
    assert.deepEqual(
      r.warnings.map((w) => w.code),
      ['invalid-policy-document'],
    );
    assert.match(
      r.warnings[0]!.message,
      /role arn:aws:iam::123456789012:role\/deep, trust policy: nested deeper than 64 levels/,
    );
    // The role stays, with no trust: nobody is shown as able to assume it.
    assert.deepEqual(
      r.snapshot.roles.map((x) => [x.name, x.trustPolicy]),
      [['deep', undefined]],
    );
  });

  it('given a path that does not exist, when loaded, then it is a warning, not an exception', async () => {
    const r = await loadFromPaths([join(tmp, 'nope')]);
    assert.equal(r.warnings[0]!.code, 'unreadable-file');
  });
});

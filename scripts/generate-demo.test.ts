/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-return -- the test walks untyped JSON exactly as AWS shapes it */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { writeDemo } from './generate-demo';
import { buildDemo } from './demo/build';
import { CASES, COLLECTED, URL_ENCODED_ACCOUNT } from './demo/catalog';
import { CREDENTIAL_REPORT_HEADER } from './demo/authz';

type AnyJson = any;

function walk(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

/** A policy document as found in a file: decoded JSON or the raw API's URL-encoded string. */
const policy = (d: unknown): AnyJson => (typeof d === 'string' ? JSON.parse(decodeURIComponent(d)) : d);
const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

// Generate once into a temp folder; every test reads from it.
const dir = mkdtempSync(join(tmpdir(), 'rolechain-demo-'));
writeFileSync(join(dir, 'README.md'), 'kept');
writeFileSync(join(dir, 'stale.json'), '{}');
const written = writeDemo(dir);
const files = walk(dir).map((p) => relative(dir, p).split('\\').join('/'));
const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const readJson = (path: string): AnyJson => JSON.parse(readFileSync(join(dir, path), 'utf8'));
const authz = (account: string): AnyJson =>
  readJson(`accounts/${account}/iam/get-account-authorization-details.json`);
const allRoles = COLLECTED.flatMap((a) => authz(a).RoleDetailList as AnyJson[]);
const roleByName = (account: string, name: string): AnyJson => {
  const r = allRoles.find((x) => x.Arn === `arn:aws:iam::${account}:role/${name}`);
  assert.ok(r, `role ${name} in ${account}`);
  return r;
};
const trustOf = (account: string, name: string): AnyJson =>
  policy(roleByName(account, name).AssumeRolePolicyDocument);
const trail: AnyJson[] = files
  .filter((f) => f.endsWith('.json.gz'))
  .flatMap((f) =>
    (JSON.parse(gunzipSync(readFileSync(join(dir, f))).toString('utf8')).Records as AnyJson[]).map((rec) => ({
      file: f,
      rec,
    })),
  );
const records: AnyJson[] = trail.map((t) => t.rec);
const sts = records.filter((r) => r.eventSource === 'sts.amazonaws.com');

test.after(() => rmSync(dir, { recursive: true, force: true }));

const committed = fileURLToPath(new URL('../demo/', import.meta.url));

test('given two runs of the generator, when their bytes are compared, then they are identical, and demo/ is up to date', () => {
  // The first run is the one written to disk above; the second runs in memory.
  const again = buildDemo();
  assert.deepEqual([...again.keys()], files.filter((f) => f !== 'README.md').sort(byCodePoint));
  for (const [path, bytes] of again) {
    assert.ok(readFileSync(join(dir, path)).equals(Buffer.from(bytes)), path);
    // The committed demo is what the generator writes: run `npm run demo:generate` after changing it.
    assert.ok(readFileSync(join(committed, path)).equals(Buffer.from(bytes)), `demo/${path} is stale`);
  }
  const inRepo = walk(committed).map((p) => relative(committed, p).split('\\').join('/'));
  assert.deepEqual(inRepo.filter((f) => f !== 'README.md').sort(byCodePoint), [...again.keys()]);
});

test('given demo/README.md, when its case table is read, then every case has a row', () => {
  const readme = readFileSync(join(committed, 'README.md'), 'utf8');
  for (const c of CASES) assert.match(readme, new RegExp(`^\\| \`${c}\` +\\|`, 'm'), c);
});

test('given a folder with old output, when the demo is written, then only README.md survives and every file is new', () => {
  assert.equal(readFileSync(join(dir, 'README.md'), 'utf8'), 'kept');
  assert.equal(existsSync(join(dir, 'stale.json')), false);
  assert.equal(written.files + 1, files.length);
  assert.ok(written.bytes < 3 * 1024 * 1024, `demo is ${written.bytes} bytes`);
});

test('given the written demo, when every file is parsed, then each is valid JSON, CSV or gzip of {"Records":[…]}', () => {
  for (const f of files) {
    const bytes = readFileSync(join(dir, f));
    if (f.endsWith('.json')) assert.doesNotThrow(() => JSON.parse(bytes.toString('utf8')), f);
    else if (f.endsWith('.json.gz')) {
      const body = JSON.parse(gunzipSync(bytes).toString('utf8'));
      assert.ok(Array.isArray(body.Records) && body.Records.length > 0, f);
    } else if (f.endsWith('.csv'))
      assert.equal(bytes.toString('utf8').split('\n')[0], CREDENTIAL_REPORT_HEADER, f);
    else assert.equal(f, 'README.md');
  }
});

test('given the authz details, when policy documents are read, then exactly one account keeps them URL-encoded', () => {
  for (const account of COLLECTED) {
    const doc = authz(account).RoleDetailList[0].AssumeRolePolicyDocument;
    assert.equal(typeof doc === 'string', account === URL_ENCODED_ACCOUNT, account);
    assert.equal(policy(doc).Version, '2012-10-17');
  }
});

test('given every role, when its fields are checked, then they have the shapes IAM returns', () => {
  for (const r of allRoles) {
    assert.match(r.RoleId, /^AROA[A-Z0-9]{17}$/, r.Arn);
    assert.equal(r.Arn, `arn:aws:iam::${r.Arn.split(':')[4]}:role${r.Path}${r.RoleName}`);
    assert.match(r.CreateDate, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
    for (const key of ['InstanceProfileList', 'RolePolicyList', 'AttachedManagedPolicies', 'Tags']) {
      assert.ok(Array.isArray(r[key]), `${r.Arn} ${key}`);
    }
    assert.equal(typeof r.RoleLastUsed, 'object');
  }
  assert.equal(new Set(allRoles.map((r) => r.RoleId)).size, allRoles.length, 'role ids are unique');
  for (const account of COLLECTED) {
    for (const p of authz(account).Policies) {
      assert.match(p.PolicyId, /^ANPA[A-Z0-9]{17}$/);
      assert.equal(p.PolicyVersionList.filter((v: AnyJson) => v.IsDefaultVersion).length, 1, p.Arn);
      assert.equal(
        p.PolicyVersionList.find((v: AnyJson) => v.IsDefaultVersion).VersionId,
        p.DefaultVersionId,
      );
    }
  }
});

test('given every reference to a role or managed policy, when it names a collected account, then that entity exists', () => {
  const roleArns = new Set(allRoles.map((r) => r.Arn));
  const policyArns = new Set(COLLECTED.flatMap((a) => authz(a).Policies.map((p: AnyJson) => p.Arn)));
  const collected = new RegExp(`^arn:aws:iam::(${COLLECTED.join('|')}):role/[^*]+$`);
  let checked = 0;
  for (const r of allRoles) {
    for (const s of list<AnyJson>(policy(r.AssumeRolePolicyDocument).Statement)) {
      for (const p of list<string>(s.Principal?.AWS)) {
        if (!collected.test(p)) continue;
        checked++;
        assert.ok(roleArns.has(p), `${r.Arn} trusts ${p}`);
      }
    }
    const identity = [...r.RolePolicyList.map((p: AnyJson) => policy(p.PolicyDocument))];
    for (const d of identity) {
      for (const s of list<AnyJson>(d.Statement)) {
        if (!list(s.Action).some((a) => String(a).startsWith('sts:AssumeRole'))) continue;
        for (const res of list<string>(s.Resource)) {
          if (!collected.test(res)) continue;
          checked++;
          assert.ok(roleArns.has(res), `${r.Arn} may assume ${res}`);
        }
      }
    }
    for (const a of r.AttachedManagedPolicies)
      assert.ok(policyArns.has(a.PolicyArn), `${r.Arn} attaches ${a.PolicyArn}`);
    if (r.PermissionsBoundary) assert.ok(policyArns.has(r.PermissionsBoundary.PermissionsBoundaryArn));
  }
  assert.ok(checked > 20, `checked ${checked} references`);
});

test('given the demo, when its tags are read, then every demo case is present on a role, user or instance', () => {
  const tagged = new Set<string>();
  for (const account of COLLECTED) {
    const d = authz(account);
    for (const e of [...d.RoleDetailList, ...d.UserDetailList]) {
      for (const t of e.Tags) if (t.Key === 'demo-case') tagged.add(t.Value);
    }
  }
  for (const res of readJson('accounts/111111111111/ec2/us-west-2/describe-instances.json').Reservations) {
    for (const i of res.Instances) for (const t of i.Tags) if (t.Key === 'demo-case') tagged.add(t.Value);
  }
  // IAM Identity Center owns the roles it provisions (no tag can be added to one): that case is its
  // AWSReservedSSO_ role under the reserved path instead.
  const ssoRole = allRoles.find((r) => r.Path === '/aws-reserved/sso.amazonaws.com/');
  if (ssoRole?.RoleName.startsWith('AWSReservedSSO_DataEngineer_'))
    tagged.add('identity-center-data-engineer');
  assert.deepEqual(
    [...CASES].filter((c) => !tagged.has(c)),
    [],
  );
});

test('given the working and broken chains, when their policies are read, then each has the defect or set-up it stands for', () => {
  const doris = trustOf('222222222222', 'doris-s3-role').Statement[0];
  assert.deepEqual(doris.Principal.AWS, [
    'arn:aws:iam::111111111111:role/doris-fe-instance-role',
    'arn:aws:iam::111111111111:role/doris-be-instance-role',
  ]);
  assert.deepEqual(doris.Condition, { StringEquals: { 'sts:ExternalId': 'doris-external-id' } });
  // Deleted principal: a unique id that matches no role.
  const presto = trustOf('222222222222', 'presto-legacy-s3-role').Statement[0].Principal.AWS;
  assert.match(presto, /^AROA[A-Z0-9]{17}$/);
  assert.equal(
    allRoles.some((r) => r.RoleId === presto),
    false,
  );
  // Instance role without ec2.amazonaws.com.
  assert.equal(
    trustOf('111111111111', 'kafka-connect-instance-role').Statement[0].Principal.Service,
    'ecs-tasks.amazonaws.com',
  );
  // Missing permission: flink's identity policies never mention sts.
  assert.equal(
    JSON.stringify(roleByName('111111111111', 'flink-instance-role').RolePolicyList).includes('sts:'),
    false,
  );
  // Bucket policy denying airflow-s3-role.
  const finance = JSON.parse(
    readJson('accounts/222222222222/s3/rolechain-demo-finance-reports/get-bucket-policy.json').Policy,
  );
  assert.ok(
    finance.Statement.some(
      (s: AnyJson) =>
        s.Effect === 'Deny' && s.Principal?.AWS === 'arn:aws:iam::222222222222:role/airflow-s3-role',
    ),
  );
  // The new Doris BE instance has no profile; the orphan profile has no role.
  const instances = readJson(
    'accounts/111111111111/ec2/us-west-2/describe-instances.json',
  ).Reservations.flatMap((r: AnyJson) => r.Instances);
  const be04 = instances.find((i: AnyJson) => i.Tags.some((t: AnyJson) => t.Value === 'doris-be-04'));
  assert.equal(be04.IamInstanceProfile, undefined);
  const profiles = readJson('accounts/111111111111/iam/list-instance-profiles.json').InstanceProfiles;
  assert.deepEqual(
    profiles.find((p: AnyJson) => p.InstanceProfileName === 'presto-instance-profile').Roles,
    [],
  );
  // Every profile bound to an instance exists.
  const profileArns = new Set(profiles.map((p: AnyJson) => p.Arn));
  for (const i of instances) if (i.IamInstanceProfile) assert.ok(profileArns.has(i.IamInstanceProfile.Arn));
});

test('given the risky set-ups, when their trust policies are read, then each carries its weakness', () => {
  assert.deepEqual(trustOf('222222222222', 'vendor-analytics-role').Statement[0].Condition, undefined);
  const wildcard = trustOf('222222222222', 'shared-dropbox-role').Statement[0];
  assert.equal(wildcard.Principal.AWS, '*');
  assert.deepEqual(Object.keys(wildcard.Condition), ['IpAddress']);
  const gh = trustOf('222222222222', 'github-actions-deploy-role').Statement[0];
  assert.equal(gh.Condition.StringLike['token.actions.githubusercontent.com:sub'], 'repo:acme-data/*');
  assert.deepEqual(roleByName('222222222222', 'legacy-backup-role').RoleLastUsed, {});
  const report = readFileSync(join(dir, 'accounts/222222222222/iam/credential-report.csv'), 'utf8')
    .trim()
    .split('\n');
  const header = report[0]!.split(',');
  const user = report.find((l) => l.startsWith('legacy-report-user,'))!.split(',');
  const col = (name: string) => user[header.indexOf(name)];
  assert.equal(col('access_key_1_active'), 'true');
  assert.ok(col('access_key_1_last_rotated')! < '2025-01-01');
  assert.ok(col('access_key_1_last_used_date')! > '2026-11-13');
});

test("given the trail files, when their paths and records are read, then they follow CloudTrail's S3 layout", () => {
  assert.ok(records.length > 3000, `${records.length} records`);
  const name =
    /^cloudtrail\/AWSLogs\/(\d{12})\/CloudTrail\/([a-z0-9-]+)\/(\d{4})\/(\d\d)\/(\d\d)\/\1_CloudTrail_\2_\3\4\5T\d{4}Z_[A-Za-z0-9]{16}\.json\.gz$/;
  for (const { file, rec } of trail) {
    const m = name.exec(file);
    assert.ok(m, file);
    assert.equal(rec.recipientAccountId, m[1], file);
    assert.equal(rec.awsRegion, m[2], file);
    assert.ok(['1.08', '1.09'].includes(rec.eventVersion));
    assert.match(rec.eventTime, /^2026-1[01]-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.ok(
      rec.eventTime >= '2026-10-21T12:00:00Z' && rec.eventTime < '2026-11-20T12:00:00Z',
      rec.eventTime,
    );
    for (const key of [
      'userIdentity',
      'eventSource',
      'eventName',
      'sourceIPAddress',
      'requestID',
      'eventID',
      'eventType',
    ]) {
      assert.ok(rec[key] !== undefined, `${key} in ${file}`);
    }
  }
  assert.equal(new Set(records.map((r) => r.eventID)).size, records.length, 'eventIDs are unique');
  const nonSts = 1 - sts.length / records.length;
  assert.ok(nonSts > 0.25 && nonSts < 0.45, `non-STS share ${nonSts}`);
  const text = JSON.stringify(records);
  assert.equal(/secretAccessKey|sessionToken/.test(text), false);
});

test("given a cross-account AssumeRole, when both accounts' logs are read, then it appears in each with one sharedEventID", () => {
  const byShared = new Map<string, AnyJson[]>();
  for (const r of sts) {
    if (r.eventName !== 'AssumeRole' || r.sharedEventID === undefined) continue;
    if (r.userIdentity.type === 'AWSService') continue;
    byShared.set(r.sharedEventID, [...(byShared.get(r.sharedEventID) ?? []), r]);
  }
  assert.ok(byShared.size > 500);
  for (const [id, pair] of byShared) {
    const roleAccount = pair[0].resources[0].accountId;
    if (pair.some((r) => r.userIdentity.accountId === '444444444444')) continue; // the vendor's own trail is not collected
    assert.equal(pair.length, 2, id);
    assert.notEqual(pair[0].eventID, pair[1].eventID);
    assert.equal(pair[0].requestID, pair[1].requestID);
    const copies = new Map(pair.map((r) => [r.recipientAccountId, r]));
    const roleCopy = copies.get(roleAccount);
    assert.ok(roleCopy, id);
    assert.equal(roleCopy.userIdentity.type, 'AWSAccount');
    const callerCopy = [...copies.values()].find((r) => r !== roleCopy);
    assert.equal(callerCopy.recipientAccountId, callerCopy.userIdentity.accountId);
    assert.equal(roleCopy.userIdentity.accountId, callerCopy.userIdentity.accountId);
  }
});

test('given issued session keys, when later calls are read, then every ASIA key used was issued earlier and keys never repeat', () => {
  const issued = new Map<string, string>();
  for (const r of sts) {
    const key = r.responseElements?.credentials?.accessKeyId;
    if (key === undefined) continue;
    assert.match(key, /^ASIA[A-Z0-9]{16}$/);
    const prior = issued.get(key);
    assert.ok(prior === undefined || prior === r.requestID, `key ${key} issued twice`);
    issued.set(key, r.requestID);
  }
  const issuedAt = new Map<string, string>();
  for (const r of sts) {
    const key = r.responseElements?.credentials?.accessKeyId;
    if (key !== undefined && !issuedAt.has(key)) issuedAt.set(key, r.eventTime);
  }
  let traced = 0;
  for (const r of records) {
    const key = r.userIdentity.accessKeyId;
    if (typeof key !== 'string' || !key.startsWith('ASIA')) continue;
    const at = issuedAt.get(key);
    assert.ok(at !== undefined && at <= r.eventTime, `${r.eventName} at ${r.eventTime} uses ${key}`);
    traced++;
  }
  assert.ok(traced > 1000, `${traced} calls traced to their session`);
});

test('given the CloudTrail of each case, when it is searched, then the calls the README promises are there', () => {
  const onRole = (name: string) =>
    sts.filter(
      (r) =>
        r.requestParameters?.roleArn?.endsWith(`:role/${name}`) ||
        r.resources?.[0]?.ARN?.endsWith(`:role/${name}`),
    );
  const deniedOn = (name: string) => onRole(name).filter((r) => r.errorCode === 'AccessDenied');
  for (const name of ['spark-etl-s3-role', 'flink-checkpoint-role', 'trino-s3-role']) {
    const d = deniedOn(name);
    assert.ok(d.length > 20, name);
    assert.match(
      d[0].errorMessage,
      /^User: arn:aws:sts::111111111111:assumed-role\/[a-z0-9_-]+\/i-0[0-9a-f]{16} is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role\/[a-z0-9_-]+$/,
    );
  }
  assert.ok(deniedOn('trino-s3-role').some((r) => r.requestParameters?.externalId === 'trino-external-id'));
  assert.ok(
    sts.some((r) => r.errorCode === 'AccessDenied' && r.requestParameters === null),
    'some denied calls have null requestParameters',
  );
  const durations = onRole('export-s3-role').filter((r) => r.errorCode === 'ValidationError');
  assert.ok(durations.some((r) => r.requestParameters.durationSeconds === 7200));
  assert.ok(durations.some((r) => r.requestParameters.durationSeconds === '7200'));
  assert.equal(
    durations[0].userIdentity.type === 'AssumedRole' || durations[0].userIdentity.type === 'AWSAccount',
    true,
  );
  assert.equal(onRole('export-s3-role').filter((r) => r.errorCode === undefined).length, 0);
  assert.ok(
    onRole('doris-s3-role').every(
      (r) => r.requestParameters.externalId === 'doris-external-id' && r.errorCode === undefined,
    ),
  );
  assert.ok(
    onRole('doris-fe-instance-role').every(
      (r) =>
        r.userIdentity.invokedBy === 'ec2.amazonaws.com' && /^i-0/.test(r.requestParameters.roleSessionName),
    ),
  );
  assert.ok(
    sts.some((r) => typeof r.requestParameters?.durationSeconds === 'string' && r.errorCode === undefined),
  );
  assert.ok(
    onRole('AcmeOktaAdmin').every(
      (r) => r.eventName === 'AssumeRoleWithSAML' && r.userIdentity.type === 'SAMLUser',
    ),
  );
  const gh = onRole('github-actions-deploy-role');
  assert.ok(gh.every((r) => r.eventName === 'AssumeRoleWithWebIdentity'));
  assert.ok(gh.some((r) => r.userIdentity.userName === 'repo:acme-data/lakehouse-dags:ref:refs/heads/main'));
  assert.ok(gh.some((r) => r.userIdentity.userName.startsWith('repo:acme-data/intern-sandbox:')));
  assert.ok(
    onRole('vendor-analytics-role').every(
      (r) => r.userIdentity.accountId === '444444444444' && r.requestParameters.externalId === undefined,
    ),
  );
  const chained = onRole('lakehouse-admin-role');
  assert.ok(chained.length > 0 && chained.every((r) => r.responseElements.sourceIdentity === 'alice.chen'));
  assert.ok(
    onRole('data-engineer-role').every(
      (r) => r.userIdentity.type === 'IAMUser' && r.requestParameters.sourceIdentity === 'alice.chen',
    ),
  );
  assert.equal(onRole('legacy-backup-role').length, 0);
  assert.equal(onRole('presto-legacy-s3-role').length, 0);
  assert.equal(onRole('kafka-connect-instance-role').length, 0);
  const s3 = records.filter((r) => r.eventSource === 's3.amazonaws.com');
  assert.ok(
    s3.some(
      (r) =>
        r.errorCode === 'AccessDenied' &&
        r.userIdentity.arn?.includes('assumed-role/airflow-s3-role/') &&
        r.requestParameters.bucketName === 'rolechain-demo-finance-reports',
    ),
  );
  assert.ok(
    s3.some(
      (r) =>
        r.userIdentity.type === 'IAMUser' &&
        r.userIdentity.userName === 'legacy-report-user' &&
        /^AKIA/.test(r.userIdentity.accessKeyId),
    ),
  );
});

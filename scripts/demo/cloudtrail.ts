/**
 * Thirty days of CloudTrail for the demo organisation: what each workload, person and partner does,
 * recorded through the builders of `trail.ts`. Every call is scheduled from a seeded stream, so the
 * output is the same on every run.
 */
import { accessKeyId, roleId, userId } from './authz';
import {
  BUCKET_FINANCE,
  BUCKET_LAKEHOUSE,
  EXTERNAL_IDS,
  GITHUB_OIDC_ARN,
  GITHUB_OIDC_HOST,
  GLOBAL_REGION,
  KMS_KEY_ARN,
  LAKE,
  MGMT,
  PLATFORM,
  REGION,
  SAML_PROVIDER_ARN,
  SECURITY,
  VENDOR,
  roleArn,
  userArn,
} from './catalog';
import { INSTANCES } from './fleet';
import type { InstanceSpec } from './fleet';
import { instanceId, instanceIp } from './resources';
import type { Ids, Rng } from './rng';
import { DAY_MS, HOUR_MS, SNAPSHOT_MS, WINDOW_START_MS } from './time';
import { Trail, apiCall, assumeRole, sessionIdentity, toFiles, userIdentity } from './trail';
import type { Caller, Failure, IamUserCaller, Rec, Session } from './trail';

const MIN = 60_000;
const SDK_JAVA =
  'aws-sdk-java/1.12.780 Linux/5.10.228-219.884.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/17.0.13+11-LTS java/17.0.13 vendor/Amazon.com_Inc.';
const SDK_JAVA2 =
  'aws-sdk-java/2.29.52 md/io#sync md/http#Apache ua/2.1 os/Linux#5.10.228-219.884.amzn2.x86_64 lang/java#17.0.13 md/OpenJDK_64-Bit_Server_VM#17.0.13+11-LTS';
const SSM_AGENT = 'aws-sdk-go/1.55.5 (go1.22.12; linux; amd64) amazon-ssm-agent/3.3.1611.0';
const BROWSER =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36';
const CLI =
  'aws-cli/2.31.4 md/awscrt#0.27.6 ua/2.1 os/macos#24.6.0 md/arch#arm64 lang/python#3.13.7 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off md/command#sts.assume-role';
const OLD_CLI = 'aws-cli/1.18.69 Python/3.6.9 Linux/4.15.0-1065-aws botocore/1.16.19';
const GITHUB_UA = 'aws-sdk-nodejs/3.901.0 linux/v20.19.5 configure-aws-credentials-for-github-actions';
/** The data-platform account's NAT gateway, as STS sees instances that do not use an endpoint. */
const NAT_IP = '192.0.2.10';
const OFFICE = (n: number) => `198.51.100.${n}`;
const VENDOR_IP = '203.0.113.50';

const denied = (caller: string, roleArnText: string): Failure => ({
  errorCode: 'AccessDenied',
  errorMessage: `User: ${caller} is not authorized to perform: sts:AssumeRole on resource: ${roleArnText}`,
});

const CHAINED_DURATION: Failure = {
  errorCode: 'ValidationError',
  errorMessage:
    'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
};

class Scenario {
  readonly trail: Trail;
  constructor(readonly ids: Ids) {
    this.trail = new Trail(ids);
  }
  rng(name: string): Rng {
    return this.ids.rng('cloudtrail', name);
  }
  role(account: string, name: string): { arn: string; id: string } {
    const arn = roleArn(account, name);
    return { arn, id: roleId(this.ids, arn) };
  }
  inWindow(ms: number): boolean {
    return ms >= WINDOW_START_MS && ms < SNAPSHOT_MS;
  }

  /** An S3 object-level call (a data event, recorded in the bucket owner's account). */
  s3Object(
    ms: number,
    identity: Rec,
    from: { ip: string; ua: string },
    eventName: string,
    bucket: string,
    key: string,
    failure?: Failure,
  ) {
    const host = `${bucket}.s3.${REGION}.amazonaws.com`;
    const list = eventName === 'ListObjects';
    apiCall(this.trail, {
      ms,
      account: LAKE,
      region: REGION,
      identity,
      eventSource: 's3.amazonaws.com',
      eventName,
      sourceIp: from.ip,
      userAgent: `[${from.ua}]`,
      requestParameters: list
        ? { bucketName: bucket, Host: host, prefix: key, 'list-type': '2' }
        : { bucketName: bucket, Host: host, key },
      additionalEventData: {
        SignatureVersion: 'SigV4',
        CipherSuite: 'TLS_AES_128_GCM_SHA256',
        bytesTransferredIn: eventName === 'PutObject' ? 48_213 : 0,
        ...(list || failure ? {} : { SSEApplied: 'SSE_KMS' }),
        AuthenticationMethod: 'AuthHeader',
        bytesTransferredOut: eventName === 'GetObject' && !failure ? 1_048_576 : 0,
      },
      resources: list
        ? [{ accountId: LAKE, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${bucket}` }]
        : [
            { type: 'AWS::S3::Object', ARN: `arn:aws:s3:::${bucket}/${key}` },
            { accountId: LAKE, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${bucket}` },
          ],
      readOnly: eventName !== 'PutObject',
      data: true,
      ...(failure === undefined ? {} : { failure }),
      host,
    });
  }

  /** The KMS Decrypt S3 makes on a session's behalf for an SSE-KMS object. */
  kmsDecrypt(ms: number, s: Session) {
    apiCall(this.trail, {
      ms,
      account: LAKE,
      region: REGION,
      identity: sessionIdentity(s, 's3.amazonaws.com'),
      eventSource: 'kms.amazonaws.com',
      eventName: 'Decrypt',
      sourceIp: 's3.amazonaws.com',
      userAgent: 's3.amazonaws.com',
      requestParameters: {
        encryptionContext: { 'aws:s3:arn': `arn:aws:s3:::${BUCKET_LAKEHOUSE}` },
        encryptionAlgorithm: 'SYMMETRIC_DEFAULT',
      },
      resources: [{ accountId: LAKE, type: 'AWS::KMS::Key', ARN: KMS_KEY_ARN }],
      readOnly: true,
    });
  }

  /** A plain management call signed by a session or a user. */
  call(
    ms: number,
    account: string,
    region: string,
    identity: Rec,
    from: { ip: string; ua: string },
    source: string,
    name: string,
    params: Rec | null,
    readOnly = true,
  ) {
    apiCall(this.trail, {
      ms,
      account,
      region,
      identity,
      eventSource: `${source}.amazonaws.com`,
      eventName: name,
      sourceIp: from.ip,
      userAgent: from.ua,
      requestParameters: params,
      readOnly,
      host:
        region === 'us-east-1' && source === 'iam'
          ? 'iam.amazonaws.com'
          : `${source}.${region}.amazonaws.com`,
    });
  }
}

const fromSession = (s: Session) => ({ ip: s.sourceIp, ua: s.userAgent });

/** What a workload does with its instance session: the cross-account hops and the calls after them. */
function workload(sc: Scenario, spec: InstanceSpec, s: Session, t: number, r: Rng): void {
  const caller: Caller = { kind: 'session', session: s };
  const hop = (
    account: string,
    name: string,
    extra: {
      externalId?: string;
      durationSeconds?: number | string;
      sessionName?: string;
      failure?: Failure;
      nullParameters?: 'both' | 'role-copy';
    },
  ) => {
    const role = sc.role(account, name);
    return assumeRole(sc.trail, {
      ms: t,
      region: REGION,
      caller,
      roleArn: role.arn,
      roleId: role.id,
      sessionName: extra.sessionName ?? `aws-sdk-java-${t}`,
      ...extra,
    });
  };
  switch (spec.cluster) {
    case 'doris': {
      const target = hop(LAKE, 'doris-s3-role', { externalId: EXTERNAL_IDS.doris, durationSeconds: 3600 });
      if (!target) return;
      const when = t + 2 * MIN + r.int(0, 59) * 1000;
      const write = spec.component === 'be' && r.chance(0.3);
      const key = `doris/${write ? 'export' : 'tablet'}/${10_000 + r.int(0, 8999)}/${r.int(0, 31)}_0.parquet`;
      sc.s3Object(
        when,
        sessionIdentity(target),
        fromSession(target),
        write ? 'PutObject' : 'GetObject',
        BUCKET_LAKEHOUSE,
        key,
      );
      if (r.chance(0.3)) sc.kmsDecrypt(when + 150, target);
      return;
    }
    case 'starrocks': {
      const s3 = hop(LAKE, 's3_assumed_role', {
        externalId: EXTERNAL_IDS.starrocks,
        durationSeconds: '3600',
      });
      const glue = hop(LAKE, 'glue_assumed_role', {
        externalId: EXTERNAL_IDS.starrocks,
        durationSeconds: '3600',
      });
      if (glue) {
        const db = r.pick(['sales', 'marketing', 'ops']);
        const table = r.pick(['orders', 'events', 'customers', 'sessions']);
        sc.call(t + MIN, LAKE, REGION, sessionIdentity(glue), fromSession(glue), 'glue', 'GetTable', {
          databaseName: db,
          name: table,
        });
        if (r.chance(0.3)) {
          sc.call(
            t + MIN + 900,
            LAKE,
            REGION,
            sessionIdentity(glue),
            fromSession(glue),
            'glue',
            'GetPartitions',
            {
              databaseName: db,
              tableName: table,
              maxResults: 1000,
            },
          );
        }
      }
      if (s3)
        sc.s3Object(
          t + 2 * MIN,
          sessionIdentity(s3),
          fromSession(s3),
          'GetObject',
          BUCKET_LAKEHOUSE,
          `starrocks/warehouse/part-${r.int(0, 9999)}.parquet`,
        );
      return;
    }
    case 'airflow': {
      const target = hop(LAKE, 'airflow-s3-role', {
        externalId: EXTERNAL_IDS.airflow,
        sessionName: 'airflow-finance-sync',
      });
      if (!target) return;
      // The bucket policy denies the role: every read fails.
      sc.s3Object(
        t + 30_000,
        sessionIdentity(target),
        fromSession(target),
        'GetObject',
        BUCKET_FINANCE,
        `monthly/2026-${String(10 + r.int(0, 1))}/pnl.csv`,
        {
          errorCode: 'AccessDenied',
          errorMessage: 'Access Denied',
        },
      );
      return;
    }
    case 'trino': {
      const role = sc.role(LAKE, 'trino-s3-role');
      hop(LAKE, 'trino-s3-role', {
        externalId: EXTERNAL_IDS.trinoConfigured,
        sessionName: 'trino-session',
        failure: denied(s.arn, role.arn),
        ...(r.chance(0.5) ? { nullParameters: 'role-copy' as const } : {}),
      });
      return;
    }
    case 'spark': {
      const role = sc.role(LAKE, 'spark-etl-s3-role');
      hop(LAKE, 'spark-etl-s3-role', {
        sessionName: 'spark-etl',
        failure: denied(s.arn, role.arn),
        ...(r.chance(0.3) ? { nullParameters: 'both' as const } : {}),
      });
      return;
    }
    case 'flink': {
      const role = sc.role(LAKE, 'flink-checkpoint-role');
      hop(LAKE, 'flink-checkpoint-role', {
        externalId: EXTERNAL_IDS.flink,
        sessionName: 'flink-checkpoints',
        failure: denied(s.arn, role.arn),
      });
      return;
    }
    default:
      return;
  }
}

/** EC2 instances: EC2 assumes each instance role twice a day; the workloads hop from there. */
function fleet(sc: Scenario): void {
  INSTANCES.forEach((spec, index) => {
    if (spec.role === undefined) return; // no profile, or a role EC2 cannot assume
    const r = sc.rng(spec.name);
    const role = sc.role(PLATFORM, spec.role);
    const id = instanceId(sc.ids, spec);
    const launched = SNAPSHOT_MS - spec.launchedDaysAgo * DAY_MS;
    const phase = r.int(0, 11 * 3600) * 1000;
    for (let t = WINDOW_START_MS + phase; t < SNAPSHOT_MS; t += 12 * HOUR_MS) {
      if (t < launched) continue;
      const session = assumeRole(sc.trail, {
        ms: t,
        region: REGION,
        caller: { kind: 'service', service: 'ec2.amazonaws.com' },
        roleArn: role.arn,
        roleId: role.id,
        sessionName: id,
      });
      if (!session) continue;
      session.sourceIp = instanceIp(index);
      session.userAgent = spec.cluster === 'starrocks' || spec.cluster === 'trino' ? SDK_JAVA2 : SDK_JAVA;
      const ssm = { ...session, userAgent: SSM_AGENT };
      if (r.chance(0.5))
        sc.call(
          t + r.int(1, 4) * MIN,
          PLATFORM,
          REGION,
          sessionIdentity(session),
          fromSession(ssm),
          'ssm',
          'UpdateInstanceInformation',
          {
            instanceId: id,
            agentVersion: '3.3.1611.0',
            agentStatus: 'Active',
            platformType: 'Linux',
          },
          false,
        );
      if (spec.cluster === 'doris' && spec.component === 'fe') {
        sc.call(
          t + 6 * MIN,
          PLATFORM,
          REGION,
          sessionIdentity(session),
          { ip: instanceIp(index), ua: SDK_JAVA },
          'ec2',
          'DescribeInstances',
          {
            instancesSet: {},
            filterSet: { items: [{ name: 'tag:Cluster', valueSet: { items: [{ value: 'doris' }] } }] },
          },
        );
      }
      // Two hops per credential period (the SDKs refresh their role credentials before expiry).
      const broken = ['trino', 'spark', 'flink'].includes(spec.cluster);
      for (const offset of broken ? [5 * MIN] : [5 * MIN, 6 * HOUR_MS + 5 * MIN]) {
        const when = t + offset + r.int(0, 240) * 1000;
        if (sc.inWindow(when)) workload(sc, spec, { ...session, sourceIp: NAT_IP }, when, r);
      }
      // The nightly export asks for two hours through a role chain, and retries once with the same value.
      if (spec.cluster === 'batch') {
        let night = Math.floor(t / DAY_MS) * DAY_MS + 2 * HOUR_MS + r.int(0, 20) * MIN;
        if (night < t) night += DAY_MS;
        if (night < t + 12 * HOUR_MS && sc.inWindow(night)) {
          const target = sc.role(LAKE, 'export-s3-role');
          for (const [i, duration] of ([7200, '7200'] as const).entries()) {
            assumeRole(sc.trail, {
              ms: night + i * 90_000,
              region: REGION,
              caller: { kind: 'session', session: { ...session, sourceIp: NAT_IP } },
              roleArn: target.arn,
              roleId: target.id,
              sessionName: 'nightly-export',
              externalId: EXTERNAL_IDS.export,
              durationSeconds: duration,
              failure: CHAINED_DURATION,
            });
          }
        }
      }
    }
  });
}

/** Days of the window, as the midnight (UTC) of each calendar day touched. */
function days(): number[] {
  const out: number[] = [];
  for (let d = Math.floor(WINDOW_START_MS / DAY_MS) * DAY_MS; d < SNAPSHOT_MS; d += DAY_MS) out.push(d);
  return out;
}
const isWeekday = (dayMs: number) => ![0, 6].includes(new Date(dayMs).getUTCDay());

/** SAML sign-ins to the security account and the auditor's sweep of the organisation. */
function security(sc: Scenario): void {
  const nameQualifier = Buffer.from(sc.ids.hex('saml-name-qualifier', SAML_PROVIDER_ARN, 40), 'hex').toString(
    'base64',
  );
  const issuer = `http://www.okta.com/exk${sc.ids.alnum('okta', 'issuer', 17)}`;
  const people = [
    { who: 'dana.ops@acme-data.example', role: 'AcmeOktaAdmin', ip: OFFICE(23), weekdaysOnly: true },
    { who: 'evan.sec@acme-data.example', role: 'security-auditor', ip: OFFICE(31), weekdaysOnly: false },
    { who: 'farah.sec@acme-data.example', role: 'security-auditor', ip: OFFICE(32), weekdaysOnly: true },
  ];
  for (const day of days()) {
    for (const p of people) {
      const r = sc.rng(`${p.who}|${day}`);
      if (p.weekdaysOnly && !isWeekday(day)) continue;
      const t = day + (8 + r.int(0, 2)) * HOUR_MS + r.int(0, 3599) * 1000;
      if (!sc.inWindow(t)) continue;
      const role = sc.role(SECURITY, p.role);
      const session = assumeRole(sc.trail, {
        ms: t,
        region: GLOBAL_REGION,
        caller: {
          kind: 'saml',
          providerArn: SAML_PROVIDER_ARN,
          nameQualifier,
          subject: p.who,
          issuer,
          sourceIp: p.ip,
          userAgent: BROWSER,
        },
        roleArn: role.arn,
        roleId: role.id,
        sessionName: p.who,
        durationSeconds: 3600,
        samlAssertionId: `_${sc.ids.hex('saml-assertion', `${p.who}|${day}`, 32)}`,
        principalTags: { Department: p.role === 'AcmeOktaAdmin' ? 'Platform' : 'Security' },
      });
      if (!session) continue;
      if (p.role === 'AcmeOktaAdmin') {
        sc.call(
          t + 3 * MIN,
          SECURITY,
          GLOBAL_REGION,
          sessionIdentity(session),
          { ip: p.ip, ua: BROWSER },
          'iam',
          'ListRoles',
          null,
        );
        continue;
      }
      // The auditor hops into every member account with the agreed ExternalId.
      const auditUa =
        'Boto3/1.40.55 md/Botocore#1.40.55 ua/2.1 os/macos#24.6.0 md/arch#arm64 lang/python#3.13.7 Botocore/1.40.55';
      const auditor = { ...session, sourceIp: p.ip, userAgent: auditUa };
      [MGMT, PLATFORM, LAKE].forEach((account, i) => {
        const when = t + (10 + i * 2) * MIN;
        const audit = sc.role(account, 'org-audit');
        const s = assumeRole(sc.trail, {
          ms: when,
          region: GLOBAL_REGION,
          caller: { kind: 'session', session: auditor },
          roleArn: audit.arn,
          roleId: audit.id,
          sessionName: p.who.split('@')[0]!,
          externalId: EXTERNAL_IDS.orgAudit,
          durationSeconds: 3600,
        });
        if (!s) return;
        sc.call(
          when + MIN,
          account,
          GLOBAL_REGION,
          sessionIdentity(s),
          { ip: p.ip, ua: auditUa },
          'iam',
          'GetAccountAuthorizationDetails',
          {
            filter: ['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy'],
          },
        );
        if (account === PLATFORM) {
          sc.call(
            when + 2 * MIN,
            account,
            REGION,
            sessionIdentity(s),
            { ip: p.ip, ua: auditUa },
            'ec2',
            'DescribeIamInstanceProfileAssociations',
            null,
          );
        }
      });
    }
  }
}

/** alice.chen → data-engineer-role (SourceIdentity) → lakehouse-admin-role, on weekdays. */
function engineer(sc: Scenario): void {
  const alice: IamUserCaller = {
    kind: 'user',
    account: PLATFORM,
    name: 'alice.chen',
    userId: userId(sc.ids, userArn(PLATFORM, 'alice.chen')),
    accessKeyId: accessKeyId(sc.ids, userArn(PLATFORM, 'alice.chen'), 0),
    mfa: true,
    sourceIp: OFFICE(41),
    userAgent: CLI,
  };
  for (const day of days()) {
    if (!isWeekday(day)) continue;
    const r = sc.rng(`alice|${day}`);
    const t = day + 9 * HOUR_MS + r.int(300, 3300) * 1000;
    if (!sc.inWindow(t)) continue;
    const first = sc.role(PLATFORM, 'data-engineer-role');
    const s1 = assumeRole(sc.trail, {
      ms: t,
      region: REGION,
      caller: alice,
      roleArn: first.arn,
      roleId: first.id,
      sessionName: 'alice.chen',
      sourceIdentity: 'alice.chen',
      durationSeconds: 3600,
    });
    if (!s1) continue;
    sc.call(
      t + MIN,
      PLATFORM,
      REGION,
      sessionIdentity(s1),
      { ip: alice.sourceIp, ua: CLI },
      'ec2',
      'DescribeInstances',
      { instancesSet: {}, filterSet: {} },
    );
    const second = sc.role(LAKE, 'lakehouse-admin-role');
    const s2 = assumeRole(sc.trail, {
      ms: t + 3 * MIN,
      region: REGION,
      caller: { kind: 'session', session: s1 },
      roleArn: second.arn,
      roleId: second.id,
      sessionName: 'alice.chen-lakehouse',
      durationSeconds: '3600',
    });
    if (!s2) continue;
    sc.s3Object(
      t + 4 * MIN,
      sessionIdentity(s2),
      { ip: alice.sourceIp, ua: CLI },
      'ListObjects',
      BUCKET_LAKEHOUSE,
      'doris/',
    );
    sc.call(
      t + 5 * MIN,
      LAKE,
      REGION,
      sessionIdentity(s2),
      { ip: alice.sourceIp, ua: CLI },
      'glue',
      'GetTables',
      { databaseName: 'sales' },
    );
  }
  // The long-lived key of legacy-report-user reads the daily reports directly.
  const user: IamUserCaller = {
    kind: 'user',
    account: LAKE,
    name: 'legacy-report-user',
    userId: userId(sc.ids, userArn(LAKE, 'legacy-report-user')),
    accessKeyId: accessKeyId(sc.ids, userArn(LAKE, 'legacy-report-user'), 0),
    mfa: false,
    sourceIp: OFFICE(77),
    userAgent: OLD_CLI,
  };
  for (const day of days()) {
    const t = day + 6 * HOUR_MS + 30 * MIN + sc.rng(`report|${day}`).int(0, 300) * 1000;
    if (!sc.inWindow(t)) continue;
    const date = new Date(day).toISOString().slice(0, 10);
    sc.s3Object(
      t,
      userIdentity(user),
      { ip: user.sourceIp, ua: OLD_CLI },
      'ListObjects',
      BUCKET_LAKEHOUSE,
      'reports/daily/',
    );
    sc.s3Object(
      t + 20_000,
      userIdentity(user),
      { ip: user.sourceIp, ua: OLD_CLI },
      'GetObject',
      BUCKET_LAKEHOUSE,
      `reports/daily/${date}.csv`,
    );
  }
}

/** GitHub Actions through OIDC, the vendor, and partners using the wildcard dropbox role. */
function outsiders(sc: Scenario): void {
  const repos = [
    {
      repo: 'acme-data/lakehouse-dags',
      ref: 'refs/heads/main',
      perDay: 2,
      weekdaysOnly: true,
      prefix: 'dags',
    },
    { repo: 'acme-data/dbt-models', ref: 'refs/heads/main', perDay: 1, weekdaysOnly: true, prefix: 'dbt' },
    // Any repository of the org matches `repo:acme-data/*`, including a sandbox on a feature branch.
    {
      repo: 'acme-data/intern-sandbox',
      ref: 'refs/heads/try-deploy',
      perDay: 1,
      weekdaysOnly: true,
      prefix: 'dags',
    },
  ];
  const gh = sc.role(LAKE, 'github-actions-deploy-role');
  for (const day of days()) {
    for (const repo of repos) {
      if (repo.weekdaysOnly && !isWeekday(day)) continue;
      const r = sc.rng(`${repo.repo}|${day}`);
      if (repo.repo.endsWith('intern-sandbox') && !r.chance(0.25)) continue;
      for (let i = 0; i < repo.perDay; i++) {
        const t = day + (10 + i * 4 + r.int(0, 3)) * HOUR_MS + r.int(0, 3599) * 1000;
        if (!sc.inWindow(t)) continue;
        const subject = `repo:${repo.repo}:ref:${repo.ref}`;
        const ip = `192.0.2.${128 + r.int(0, 60)}`;
        const s = assumeRole(sc.trail, {
          ms: t,
          region: REGION,
          caller: {
            kind: 'web',
            providerArn: GITHUB_OIDC_ARN,
            host: GITHUB_OIDC_HOST,
            subject,
            audience: 'sts.amazonaws.com',
            sourceIp: ip,
            userAgent: GITHUB_UA,
          },
          roleArn: gh.arn,
          roleId: gh.id,
          sessionName: 'GitHubActions',
          durationSeconds: 3600,
        });
        if (s)
          sc.s3Object(
            t + 40_000,
            sessionIdentity(s),
            { ip, ua: GITHUB_UA },
            'PutObject',
            BUCKET_LAKEHOUSE,
            `${repo.prefix}/${repo.repo.split('/')[1]}/${sc.ids.hex('commit', `${subject}|${t}`, 7)}.zip`,
          );
      }
    }
  }

  const vendorRole = sc.role(LAKE, 'vendor-analytics-role');
  const vendorPrincipal = sc.ids.iam('AROA', `arn:aws:iam::${VENDOR}:role/insightful-sync-worker`);
  const dropbox = sc.role(LAKE, 'shared-dropbox-role');
  const partnerPrincipal = sc.ids.iam('AROA', `arn:aws:iam::${VENDOR}:role/partner-uploader`);
  days().forEach((day, i) => {
    const r = sc.rng(`vendor|${day}`);
    const t = day + 7 * HOUR_MS + r.int(0, 2400) * 1000;
    if (sc.inWindow(t)) {
      const s = assumeRole(sc.trail, {
        ms: t,
        region: GLOBAL_REGION,
        caller: {
          kind: 'external',
          account: VENDOR,
          principalId: `${vendorPrincipal}:insightful-sync`,
          sourceIp: VENDOR_IP,
          userAgent: SDK_JAVA2,
        },
        roleArn: vendorRole.arn,
        roleId: vendorRole.id,
        sessionName: 'insightful-sync',
      });
      if (s) {
        const from = { ip: VENDOR_IP, ua: SDK_JAVA2 };
        sc.s3Object(
          t + MIN,
          sessionIdentity(s),
          from,
          'ListObjects',
          BUCKET_LAKEHOUSE,
          'vendor-exchange/outbound/',
        );
        sc.s3Object(
          t + MIN + 12_000,
          sessionIdentity(s),
          from,
          'GetObject',
          BUCKET_LAKEHOUSE,
          `vendor-exchange/outbound/${new Date(day).toISOString().slice(0, 10)}.jsonl.gz`,
        );
      }
    }
    if (i % 3 === 1) {
      const u = day + 15 * HOUR_MS + r.int(0, 3599) * 1000;
      if (!sc.inWindow(u)) return;
      const s = assumeRole(sc.trail, {
        ms: u,
        region: GLOBAL_REGION,
        caller: {
          kind: 'external',
          account: VENDOR,
          principalId: `${partnerPrincipal}:dropbox-upload`,
          sourceIp: VENDOR_IP,
          userAgent: OLD_CLI,
        },
        roleArn: dropbox.arn,
        roleId: dropbox.id,
        sessionName: 'dropbox-upload',
      });
      if (s)
        sc.s3Object(
          u + 30_000,
          sessionIdentity(s),
          { ip: VENDOR_IP, ua: OLD_CLI },
          'PutObject',
          BUCKET_LAKEHOUSE,
          `dropbox/insightful/${new Date(day).toISOString().slice(0, 10)}.csv`,
        );
    }
  });
}

/** The Auto Scaling launch of doris-be-04, without an instance profile. */
function scaleOut(sc: Scenario): void {
  const spec = INSTANCES.find((i) => i.name === 'doris-be-04');
  if (!spec) return;
  const t = SNAPSHOT_MS - spec.launchedDaysAgo * DAY_MS - 6 * HOUR_MS + 12 * MIN;
  const slr = sc.role(PLATFORM, 'aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling');
  const arn = `arn:aws:iam::${PLATFORM}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;
  const identity = {
    type: 'AssumedRole',
    principalId: `${slr.id}:AutoScaling`,
    arn: `arn:aws:sts::${PLATFORM}:assumed-role/AWSServiceRoleForAutoScaling/AutoScaling`,
    accountId: PLATFORM,
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: slr.id,
        arn,
        accountId: PLATFORM,
        userName: 'AWSServiceRoleForAutoScaling',
      },
      attributes: {
        creationDate: new Date(t - MIN).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        mfaAuthenticated: 'false',
      },
    },
    invokedBy: 'autoscaling.amazonaws.com',
  };
  apiCall(sc.trail, {
    ms: t,
    account: PLATFORM,
    region: REGION,
    identity,
    eventSource: 'ec2.amazonaws.com',
    eventName: 'RunInstances',
    sourceIp: 'autoscaling.amazonaws.com',
    userAgent: 'autoscaling.amazonaws.com',
    requestParameters: {
      instancesSet: { items: [{ minCount: 1, maxCount: 1 }] },
      instanceType: spec.instanceType,
      launchTemplate: { launchTemplateId: `lt-0${sc.ids.hex('lt', 'doris-be', 16)}`, version: '7' },
      tagSpecificationSet: {
        items: [
          {
            resourceType: 'instance',
            tags: [
              { key: 'Name', value: spec.name },
              { key: 'Cluster', value: 'doris' },
            ],
          },
        ],
      },
    },
    responseElements: {
      instancesSet: {
        items: [
          {
            instanceId: instanceId(sc.ids, spec),
            instanceType: spec.instanceType,
            instanceState: { code: 0, name: 'pending' },
          },
        ],
      },
      ownerId: PLATFORM,
    },
    readOnly: false,
  });
}

/** Every CloudTrail file of the demo: path → the records it holds. */
export function cloudTrailFiles(ids: Ids): Map<string, unknown[]> {
  const sc = new Scenario(ids);
  fleet(sc);
  security(sc);
  engineer(sc);
  outsiders(sc);
  scaleOut(sc);
  return toFiles(sc.trail);
}

/**
 * People in CloudTrail: SAML sign-ins and the auditor's sweep, a data engineer's SourceIdentity
 * chain, and the long-lived key of a legacy user.
 */
import { accessKeyId, userId } from './authz';
import {
  BUCKET_LAKEHOUSE,
  EXTERNAL_IDS,
  GLOBAL_REGION,
  LAKE,
  MGMT,
  PLATFORM,
  REGION,
  SAML_PROVIDER_ARN,
  SECURITY,
  userArn,
} from './catalog';
import { HOUR_MS } from './time';
import { sessionIdentity, userIdentity } from './trail';
import { assumeRole } from './assume-role';
import type { IamUserCaller } from './trail';
import type { Scenario } from './ct-scenario';
import { MIN, BROWSER, CLI, OLD_CLI, OFFICE, days, isWeekday } from './ct-scenario';

/** SAML sign-ins to the security account and the auditor's sweep of the organisation. */
export function security(sc: Scenario): void {
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
          sessionIdentity({ ...session, console: true }),
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
export function engineer(sc: Scenario): void {
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

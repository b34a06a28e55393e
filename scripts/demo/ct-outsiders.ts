/**
 * Callers from outside the organisation in CloudTrail: GitHub Actions through OIDC, the vendor,
 * and partners using the wildcard dropbox role.
 */
import {
  BUCKET_LAKEHOUSE,
  GITHUB_OIDC_ARN,
  GITHUB_OIDC_HOST,
  GLOBAL_REGION,
  LAKE,
  REGION,
  VENDOR,
} from './catalog';
import { HOUR_MS } from './time';
import { sessionIdentity } from './trail';
import { assumeRole } from './assume-role';
import type { Scenario } from './ct-scenario';
import { MIN, SDK_JAVA2, OLD_CLI, GITHUB_UA, VENDOR_IP, days, isWeekday } from './ct-scenario';

/** GitHub Actions through OIDC, the vendor, and partners using the wildcard dropbox role. */
export function outsiders(sc: Scenario): void {
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

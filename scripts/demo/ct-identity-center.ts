/**
 * Identity Center sign-ins in CloudTrail: on weekday afternoons alice.chen opens the data-lake account
 * from the access portal (AssumeRoleWithSAML into AWSReservedSSO_DataEngineer_… through the account's
 * AWSSSO provider, recorded in us-east-1, the session named after her user name) and reads curated data.
 */
import { roleId } from './authz';
import { BUCKET_LAKEHOUSE, GLOBAL_REGION } from './catalog';
import { IC_ROLE_ARN, IC_SAML_PROVIDER_ARN, IC_USER } from './identity-center';
import { assumeRole } from './assume-role';
import { sessionIdentity } from './trail';
import type { Scenario } from './ct-scenario';
import { BROWSER, MIN, OFFICE, days, isWeekday } from './ct-scenario';
import { HOUR_MS } from './time';

export function identityCenterSignIns(sc: Scenario): void {
  const nameQualifier = Buffer.from(
    sc.ids.hex('saml-name-qualifier', IC_SAML_PROVIDER_ARN, 40),
    'hex',
  ).toString('base64');
  const issuer = `https://portal.sso.us-east-1.amazonaws.com/saml/assertion/${sc.ids.alnum('ic', 'issuer', 32)}`;
  const ip = OFFICE(41);
  for (const day of days()) {
    if (!isWeekday(day)) continue;
    const r = sc.rng(`ic-alice|${day}`);
    const t = day + 14 * HOUR_MS + r.int(0, 3599) * 1000;
    if (!sc.inWindow(t)) continue;
    const session = assumeRole(sc.trail, {
      ms: t,
      region: GLOBAL_REGION,
      caller: {
        kind: 'saml',
        providerArn: IC_SAML_PROVIDER_ARN,
        nameQualifier,
        subject: IC_USER.userName,
        issuer,
        sourceIp: ip,
        userAgent: BROWSER,
      },
      roleArn: IC_ROLE_ARN,
      roleId: roleId(sc.ids, IC_ROLE_ARN),
      sessionName: IC_USER.userName,
      durationSeconds: 28800,
      samlAssertionId: `_${sc.ids.hex('saml-assertion', `ic|${day}`, 32)}`,
    });
    if (!session) continue;
    const date = new Date(day).toISOString().slice(0, 10);
    sc.s3Object(
      t + 2 * MIN,
      sessionIdentity({ ...session, console: true }),
      { ip, ua: BROWSER },
      'GetObject',
      BUCKET_LAKEHOUSE,
      `curated/sales/${date}.parquet`,
    );
  }
}

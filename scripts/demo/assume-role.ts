/**
 * STS calls as CloudTrail records them: AssumeRole, AssumeRoleWithSAML and AssumeRoleWithWebIdentity,
 * once or twice (cross-account), with the session each success issues.
 */
import { TLS, expiration, sessionIdentity, userIdentity } from './trail';
import type { Caller, Failure, Rec, Session, Trail } from './trail';
import { ctTime } from './time';

export interface AssumeRoleCall {
  ms: number;
  region: string;
  caller: Caller;
  roleArn: string;
  roleId: string;
  sessionName: string;
  externalId?: string;
  durationSeconds?: number | string;
  sourceIdentity?: string;
  failure?: Failure;
  /** Denied calls sometimes carry no requestParameters: in both copies, or only in the role account's. */
  nullParameters?: 'both' | 'role-copy';
  /** For SAML: the assertion id; for OIDC nothing extra is needed. */
  samlAssertionId?: string;
  principalTags?: Record<string, string>;
}

const accountOfArn = (arn: string) => arn.split(':')[4] ?? '';
const nameOfArn = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);

/**
 * Records one AssumeRole, AssumeRoleWithSAML or AssumeRoleWithWebIdentity call the way CloudTrail does:
 * one record in the role's account and, when the caller's account differs and is known, a second one there
 * (`recipientAccountId` differs, `sharedEventID` is shared, `eventID`s differ). Returns the session issued, if any.
 */
export function assumeRole(trail: Trail, call: AssumeRoleCall): Session | undefined {
  const { caller } = call;
  const roleAccount = accountOfArn(call.roleArn);
  const roleName = nameOfArn(call.roleArn);
  const eventName =
    caller.kind === 'saml'
      ? 'AssumeRoleWithSAML'
      : caller.kind === 'web'
        ? 'AssumeRoleWithWebIdentity'
        : 'AssumeRole';
  const duration = call.durationSeconds ?? 3600;
  const durationNumber = typeof duration === 'string' ? Number(duration) : duration;
  const assumedArn = `arn:aws:sts::${roleAccount}:assumed-role/${roleName}/${call.sessionName}`;
  const key = call.failure === undefined ? trail.issuedKey() : undefined;
  const callerSession = caller.kind === 'session' ? caller.session : undefined;
  const sourceIdentity = call.sourceIdentity ?? callerSession?.sourceIdentity;

  let identity: Rec;
  let callerAccount: string | undefined;
  let sourceIp: string;
  let userAgent: string;
  switch (caller.kind) {
    case 'service':
      identity = { type: 'AWSService', invokedBy: caller.service };
      sourceIp = caller.service;
      userAgent = caller.service;
      break;
    case 'session':
      identity = sessionIdentity(caller.session);
      callerAccount = caller.session.account;
      sourceIp = caller.session.sourceIp;
      userAgent = caller.session.userAgent;
      break;
    case 'user':
      identity = userIdentity(caller);
      callerAccount = caller.account;
      sourceIp = caller.sourceIp;
      userAgent = caller.userAgent;
      break;
    case 'external':
      identity = { type: 'AWSAccount', principalId: caller.principalId, accountId: caller.account };
      sourceIp = caller.sourceIp;
      userAgent = caller.userAgent;
      break;
    case 'saml':
      identity = {
        type: 'SAMLUser',
        principalId: `${caller.nameQualifier}:${caller.subject}`,
        userName: caller.subject,
        identityProvider: caller.nameQualifier,
      };
      sourceIp = caller.sourceIp;
      userAgent = caller.userAgent;
      break;
    case 'web':
      identity = {
        type: 'WebIdentityUser',
        principalId: `${caller.providerArn}:${caller.audience}:${caller.subject}`,
        userName: caller.subject,
        identityProvider: caller.providerArn,
      };
      sourceIp = caller.sourceIp;
      userAgent = caller.userAgent;
      break;
  }

  let requestParameters: Rec | null = {
    roleArn: call.roleArn,
    roleSessionName: call.sessionName,
    ...(call.durationSeconds === undefined ? {} : { durationSeconds: call.durationSeconds }),
    ...(call.externalId === undefined ? {} : { externalId: call.externalId }),
    ...(call.sourceIdentity === undefined ? {} : { sourceIdentity: call.sourceIdentity }),
    ...(call.principalTags === undefined ? {} : { principalTags: call.principalTags }),
    ...(caller.kind === 'saml'
      ? { sAMLAssertionID: call.samlAssertionId, principalArn: caller.providerArn }
      : {}),
    ...(caller.kind === 'user' && caller.mfa
      ? { serialNumber: `arn:aws:iam::${caller.account}:mfa/${caller.name}` }
      : {}),
  };
  if (call.nullParameters === 'both') requestParameters = null;

  let responseElements: Rec | null = null;
  if (key !== undefined) {
    const common = {
      credentials: { accessKeyId: key, expiration: expiration(call.ms + durationNumber * 1000) },
      assumedRoleUser: { assumedRoleId: `${call.roleId}:${call.sessionName}`, arn: assumedArn },
      ...(sourceIdentity === undefined ? {} : { sourceIdentity }),
    };
    if (caller.kind === 'saml') {
      responseElements = {
        subjectType: 'persistent',
        issuer: caller.issuer,
        ...common,
        nameQualifier: caller.nameQualifier,
        subject: caller.subject,
        audience: 'https://signin.aws.amazon.com/saml',
      };
    } else if (caller.kind === 'web') {
      responseElements = {
        ...common,
        subjectFromWebIdentityToken: caller.subject,
        provider: caller.providerArn,
        audience: caller.audience,
      };
    } else responseElements = common;
  }

  const resources: Rec[] = [{ accountId: roleAccount, type: 'AWS::IAM::Role', ARN: call.roleArn }];
  if (caller.kind === 'saml')
    resources.push({ accountId: roleAccount, type: 'AWS::IAM::SAMLProvider', ARN: caller.providerArn });

  const crossAccount = callerAccount !== undefined && callerAccount !== roleAccount;
  const shared = caller.kind === 'service' || crossAccount ? trail.sharedId() : undefined;
  const requestID = trail.requestId();
  const host = call.region === 'us-east-1' ? 'sts.amazonaws.com' : `sts.${call.region}.amazonaws.com`;

  const record = (recipient: string, who: Rec, params: Rec | null): Rec => ({
    eventVersion: '1.08',
    userIdentity: who,
    eventTime: ctTime(call.ms),
    eventSource: 'sts.amazonaws.com',
    eventName,
    awsRegion: call.region,
    sourceIPAddress: sourceIp,
    userAgent,
    ...(call.failure === undefined
      ? {}
      : { errorCode: call.failure.errorCode, errorMessage: call.failure.errorMessage }),
    requestParameters: params,
    responseElements,
    requestID,
    eventID: trail.eventId(),
    readOnly: true,
    resources,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: recipient,
    ...(shared === undefined ? {} : { sharedEventID: shared }),
    eventCategory: 'Management',
    ...(caller.kind === 'service' ? {} : { tlsDetails: TLS(host) }),
  });

  if (crossAccount) {
    // The caller's account sees its own principal; the role's account sees only the account and principal id.
    trail.add(callerAccount!, call.region, call.ms, record(callerAccount!, identity, requestParameters));
    const principalId = typeof identity.principalId === 'string' ? identity.principalId : '';
    const roleCopyParams =
      call.failure !== undefined && call.nullParameters === 'role-copy' ? null : requestParameters;
    trail.add(
      roleAccount,
      call.region,
      call.ms,
      record(roleAccount, { type: 'AWSAccount', principalId, accountId: callerAccount! }, roleCopyParams),
    );
  } else {
    trail.add(roleAccount, call.region, call.ms, record(roleAccount, identity, requestParameters));
  }

  if (key === undefined) return undefined;
  return {
    arn: assumedArn,
    roleArn: call.roleArn,
    roleName,
    roleId: call.roleId,
    account: roleAccount,
    sessionName: call.sessionName,
    accessKeyId: key,
    createdMs: call.ms,
    ...(sourceIdentity === undefined ? {} : { sourceIdentity }),
    mfa: callerSession?.mfa ?? (caller.kind === 'user' ? caller.mfa : false),
    ec2: caller.kind === 'service' && caller.service === 'ec2.amazonaws.com',
    sourceIp: caller.kind === 'session' ? caller.session.sourceIp : sourceIp,
    userAgent: caller.kind === 'session' ? caller.session.userAgent : userAgent,
  };
}

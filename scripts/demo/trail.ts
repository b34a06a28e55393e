/**
 * CloudTrail record builders: the shapes CloudTrail writes for STS, S3 data events and other calls,
 * and the grouping of records into the files a trail delivers to S3.
 */
import type { Ids } from './rng';
import { ctTime } from './time';

export type Rec = Record<string, unknown>;

/** A role session: what STS issued, and what later calls signed with it carry. */
export interface Session {
  arn: string;
  roleArn: string;
  roleName: string;
  roleId: string;
  account: string;
  sessionName: string;
  accessKeyId: string;
  createdMs: number;
  sourceIdentity?: string;
  mfa: boolean;
  /** Instance-profile credentials delivered through IMDSv2. */
  ec2: boolean;
  sourceIp: string;
  userAgent: string;
}

export interface IamUserCaller {
  kind: 'user';
  account: string;
  name: string;
  userId: string;
  accessKeyId: string;
  mfa: boolean;
  sourceIp: string;
  userAgent: string;
}

export type Caller =
  | { kind: 'service'; service: string }
  | { kind: 'session'; session: Session }
  | IamUserCaller
  /** A principal of an account that is not collected: only the role account's copy exists. */
  | { kind: 'external'; account: string; principalId: string; sourceIp: string; userAgent: string }
  | {
      kind: 'saml';
      providerArn: string;
      nameQualifier: string;
      subject: string;
      issuer: string;
      sourceIp: string;
      userAgent: string;
    }
  | {
      kind: 'web';
      providerArn: string;
      host: string;
      subject: string;
      audience: string;
      sourceIp: string;
      userAgent: string;
    };

export interface Failure {
  errorCode: string;
  errorMessage: string;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Nov 20, 2026, 1:00:00 PM`: how CloudTrail prints `credentials.expiration`. */
export function expiration(ms: number): string {
  const d = new Date(ms);
  const h = d.getUTCHours();
  const hh = h % 12 === 0 ? 12 : h % 12;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}, ${hh}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`;
}

const TLS = (host: string) => ({
  tlsVersion: 'TLSv1.3',
  cipherSuite: 'TLS_AES_128_GCM_SHA256',
  clientProvidedHostHeader: host,
});

/** The `userIdentity` of a call signed with a role session's key. */
export function sessionIdentity(s: Session, invokedBy?: string): Rec {
  return {
    type: 'AssumedRole',
    principalId: `${s.roleId}:${s.sessionName}`,
    arn: s.arn,
    accountId: s.account,
    accessKeyId: s.accessKeyId,
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: s.roleId,
        arn: s.roleArn,
        accountId: s.account,
        userName: s.roleName,
      },
      webIdFederationData: {},
      attributes: { creationDate: ctTime(s.createdMs), mfaAuthenticated: String(s.mfa) },
      ...(s.ec2 ? { ec2RoleDelivery: '2.0' } : {}),
      ...(s.sourceIdentity === undefined ? {} : { sourceIdentity: s.sourceIdentity }),
    },
    ...(invokedBy === undefined ? {} : { invokedBy }),
  };
}

export function userIdentity(u: IamUserCaller): Rec {
  return {
    type: 'IAMUser',
    principalId: u.userId,
    arn: `arn:aws:iam::${u.account}:user/${u.name}`,
    accountId: u.account,
    accessKeyId: u.accessKeyId,
    userName: u.name,
  };
}

/** Collects records per (recipient account, region) and numbers them deterministically. */
export class Trail {
  private n = 0;
  readonly records: { account: string; region: string; ms: number; rec: Rec }[] = [];
  constructor(readonly ids: Ids) {}

  eventId(): string {
    return this.ids.uuid('event', String(this.n++));
  }
  requestId(): string {
    return this.ids.uuid('request', String(this.n++));
  }
  sharedId(): string {
    return this.ids.uuid('shared', String(this.n++));
  }
  s3RequestId(): string {
    return this.ids.hex('s3-request', String(this.n++), 16).toUpperCase();
  }
  issuedKey(): string {
    return this.ids.iam('ASIA', `session#${this.n++}`, 16);
  }
  add(account: string, region: string, ms: number, rec: Rec): void {
    this.records.push({ account, region, ms, rec });
  }
}

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

export interface ApiCall {
  ms: number;
  account: string;
  region: string;
  identity: Rec;
  eventSource: string;
  eventName: string;
  sourceIp: string;
  userAgent: string;
  requestParameters: Rec | null;
  responseElements?: Rec | null;
  additionalEventData?: Rec;
  resources?: Rec[];
  readOnly: boolean;
  data?: boolean;
  failure?: Failure;
  host?: string;
}

/** Any other API call: management events (EC2, SSM, IAM, Glue, KMS) and S3 data events. */
export function apiCall(trail: Trail, c: ApiCall): void {
  trail.add(c.account, c.region, c.ms, {
    eventVersion: c.data === true ? '1.10' : '1.09',
    userIdentity: c.identity,
    eventTime: ctTime(c.ms),
    eventSource: c.eventSource,
    eventName: c.eventName,
    awsRegion: c.region,
    sourceIPAddress: c.sourceIp,
    userAgent: c.userAgent,
    ...(c.failure === undefined
      ? {}
      : { errorCode: c.failure.errorCode, errorMessage: c.failure.errorMessage }),
    requestParameters: c.requestParameters,
    responseElements: c.responseElements ?? null,
    ...(c.additionalEventData === undefined ? {} : { additionalEventData: c.additionalEventData }),
    requestID: c.data === true ? trail.s3RequestId() : trail.requestId(),
    eventID: trail.eventId(),
    readOnly: c.readOnly,
    ...(c.resources === undefined ? {} : { resources: c.resources }),
    eventType: 'AwsApiCall',
    managementEvent: c.data !== true,
    recipientAccountId: c.account,
    eventCategory: c.data === true ? 'Data' : 'Management',
    ...(c.host === undefined ? {} : { tlsDetails: TLS(c.host) }),
  });
}

/**
 * Groups records into trail files: one per account, region and half day, named as
 * CloudTrail names them, with the records in time order.
 */
export function toFiles(trail: Trail): Map<string, Rec[]> {
  const groups = new Map<
    string,
    { account: string; region: string; last: number; recs: { ms: number; rec: Rec }[] }
  >();
  for (const r of trail.records) {
    const d = new Date(r.ms);
    const slice = Math.floor(d.getUTCHours() / 12);
    const key = `${r.account}|${r.region}|${d.toISOString().slice(0, 10)}|${slice}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { account: r.account, region: r.region, last: r.ms, recs: [] }));
    g.last = Math.max(g.last, r.ms);
    g.recs.push({ ms: r.ms, rec: r.rec });
  }
  const files = new Map<string, Rec[]>();
  for (const [key, g] of [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    // Delivered a few minutes after the last record, without leaving its day.
    const delivered = new Date(
      Math.min(g.last + 5 * 60_000, Math.floor(g.last / 86_400_000) * 86_400_000 + 86_399_000),
    );
    const iso = delivered.toISOString();
    const [yyyy, mm, dd] = [iso.slice(0, 4), iso.slice(5, 7), iso.slice(8, 10)];
    const stamp = `${yyyy}${mm}${dd}T${iso.slice(11, 13)}${iso.slice(14, 16)}Z`;
    const name = `${g.account}_CloudTrail_${g.region}_${stamp}_${trail.ids.alnum('trail-file', key, 16)}.json.gz`;
    const path = `cloudtrail/AWSLogs/${g.account}/CloudTrail/${g.region}/${yyyy}/${mm}/${dd}/${name}`;
    files.set(
      path,
      g.recs.sort((a, b) => a.ms - b.ms).map((r) => r.rec),
    );
  }
  return files;
}

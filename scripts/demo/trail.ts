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
  /** Signed in through the console (a SAML sign-in in a browser). */
  console?: boolean;
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

export const TLS = (host: string) => ({
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
    ...(s.console === true ? { sessionCredentialFromConsole: 'true' } : {}),
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
    eventVersion: '1.09',
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

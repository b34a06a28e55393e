/**
 * What the CloudTrail scenario shares: user agents, addresses, failures, and the `Scenario` that
 * records calls through the builders of `trail.ts` with seeded timing.
 */
import { roleId } from './authz';
import { BUCKET_LAKEHOUSE, KMS_KEY_ARN, LAKE, REGION, roleArn } from './catalog';
import type { Ids, Rng } from './rng';
import { DAY_MS, SNAPSHOT_MS, WINDOW_START_MS } from './time';
import { Trail, apiCall, sessionIdentity } from './trail';
import type { Failure, Rec, Session } from './trail';

export const MIN = 60_000;
export const SDK_JAVA =
  'aws-sdk-java/1.12.780 Linux/5.10.228-219.884.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/17.0.13+11-LTS java/17.0.13 vendor/Amazon.com_Inc.';
export const SDK_JAVA2 =
  'aws-sdk-java/2.29.52 md/io#sync md/http#Apache ua/2.1 os/Linux#5.10.228-219.884.amzn2.x86_64 lang/java#17.0.13 md/OpenJDK_64-Bit_Server_VM#17.0.13+11-LTS';
export const SSM_AGENT = 'aws-sdk-go/1.55.5 (go1.22.12; linux; amd64) amazon-ssm-agent/3.3.1611.0';
export const BROWSER =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36';
export const CLI =
  'aws-cli/2.31.4 md/awscrt#0.27.6 ua/2.1 os/macos#24.6.0 md/arch#arm64 lang/python#3.13.7 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off md/command#sts.assume-role';
export const OLD_CLI = 'aws-cli/1.18.69 Python/3.6.9 Linux/4.15.0-1065-aws botocore/1.16.19';
export const GITHUB_UA = 'aws-sdk-nodejs/3.901.0 linux/v20.19.5 configure-aws-credentials-for-github-actions';
/** The data-platform account's NAT gateway, as STS sees instances that do not use an endpoint. */
export const NAT_IP = '192.0.2.10';
export const OFFICE = (n: number) => `198.51.100.${n}`;
export const VENDOR_IP = '203.0.113.50';

export const denied = (caller: string, roleArnText: string): Failure => ({
  errorCode: 'AccessDenied',
  errorMessage: `User: ${caller} is not authorized to perform: sts:AssumeRole on resource: ${roleArnText}`,
});

export const CHAINED_DURATION: Failure = {
  errorCode: 'ValidationError',
  errorMessage:
    'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
};

export class Scenario {
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

export const fromSession = (s: Session) => ({ ip: s.sourceIp, ua: s.userAgent });

/** Days of the window, as the midnight (UTC) of each calendar day touched. */
export function days(): number[] {
  const out: number[] = [];
  for (let d = Math.floor(WINDOW_START_MS / DAY_MS) * DAY_MS; d < SNAPSHOT_MS; d += DAY_MS) out.push(d);
  return out;
}
export const isWeekday = (dayMs: number) => ![0, 6].includes(new Date(dayMs).getUTCDay());

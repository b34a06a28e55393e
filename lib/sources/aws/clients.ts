/**
 * SDK v3 clients, made by one injected factory so tests hand in mocked clients and the collector
 * never reads credentials itself. The default factory uses the SDK's own credential chain
 * (environment, shared config and profiles incl. SSO, web identity, container and instance
 * metadata), adaptive retry and per-request timeouts.
 */
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ECSClient } from '@aws-sdk/client-ecs';
import { EKSClient } from '@aws-sdk/client-eks';
import { EMRClient } from '@aws-sdk/client-emr';
import { GlueClient } from '@aws-sdk/client-glue';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { IAMClient } from '@aws-sdk/client-iam';
import { IdentitystoreClient } from '@aws-sdk/client-identitystore';
import { KMSClient } from '@aws-sdk/client-kms';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { S3Client } from '@aws-sdk/client-s3';
import { SSOAdminClient } from '@aws-sdk/client-sso-admin';
import { STSClient } from '@aws-sdk/client-sts';

export const SERVICES = [
  'iam',
  'sts',
  's3',
  'ec2',
  'cloudtrail',
  'organizations',
  'glue',
  'kms',
  'sso',
  'identitystore',
  'eks',
  'ecs',
  'lambda',
  'emr',
] as const;
export type Service = (typeof SERVICES)[number];

export interface ServiceClients {
  iam: IAMClient;
  sts: STSClient;
  s3: S3Client;
  ec2: EC2Client;
  cloudtrail: CloudTrailClient;
  organizations: OrganizationsClient;
  glue: GlueClient;
  kms: KMSClient;
  /** IAM Identity Center's admin API (`sso-admin`); its IAM actions are `sso:…`. */
  sso: SSOAdminClient;
  identitystore: IdentitystoreClient;
  eks: EKSClient;
  ecs: ECSClient;
  lambda: LambdaClient;
  emr: EMRClient;
}

/** Temporary credentials as the SDK takes them; held in memory by the factory's clients only. */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}
/** A function the SDK calls whenever it needs (fresh) credentials. */
export type CredentialProvider = () => Promise<AwsCredentials>;

/** Makes the client of one service in one region; `credentials` absent means the default chain. */
export type ClientFactory = <S extends Service>(
  service: S,
  region: string,
  credentials?: CredentialProvider,
) => ServiceClients[S];

export interface ClientSettings {
  /** A named profile of the shared config (`AWS_PROFILE` is honoured by the SDK when this is absent). */
  profile?: string;
  /** `AWS_ENDPOINT_URL`: an AWS-compatible endpoint; passed only when set. */
  endpoint?: string;
  /** Attempts per call, throttling included (SDK adaptive retry). */
  maxAttempts?: number;
  /** Milliseconds to connect, and to wait for a response. */
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
}

export const DEFAULT_CLIENT_SETTINGS = {
  maxAttempts: 6,
  connectionTimeoutMs: 5_000,
  requestTimeoutMs: 30_000,
} as const;

/** The factory for real use: one client per service, region and credential source, reused. */
export function defaultClientFactory(settings: ClientSettings = {}): ClientFactory {
  const cache = new Map<string, unknown>();
  const ids = new WeakMap<CredentialProvider, number>();
  let nextId = 1;
  const factory = <S extends Service>(
    service: S,
    region: string,
    credentials?: CredentialProvider,
  ): ServiceClients[S] => {
    let credId = 0;
    if (credentials) {
      credId = ids.get(credentials) ?? nextId++;
      ids.set(credentials, credId);
    }
    const key = `${service}/${region}/${credId}`;
    const seen = cache.get(key);
    if (seen) return seen as ServiceClients[S];
    const config: Config = {
      region,
      retryMode: 'adaptive',
      maxAttempts: settings.maxAttempts ?? DEFAULT_CLIENT_SETTINGS.maxAttempts,
      requestHandler: {
        connectionTimeout: settings.connectionTimeoutMs ?? DEFAULT_CLIENT_SETTINGS.connectionTimeoutMs,
        requestTimeout: settings.requestTimeoutMs ?? DEFAULT_CLIENT_SETTINGS.requestTimeoutMs,
      },
      ...(credentials ? { credentials } : settings.profile ? { profile: settings.profile } : {}),
      ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    };
    const client = makeClient(service, config);
    cache.set(key, client);
    return client;
  };
  return factory;
}

interface Config {
  region: string;
  retryMode: string;
  maxAttempts: number;
  requestHandler: { connectionTimeout: number; requestTimeout: number };
  credentials?: CredentialProvider;
  profile?: string;
  endpoint?: string;
}

function makeClient<S extends Service>(service: S, config: Config): ServiceClients[S] {
  const made: { [K in Service]: () => ServiceClients[K] } = {
    iam: () => new IAMClient(config),
    sts: () => new STSClient(config),
    // A bucket in another region answers with a redirect; follow it rather than fail.
    s3: () => new S3Client({ ...config, followRegionRedirects: true, forcePathStyle: !!config.endpoint }),
    ec2: () => new EC2Client(config),
    cloudtrail: () => new CloudTrailClient(config),
    organizations: () => new OrganizationsClient(config),
    glue: () => new GlueClient(config),
    kms: () => new KMSClient(config),
    sso: () => new SSOAdminClient(config),
    identitystore: () => new IdentitystoreClient(config),
    eks: () => new EKSClient(config),
    ecs: () => new ECSClient(config),
    lambda: () => new LambdaClient(config),
    // EMR's API prefix is `elasticmapreduce`: the IAM actions read `elasticmapreduce:…` (permissions.ts).
    emr: () => new EMRClient(config),
  };
  return made[service]();
}

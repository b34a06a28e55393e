/**
 * CloudTrail ingest rate: ~200,000 records in `.json.gz` files laid out as a trail delivers them,
 * read by `loadFromPaths` (walk, gunzip, parse, skip non-chain records, normalise, de-duplicate),
 * against the bare cost of gunzip + JSON.parse of the same files. Seeded, so every run reads the same bytes.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { gunzip, gzipSync } from 'node:zlib';
import { loadFromPaths } from '../lib/sources/load';
import type { BenchResult } from './types';
import { result } from './types';
import { rng } from './generate-org';

const RECORDS = 200_000;
const PER_FILE = 1_000;
const RUNS = 3;
const gunzipAsync = promisify(gunzip);

const ACCOUNTS = ['111111111111', '222222222222', '333333333333'];
const NOISE = [
  ['s3.amazonaws.com', 'GetObject'],
  ['s3.amazonaws.com', 'PutObject'],
  ['kms.amazonaws.com', 'Decrypt'],
  ['ec2.amazonaws.com', 'DescribeInstances'],
  ['glue.amazonaws.com', 'GetTable'],
  ['logs.amazonaws.com', 'PutLogEvents'],
  ['sts.amazonaws.com', 'GetCallerIdentity'],
] as const;

export function generate(dir: string, seed = 20261120): number {
  const rand = rng(seed);
  const hex = (n: number): string =>
    Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join('');
  const uuid = (): string => `${hex(8)}-${hex(4)}-4${hex(3)}-8${hex(3)}-${hex(12)}`;
  const key = (): string => `ASIA${hex(16).toUpperCase()}`;
  let files = 0;
  const start = Date.UTC(2026, 9, 21);
  for (let f = 0; f * PER_FILE < RECORDS; f++) {
    const account = ACCOUNTS[f % ACCOUNTS.length]!;
    const t0 = start + f * 300_000;
    const records: unknown[] = [];
    for (let i = 0; i < PER_FILE; i++) {
      const time = new Date(t0 + i * 250).toISOString().replace(/\.\d{3}Z$/, 'Z');
      const instance = `i-0${hex(16)}`;
      const session = {
        type: 'AssumedRole',
        principalId: `AROA${hex(16).toUpperCase()}:${instance}`,
        arn: `arn:aws:sts::${account}:assumed-role/doris-be-instance-role/${instance}`,
        accountId: account,
        accessKeyId: key(),
        sessionContext: {
          sessionIssuer: {
            type: 'Role',
            principalId: `AROA${hex(16).toUpperCase()}`,
            arn: `arn:aws:iam::${account}:role/doris-be-instance-role`,
            accountId: account,
            userName: 'doris-be-instance-role',
          },
          attributes: { creationDate: time, mfaAuthenticated: 'false' },
          ec2RoleDelivery: '2.0',
        },
      };
      const common = {
        eventVersion: '1.09',
        userIdentity: session,
        eventTime: time,
        awsRegion: 'us-west-2',
        sourceIPAddress: `10.0.${Math.floor(rand() * 255)}.${Math.floor(rand() * 255)}`,
        userAgent: 'aws-sdk-java/1.12.700 Linux/5.10.220 OpenJDK_64-Bit_Server_VM/17.0.12+7-LTS java/17.0.12',
        requestID: uuid(),
        eventID: uuid(),
        readOnly: true,
        eventType: 'AwsApiCall',
        managementEvent: true,
        recipientAccountId: account,
        eventCategory: 'Management',
        tlsDetails: {
          tlsVersion: 'TLSv1.3',
          cipherSuite: 'TLS_AES_128_GCM_SHA256',
          clientProvidedHostHeader: 'sts.us-west-2.amazonaws.com',
        },
      };
      // About one record in seven is a chain event, as in a busy data-platform trail.
      if (rand() < 0.15) {
        const denied = rand() < 0.1;
        records.push({
          ...common,
          eventSource: 'sts.amazonaws.com',
          eventName: 'AssumeRole',
          sharedEventID: uuid(),
          requestParameters: denied
            ? null
            : {
                roleArn: 'arn:aws:iam::222222222222:role/lakehouse-reader',
                roleSessionName: instance,
                durationSeconds: rand() < 0.5 ? 3600 : '3600',
                externalId: 'doris-lakehouse',
              },
          responseElements: denied
            ? null
            : {
                credentials: {
                  accessKeyId: key(),
                  sessionToken: 'IQoJb3JpZ2luX2VjE'.repeat(20),
                  expiration: 'Nov 19, 2026, 9:00:00 AM',
                },
                assumedRoleUser: {
                  assumedRoleId: `AROA${hex(16).toUpperCase()}:${instance}`,
                  arn: `arn:aws:sts::222222222222:assumed-role/lakehouse-reader/${instance}`,
                },
              },
          ...(denied
            ? {
                errorCode: 'AccessDenied',
                errorMessage: `User: ${session.arn} is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/lakehouse-reader`,
              }
            : {}),
          resources: [
            {
              accountId: '222222222222',
              type: 'AWS::IAM::Role',
              ARN: 'arn:aws:iam::222222222222:role/lakehouse-reader',
            },
          ],
        });
      } else {
        const [eventSource, eventName] = NOISE[Math.floor(rand() * NOISE.length)]!;
        records.push({
          ...common,
          eventSource,
          eventName,
          requestParameters: {
            bucketName: 'rolechain-demo-lakehouse',
            key: `warehouse/t/${hex(12)}.parquet`,
          },
          responseElements: null,
          resources: [
            {
              type: 'AWS::S3::Object',
              ARN: `arn:aws:s3:::rolechain-demo-lakehouse/warehouse/t/${hex(12)}.parquet`,
            },
          ],
        });
      }
    }
    const day = new Date(t0);
    const y = day.getUTCFullYear();
    const m = String(day.getUTCMonth() + 1).padStart(2, '0');
    const d = String(day.getUTCDate()).padStart(2, '0');
    const folder = join(dir, 'AWSLogs', account, 'CloudTrail', 'us-west-2', String(y), m, d);
    mkdirSync(folder, { recursive: true });
    const stamp = day.toISOString().replace(/[-:]/g, '').slice(0, 13);
    writeFileSync(
      join(folder, `${account}_CloudTrail_us-west-2_${stamp}Z_${hex(16)}.json.gz`),
      gzipSync(JSON.stringify({ Records: records })),
    );
    files++;
  }
  return files;
}

function listGz(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.json.gz'))
    .map((f) => join(dir, f));
}

async function bare(files: string[]): Promise<number> {
  let n = 0;
  for (const f of files) {
    const json = JSON.parse((await gunzipAsync(await readFile(f))).toString('utf8')) as {
      Records: unknown[];
    };
    n += json.Records.length;
  }
  return n;
}

export async function run(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'rolechain-ingest-'));
  try {
    generate(dir);
    const files = listGz(dir);
    const ours: number[] = [];
    const oursCpu: number[] = [];
    const base: number[] = [];
    let chain = 0;
    for (let i = 0; i < RUNS; i++) {
      let t = performance.now();
      const n = await bare(files);
      base.push(n / ((performance.now() - t) / 1000));
      t = performance.now();
      const cpu = process.cpuUsage();
      const r = await loadFromPaths([dir]);
      const s = (performance.now() - t) / 1000;
      const used = process.cpuUsage(cpu);
      oursCpu.push(r.stats.records / ((used.user + used.system) / 1e6));
      if (r.stats.records !== n || r.warnings.length > 0)
        throw new Error(`ingest read ${r.stats.records} of ${n} records`);
      chain = r.stats.chainEvents;
      ours.push(r.stats.records / s);
    }
    const ratios = ours.map((o, i) => base[i]! / o);
    return [
      result(
        `ingest .json.gz → chain events (${RECORDS.toLocaleString('en-US')} records, ${chain.toLocaleString('en-US')} kept)`,
        'records/s',
        ours,
        {
          budget: 50_000,
          higherIsBetter: true,
        },
      ),
      // Per CPU-second of this process: steadier than wall time on a shared machine (gunzip runs on the thread pool).
      result('ingest per CPU-second (same runs)', 'records/cpu-s', oursCpu, { higherIsBetter: true }),
      result('ingest baseline: gunzip + JSON.parse only', 'records/s', base, { higherIsBetter: true }),
      result('ingest time ÷ gunzip + JSON.parse time', '×', ratios, { budget: 2 }),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const r of await run()) process.stdout.write(`${JSON.stringify(r)}\n`);
}

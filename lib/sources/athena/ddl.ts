/**
 * The CloudTrail table Athena reads the trail's S3 files through, with partition projection
 * (Athena computes the partitions from the table properties; no crawler, no ALTER TABLE ADD
 * PARTITION). Follows AWS's documented CloudTrail table ("Create the table for CloudTrail logs in
 * Athena using partition projection", Athena User Guide), extended to several accounts and
 * regions and to organisation trails:
 *
 *   account trail       s3://<bucket>[/<prefix>]/AWSLogs/<account>/CloudTrail/<region>/<yyyy>/<mm>/<dd>/
 *   organisation trail  s3://<bucket>[/<prefix>]/AWSLogs/<o-id>/<account>/CloudTrail/<region>/<yyyy>/<mm>/<dd>/
 *
 * Partition columns: `account` (enum of the accounts given; `injected` when none are given, so every
 * query must then name its accounts), `region` (enum), `eventday` (date `yyyy/MM/dd` from the start
 * date to NOW). The day column is not called `timestamp` as in AWS's example because that is a
 * reserved word in Athena's SQL and would need quoting in every query.
 */
import type { Result } from '../../model';
import { ok } from '../../model';
import {
  accountIds,
  bucketName,
  identifier,
  keyPrefix,
  literal,
  organizationId,
  regionNames,
  trailDay,
} from './sql';

export interface DdlOptions {
  database: string;
  table: string;
  trailBucket: string;
  trailPrefix?: string;
  organizationId?: string;
  accounts?: string[];
  regions: string[];
  /** First day projected: `yyyy/mm/dd`, `yyyy-mm-dd` or an ISO time. */
  startDate: string;
}

export const PARTITION_COLUMNS = ['account', 'region', 'eventday'] as const;

const COLUMNS = `  eventversion STRING,
  useridentity STRUCT<
    type: STRING,
    principalid: STRING,
    arn: STRING,
    accountid: STRING,
    invokedby: STRING,
    accesskeyid: STRING,
    username: STRING,
    identityprovider: STRING,
    onbehalfof: STRUCT<userid: STRING, identitystorearn: STRING>,
    sessioncontext: STRUCT<
      attributes: STRUCT<mfaauthenticated: STRING, creationdate: STRING>,
      sessionissuer: STRUCT<type: STRING, principalid: STRING, arn: STRING, accountid: STRING, username: STRING>,
      sourceidentity: STRING,
      ec2roledelivery: STRING,
      webidfederationdata: STRUCT<federatedprovider: STRING, attributes: MAP<STRING, STRING>>>>,
  eventtime STRING,
  eventsource STRING,
  eventname STRING,
  awsregion STRING,
  sourceipaddress STRING,
  useragent STRING,
  errorcode STRING,
  errormessage STRING,
  requestparameters STRING,
  responseelements STRING,
  additionaleventdata STRING,
  requestid STRING,
  eventid STRING,
  readonly STRING,
  resources ARRAY<STRUCT<arn: STRING, accountid: STRING, type: STRING>>,
  eventtype STRING,
  apiversion STRING,
  recipientaccountid STRING,
  serviceeventdetails STRING,
  sharedeventid STRING,
  vpcendpointid STRING,
  eventcategory STRING`;

/** `s3://bucket[/prefix]/AWSLogs[/o-id]` — every value validated. */
export function trailRoot(
  opts: Pick<DdlOptions, 'trailBucket' | 'trailPrefix' | 'organizationId'>,
): Result<string> {
  const bucket = bucketName(opts.trailBucket);
  if (!bucket.ok) return bucket;
  const prefix = keyPrefix(opts.trailPrefix);
  if (!prefix.ok) return prefix;
  let root = `s3://${bucket.value}/${prefix.value ? `${prefix.value}/` : ''}AWSLogs`;
  if (opts.organizationId !== undefined) {
    const org = organizationId(opts.organizationId);
    if (!org.ok) return org;
    root += `/${org.value}`;
  }
  return ok(root);
}

/** The `CREATE EXTERNAL TABLE` statement, or the first invalid value as an error. */
export function athenaDdl(opts: DdlOptions): Result<string> {
  const database = identifier(opts.database, 'Database');
  if (!database.ok) return database;
  const table = identifier(opts.table, 'Table');
  if (!table.ok) return table;
  const root = trailRoot(opts);
  if (!root.ok) return root;
  const regions = regionNames(opts.regions);
  if (!regions.ok) return regions;
  if (regions.value.length === 0)
    return {
      ok: false,
      error: { code: 'invalid_region', message: 'Give at least one region the trail covers.' },
    };
  const accounts = accountIds(opts.accounts ?? []);
  if (!accounts.ok) return accounts;
  const start = trailDay(opts.startDate, 'Start date');
  if (!start.ok) return start;

  const accountProjection =
    accounts.value.length > 0
      ? [
          `'projection.account.type'='enum'`,
          `'projection.account.values'=${literal(accounts.value.join(','))}`,
        ]
      : [`'projection.account.type'='injected'`];
  const props = [
    `'projection.enabled'='true'`,
    ...accountProjection,
    `'projection.region.type'='enum'`,
    `'projection.region.values'=${literal(regions.value.join(','))}`,
    `'projection.eventday.type'='date'`,
    `'projection.eventday.format'='yyyy/MM/dd'`,
    `'projection.eventday.range'=${literal(`${start.value},NOW`)}`,
    `'projection.eventday.interval'='1'`,
    `'projection.eventday.interval.unit'='DAYS'`,
    `'storage.location.template'=${literal(`${root.value}/\${account}/CloudTrail/\${region}/\${eventday}`)}`,
  ];
  return ok(
    `CREATE EXTERNAL TABLE IF NOT EXISTS \`${database.value}\`.\`${table.value}\` (
${COLUMNS}
)
PARTITIONED BY (account STRING, region STRING, eventday STRING)
ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'
STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION ${literal(`${root.value}/`)}
TBLPROPERTIES (
${props.map((p) => `  ${p}`).join(',\n')}
)`,
  );
}

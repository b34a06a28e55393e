/**
 * The two queries Rolechain sends to the CloudTrail table: the role-chain records themselves, and
 * an aggregate of AssumeRole* calls per caller, role and outcome. Both restrict the partition
 * columns (`eventday`, and `account`/`region` when given) so Athena reads only the days, accounts
 * and regions asked for: partition pruning is what keeps the bytes scanned, and so the bill, small.
 */
import type { Result } from '../../model';
import { CHAIN_EVENT_NAMES, err, ok } from '../../model';
import { accountIds, identifier, literal, literalList, regionNames, trailDay } from './sql';

export interface QueryOptions {
  database: string;
  table: string;
  /** Inclusive start, a Date or an ISO time. */
  since: Date | string;
  /** Exclusive end, a Date or an ISO time. */
  until: Date | string;
  accounts?: string[];
  regions?: string[];
}

const STS_NAMES = CHAIN_EVENT_NAMES.filter((n) => /^(Assume|Get)/.test(n));
const EC2_NAMES = CHAIN_EVENT_NAMES.filter((n) => /IamInstanceProfile/.test(n));
const IAM_NAMES = CHAIN_EVENT_NAMES.filter((n) => !STS_NAMES.includes(n) && !EC2_NAMES.includes(n));

/** CloudTrail's own `eventTime` form (seconds, `Z`), so string comparison orders correctly. */
const trailTime = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

function toDate(v: Date | string, what: string): Result<Date> {
  const d = v instanceof Date ? v : new Date(v);
  return Number.isNaN(d.getTime())
    ? err('invalid_date', `${what} '${String(v)}' is not a date or ISO time.`)
    : ok(d);
}

interface Scope {
  from: string;
  where: string[];
}

/** FROM and the WHERE terms every query shares: the table, the days, the time window, accounts, regions. */
function scope(opts: QueryOptions): Result<Scope> {
  const database = identifier(opts.database, 'Database');
  if (!database.ok) return database;
  const table = identifier(opts.table, 'Table');
  if (!table.ok) return table;
  const since = toDate(opts.since, 'Since');
  if (!since.ok) return since;
  const until = toDate(opts.until, 'Until');
  if (!until.ok) return until;
  if (since.value.getTime() >= until.value.getTime())
    return err(
      'invalid_date',
      `Since (${since.value.toISOString()}) must be before until (${until.value.toISOString()}).`,
    );
  const firstDay = trailDay(since.value, 'Since');
  // CloudTrail files a record under the day its log file covers; a record from just before midnight can
  // land in the next day's folder, so the day range reaches one day past the window (the eventtime
  // terms keep the result exact).
  const lastDay = trailDay(new Date(until.value.getTime() + 86_400_000), 'Until');
  if (!firstDay.ok) return firstDay;
  if (!lastDay.ok) return lastDay;
  const where = [
    `eventday BETWEEN ${literal(firstDay.value)} AND ${literal(lastDay.value)}`,
    `eventtime >= ${literal(trailTime(since.value))}`,
    `eventtime < ${literal(trailTime(until.value))}`,
  ];
  if (opts.accounts && opts.accounts.length > 0) {
    const accounts = accountIds(opts.accounts);
    if (!accounts.ok) return accounts;
    where.push(`account IN (${literalList(accounts.value)})`);
  }
  if (opts.regions && opts.regions.length > 0) {
    const regions = regionNames(opts.regions);
    if (!regions.ok) return regions;
    where.push(`region IN (${literalList(regions.value)})`);
  }
  return ok({ from: `"${database.value}"."${table.value}"`, where });
}

/** The columns `rowToRecord` turns back into a CloudTrail record. */
export const CHAIN_COLUMNS = [
  ['eventid', 'eventid'],
  ['eventtime', 'eventtime'],
  ['eventsource', 'eventsource'],
  ['eventname', 'eventname'],
  ['awsregion', 'awsregion'],
  ['sourceipaddress', 'sourceipaddress'],
  ['useragent', 'useragent'],
  ['errorcode', 'errorcode'],
  ['errormessage', 'errormessage'],
  ['requestparameters', 'requestparameters'],
  ['responseelements', 'responseelements'],
  ['sharedeventid', 'sharedeventid'],
  ['recipientaccountid', 'recipientaccountid'],
  ['useridentity.type', 'ui_type'],
  ['useridentity.principalid', 'ui_principalid'],
  ['useridentity.arn', 'ui_arn'],
  ['useridentity.accountid', 'ui_accountid'],
  ['useridentity.accesskeyid', 'ui_accesskeyid'],
  ['useridentity.username', 'ui_username'],
  ['useridentity.invokedby', 'ui_invokedby'],
  ['useridentity.identityprovider', 'ui_identityprovider'],
  ['useridentity.onbehalfof.userid', 'ui_onbehalfof_userid'],
  ['useridentity.sessioncontext.sessionissuer.arn', 'ui_issuer_arn'],
  ['useridentity.sessioncontext.attributes.mfaauthenticated', 'ui_mfa'],
  ['useridentity.sessioncontext.sourceidentity', 'ui_sourceidentity'],
  ["element_at(filter(resources, r -> r.type = 'AWS::IAM::Role'), 1).arn", 'resource_role_arn'],
] as const;

/** Only the role-chain records (STS AssumeRole*, GetFederationToken, GetSessionToken; IAM and EC2 chain changes). */
export function chainEventsQuery(opts: QueryOptions): Result<string> {
  const s = scope(opts);
  if (!s.ok) return s;
  const select = CHAIN_COLUMNS.map(([expr, name]) => (expr === name ? `  ${expr}` : `  ${expr} AS ${name}`));
  return ok(
    `SELECT
${select.join(',\n')}
FROM ${s.value.from}
WHERE ${s.value.where.join('\n  AND ')}
  AND (
    (eventsource = 'sts.amazonaws.com' AND eventname IN (${literalList(STS_NAMES)}))
    OR (eventsource = 'iam.amazonaws.com' AND eventname IN (${literalList(IAM_NAMES)}))
    OR (eventsource = 'ec2.amazonaws.com' AND eventname IN (${literalList(EC2_NAMES)}))
  )`,
  );
}

/**
 * AssumeRole* calls per caller, role, call and outcome with first and last time seen — a graph
 * overlay without downloading rows. A cross-account call is recorded in both accounts (same
 * `sharedeventid`); it counts once, from the caller's copy (the role owner's copy names only an
 * `AWSAccount`) unless the caller's account is not in the trail. Outcome and role follow
 * `lib/audit/normalize`: a denied call's role comes from its error message when
 * `requestparameters` is null.
 */
export function edgeCountsQuery(opts: QueryOptions): Result<string> {
  const s = scope(opts);
  if (!s.ok) return s;
  return ok(
    `WITH calls AS (
  SELECT
    coalesce(useridentity.sessioncontext.sessionissuer.arn, useridentity.arn, useridentity.invokedby, useridentity.principalid) AS caller,
    useridentity.type AS caller_type,
    eventname,
    coalesce(json_extract_scalar(requestparameters, '$.roleArn'), regexp_replace(regexp_extract(errormessage, 'on resource:\\s*(arn:[^\\s,;]+)', 1), '\\.$', '')) AS role,
    CASE
      WHEN errorcode IS NULL THEN 'success'
      WHEN regexp_like(errorcode, '(?i)AccessDenied|Unauthorized|Forbidden|NotAuthorized') THEN 'denied'
      ELSE 'error'
    END AS outcome,
    eventtime,
    row_number() OVER (
      PARTITION BY coalesce(sharedeventid, eventid)
      ORDER BY CASE WHEN useridentity.type = 'AWSAccount' THEN 1 ELSE 0 END, eventid
    ) AS copy
  FROM ${s.value.from}
  WHERE ${s.value.where.join('\n    AND ')}
    AND eventsource = 'sts.amazonaws.com'
    AND eventname IN (${literalList(STS_NAMES.filter((n) => n.startsWith('Assume')))})
)
SELECT caller, caller_type, eventname, role, outcome, count(*) AS calls, min(eventtime) AS first_seen, max(eventtime) AS last_seen
FROM calls
WHERE copy = 1
GROUP BY caller, caller_type, eventname, role, outcome
ORDER BY calls DESC, caller, role`,
  );
}

export interface EdgeCount {
  caller: string;
  callerType: string;
  eventName: string;
  role?: string;
  outcome: 'success' | 'denied' | 'error';
  calls: number;
  firstSeen: string;
  lastSeen: string;
}

/** The rows of `edgeCountsQuery`, typed; a row missing its counts or times is skipped. */
export function readEdgeCounts(rows: readonly Record<string, string | null>[]): EdgeCount[] {
  const out: EdgeCount[] = [];
  for (const r of rows) {
    const outcome = r.outcome;
    if (!r.calls || !/^\d+$/.test(r.calls)) continue;
    const calls = Number(r.calls);
    if (!r.first_seen || !r.last_seen || !r.eventname) continue;
    if (outcome !== 'success' && outcome !== 'denied' && outcome !== 'error') continue;
    out.push({
      caller: r.caller ?? 'unknown',
      callerType: r.caller_type ?? 'Unknown',
      eventName: r.eventname,
      ...(r.role ? { role: r.role } : {}),
      outcome,
      calls,
      firstSeen: r.first_seen,
      lastSeen: r.last_seen,
    });
  }
  return out;
}

/**
 * `rolechain athena`: the organisation trail's role-chain records through Amazon Athena, for audit
 * at a scale LookupEvents cannot reach (90 days, 2 requests a second per account and region).
 * Creates the partition-projected table only with `--create-table` (the user's consent), sends one
 * partition-pruned query, and reads only its result rows into the store.
 */
import { parseArgs } from 'node:util';
import { AthenaClient } from '@aws-sdk/client-athena';
import type { Io } from '../io';
import { openStore } from '../store-arg';
import type { Result } from '../../lib/model';
import type { AthenaProgress, DdlOptions, QueryOptions, RunOptions } from '../../lib/sources/athena';
import {
  USD_PER_TB_SCANNED,
  accountIds,
  athenaDdl,
  bucketName,
  chainEventsQuery,
  edgeCountsQuery,
  identifier,
  importFromAthena,
  readEdgeCounts,
  regionNames,
  runAthenaQuery,
  trailDay,
} from '../../lib/sources/athena';
import { cell } from '../terminal';

const USAGE = `usage: rolechain athena --database D --table T [options]

Reads the AssumeRole*, GetFederationToken, GetSessionToken and IAM/EC2 role-chain records of a
CloudTrail trail's S3 files through Amazon Athena, and adds them to the store (re-running adds
nothing). Athena bills the bytes it scans: USD ${USD_PER_TB_SCANNED} per TB; the table's partition projection limits a
query to the days, accounts and regions asked for.

  --database D            Glue database of the CloudTrail table (must exist)
  --table T               the CloudTrail table
  --workgroup W           Athena workgroup (default: primary)
  --output s3://B/P/      query results location (default: the workgroup's)
  --since 30d|ISO         window start: a number of days (d) or hours (h) back, or a date/time (default 30d)
  --until ISO             window end (default: now)
  --accounts a,b          12-digit account ids to read (required when the table was made without them)
  --regions r1,r2         regions to read; with --create-table, the regions the table projects
  --edges                 print caller → role call counts (aggregated by Athena) instead of importing events
  --create-table          consent to create the table (CREATE EXTERNAL TABLE IF NOT EXISTS), then query it
    --trail-bucket B      the trail's S3 bucket (required with --create-table)
    --trail-prefix P      the trail's key prefix, if any
    --organization-id o-… organisation trail: AWSLogs/<o-id>/<account>/CloudTrail/…
    --start-date yyyy-mm-dd  first day the table projects (default: --since's day)
  --print-ddl             print the table DDL (with --trail-bucket) and the query; calls nothing
  --store PATH            the store (default: the dashboard's, ROLECHAIN_DB / ROLECHAIN_DATA_DIR)
  --format text|json      output (default text)

AWS credentials come from the SDK's default chain; AWS_REGION (the Athena region), AWS_PROFILE and
AWS_ENDPOINT_URL are honoured. Permissions: see the README, "Organisation scale: Athena".
`;

export interface AthenaDeps {
  athena?: AthenaClient;
  now?: () => Date;
  sleep?: RunOptions['sleep'];
  signal?: AbortSignal;
}

interface Args {
  query: QueryOptions;
  workgroup?: string;
  output?: string;
  edges: boolean;
  createTable: boolean;
  printDdl: boolean;
  ddl?: DdlOptions;
  store?: string;
  json: boolean;
}

const WORKGROUP = /^[a-zA-Z0-9._-]{1,128}$/;
const fail = (message: string): Result<never> => ({ ok: false, error: { code: 'bad_flag', message } });
const list = (v: string | undefined): string[] | undefined =>
  v === undefined
    ? undefined
    : v
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');

function parseSince(v: string, now: Date): Result<Date> {
  const rel = /^(\d{1,5})([dh])$/.exec(v);
  if (rel) {
    const n = Number(rel[1]);
    if (n === 0) return fail(`--since ${v}: give at least 1${rel[2]}`);
    return { ok: true, value: new Date(now.getTime() - n * (rel[2] === 'd' ? 86_400_000 : 3_600_000)) };
  }
  return parseTime(v, '--since');
}

function parseTime(v: string, flag: string): Result<Date> {
  const d = /^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(`${v}T00:00:00Z`) : new Date(v);
  if (!/^\d{4}-\d{2}-\d{2}/.test(v) || Number.isNaN(d.getTime()))
    return fail(`${flag} '${v}' is not a date (yyyy-mm-dd), an ISO time or, for --since, 30d / 12h`);
  return { ok: true, value: d };
}

function parse(argv: string[], now: Date): Result<Args | 'help'> {
  let values;
  try {
    values = parseArgs({
      args: argv,
      allowPositionals: false,
      options: {
        database: { type: 'string' },
        table: { type: 'string' },
        workgroup: { type: 'string' },
        output: { type: 'string' },
        since: { type: 'string', default: '30d' },
        until: { type: 'string' },
        accounts: { type: 'string' },
        regions: { type: 'string' },
        edges: { type: 'boolean', default: false },
        'create-table': { type: 'boolean', default: false },
        'trail-bucket': { type: 'string' },
        'trail-prefix': { type: 'string' },
        'organization-id': { type: 'string' },
        'start-date': { type: 'string' },
        'print-ddl': { type: 'boolean', default: false },
        store: { type: 'string' },
        format: { type: 'string', default: 'text' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (e) {
    return fail((e as Error).message);
  }
  if (values.help) return { ok: true, value: 'help' };
  if (values.database === undefined) return fail('--database is required');
  if (values.table === undefined) return fail('--table is required');
  for (const [flag, v] of [
    ['--database', values.database],
    ['--table', values.table],
  ] as const) {
    const r = identifier(v, flag);
    if (!r.ok) return fail(r.error.message);
  }
  if (values.format !== 'text' && values.format !== 'json')
    return fail(`--format is text or json, not '${values.format}'`);
  if (values.workgroup !== undefined && !WORKGROUP.test(values.workgroup))
    return fail(`--workgroup '${values.workgroup}' is not a workgroup name (letters, digits, '.', '_', '-')`);
  if (values.output !== undefined) {
    const m = /^s3:\/\/([^/]+)(\/.*)?$/.exec(values.output);
    if (!m?.[1] || !bucketName(m[1]).ok)
      return fail(
        `--output '${values.output}' is not an S3 location such as s3://my-athena-results/rolechain/`,
      );
  }
  const since = parseSince(values.since, now);
  if (!since.ok) return since;
  const until =
    values.until === undefined ? { ok: true as const, value: now } : parseTime(values.until, '--until');
  if (!until.ok) return until;
  if (since.value >= until.value) return fail('--since must be before --until');
  const accounts = list(values.accounts);
  if (accounts) {
    const r = accountIds(accounts);
    if (!r.ok || accounts.length === 0)
      return fail(`--accounts: ${r.ok ? 'give at least one account id' : r.error.message}`);
  }
  const regions = list(values.regions);
  if (regions) {
    const r = regionNames(regions);
    if (!r.ok || regions.length === 0)
      return fail(`--regions: ${r.ok ? 'give at least one region' : r.error.message}`);
  }
  const query: QueryOptions = {
    database: values.database,
    table: values.table,
    since: since.value,
    until: until.value,
    ...(accounts ? { accounts } : {}),
    ...(regions ? { regions } : {}),
  };

  const tableFlags = (['trail-bucket', 'trail-prefix', 'organization-id', 'start-date'] as const).filter(
    (f) => values[f] !== undefined,
  );
  const createTable = values['create-table'];
  const printDdl = values['print-ddl'];
  if (tableFlags.length > 0 && !createTable && !printDdl)
    return fail(`${tableFlags.map((f) => `--${f}`).join(', ')} only go with --create-table or --print-ddl`);
  if (createTable && values['trail-bucket'] === undefined) return fail('--create-table needs --trail-bucket');
  // Without an account list the table's account partition is `injected`: Athena then refuses any query
  // that does not name its accounts (CONSTRAINT_VIOLATION), so say so before anything is created.
  if (createTable && !accounts)
    return fail('--create-table needs --accounts: the accounts to project (and to query)');
  let ddl: DdlOptions | undefined;
  if (values['trail-bucket'] !== undefined) {
    if (!regions) return fail('the table needs --regions: the regions the trail records');
    const start = values['start-date'] ?? since.value.toISOString().slice(0, 10);
    const day = trailDay(start, '--start-date');
    if (!day.ok) return fail(day.error.message);
    ddl = {
      database: values.database,
      table: values.table,
      trailBucket: values['trail-bucket'],
      regions,
      startDate: start,
      ...(values['trail-prefix'] !== undefined ? { trailPrefix: values['trail-prefix'] } : {}),
      ...(values['organization-id'] !== undefined ? { organizationId: values['organization-id'] } : {}),
      ...(accounts ? { accounts } : {}),
    };
    const built = athenaDdl(ddl);
    if (!built.ok) return fail(built.error.message);
  }
  return {
    ok: true,
    value: {
      query,
      edges: values.edges,
      createTable,
      printDdl,
      json: values.format === 'json',
      ...(ddl ? { ddl } : {}),
      ...(values.workgroup !== undefined ? { workgroup: values.workgroup } : {}),
      ...(values.output !== undefined ? { output: values.output } : {}),
      ...(values.store !== undefined ? { store: values.store } : {}),
    },
  };
}

export function formatBytes(n: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let v = n;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(v < 10 ? 2 : 1)} ${units[i]}`;
}

const cost = (bytes: number, usd: number): string =>
  `scanned ${formatBytes(bytes)} (≈ USD ${usd.toFixed(usd < 0.01 ? 5 : 2)} at USD ${USD_PER_TB_SCANNED}/TB)`;

function clientFor(env: Record<string, string | undefined>): Result<AthenaClient> {
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (!region) return fail('set AWS_REGION to the region of the Athena workgroup (and of the trail bucket)');
  const endpoint = env.AWS_ENDPOINT_URL_ATHENA ?? env.AWS_ENDPOINT_URL;
  return {
    ok: true,
    value: new AthenaClient({
      region,
      maxAttempts: 6,
      retryMode: 'adaptive',
      ...(endpoint ? { endpoint } : {}),
    }),
  };
}

export async function runWith(argv: string[], io: Io, deps: AthenaDeps = {}): Promise<number> {
  const parsed = parse(argv, (deps.now ?? (() => new Date()))());
  if (!parsed.ok) {
    io.err(`rolechain athena: ${parsed.error.message}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.value === 'help') {
    io.out(USAGE);
    return 0;
  }
  const a = parsed.value;
  const query = a.edges ? edgeCountsQuery(a.query) : chainEventsQuery(a.query);
  if (!query.ok) {
    io.err(`rolechain athena: ${query.error.message}\n`);
    return 2;
  }
  const ddl = a.ddl ? athenaDdl(a.ddl) : undefined;
  if (a.printDdl) {
    if (a.json) io.out(JSON.stringify({ ddl: ddl?.ok ? ddl.value : null, query: query.value }) + '\n');
    else {
      if (ddl?.ok) io.out(`-- table (run once; rolechain athena --create-table does it)\n${ddl.value};\n\n`);
      io.out(`-- query\n${query.value};\n`);
    }
    return 0;
  }

  let client = deps.athena;
  if (!client) {
    const c = clientFor(io.env);
    if (!c.ok) {
      io.err(`rolechain athena: ${c.error.message}\n`);
      return 2;
    }
    client = c.value;
  }
  const controller = new AbortController();
  if (deps.signal?.aborted) controller.abort();
  else deps.signal?.addEventListener('abort', () => controller.abort(), { once: true });
  const onInterrupt = (): void => {
    io.err('\ncancelling: stopping the Athena query; nothing will be written\n');
    controller.abort();
  };
  process.once('SIGINT', onInterrupt);
  let lastState = '';
  const onProgress = (p: AthenaProgress | { phase: 'import'; rows: number; events: number }): void => {
    const line =
      p.phase === 'import'
        ? `importing ${p.events} event(s) from ${p.rows} row(s)`
        : p.phase === 'started'
          ? `query ${p.queryExecutionId} started`
          : p.phase === 'running'
            ? `${(p.state ?? '').toLowerCase()}`
            : p.phase === 'reading'
              ? `reading results`
              : '';
    if (line && line !== lastState) io.err(`${line}…\n`);
    lastState = line;
  };
  const run = {
    signal: controller.signal,
    onProgress,
    ...(deps.sleep ? { sleep: deps.sleep } : {}),
  };
  const where = {
    database: a.query.database.toLowerCase(),
    ...(a.workgroup ? { workgroup: a.workgroup } : {}),
    ...(a.output ? { outputLocation: a.output } : {}),
  };
  const failed = (e: { code: string; message: string }): number => {
    if (a.json) io.out(JSON.stringify({ ok: false, error: e }) + '\n');
    io.err(`rolechain athena: ${e.message}\n`);
    return e.code === 'athena_cancelled' ? 130 : 1;
  };
  try {
    if (a.createTable && ddl?.ok) {
      const created = await runAthenaQuery(
        client,
        { ...where, sql: ddl.value },
        { ...run, readResults: false },
      );
      if (!created.ok) return failed(created.error);
      if (!a.json) io.out(`table ${a.query.database.toLowerCase()}.${a.query.table.toLowerCase()} ready\n`);
    }
    if (a.edges) {
      const r = await runAthenaQuery(client, { ...where, sql: query.value }, run);
      if (!r.ok) return failed(r.error);
      const edges = readEdgeCounts(r.value.rows);
      if (a.json) io.out(JSON.stringify({ ok: true, ...r.value, rows: undefined, edges }) + '\n');
      else {
        for (const e of edges)
          io.out(
            `${String(e.calls).padStart(8)}  ${cell(e.outcome).padEnd(7)}  ${cell(e.caller)} → ${cell(e.role ?? '(unknown role)')}  ${cell(e.eventName)}  ${cell(e.firstSeen)} … ${cell(e.lastSeen)}\n`,
          );
        io.out(`${edges.length} edge(s); ${cost(r.value.scannedBytes, r.value.estimatedCostUsd)}\n`);
      }
      return 0;
    }
    const store = openStore(a.store, io.env, io.cwd);
    if (!store.ok) {
      io.err(`rolechain athena: ${store.error.message}\n`);
      return 2;
    }
    try {
      const r = await importFromAthena(store.value, client, { ...a.query, ...where }, run);
      if (!r.ok) return failed(r.error);
      const v = r.value;
      if (a.json) io.out(JSON.stringify({ ok: true, ...v, store: store.value.path }) + '\n');
      else {
        io.out(
          `query ${v.queryExecutionId}: ${v.rows} row(s); ${cost(v.scannedBytes, v.estimatedCostUsd)}\n` +
            `events: ${v.inserted} added, ${v.duplicates} already stored or duplicated, ${v.skipped} skipped\n`,
        );
        for (const p of v.problems) io.out(`warning: ${cell(p.where ?? '')}: ${cell(p.message)}\n`);
      }
      return 0;
    } finally {
      store.value.close();
    }
  } finally {
    process.removeListener('SIGINT', onInterrupt);
  }
}

export function run(args: string[], io: Io): Promise<number> {
  return runWith(args, io);
}

/**
 * `rolechain collect`: reads the account (or, with --organization, every member account) from
 * live AWS, read-only, and saves one snapshot in one transaction. Ctrl-C cancels and writes nothing.
 * A thin adapter over the `lib/app/collect` use case the dashboard's refresh runs too.
 */
import type { CollectRequest } from '../../lib/app/collect';
import { collectIntoStore } from '../../lib/app/collect';
import { gapMessage } from '../../lib/model';
import { readEnv } from '../../lib/server/env';
import { Store } from '../../lib/store';
import type { ClientFactory, CollectOptions, ProgressEvent } from '../../lib/sources/aws';
import {
  auditRoleCloudFormation,
  DEFAULT_AUDIT_ROLE,
  READ_ONLY_ACTIONS,
  requiredPolicy,
} from '../../lib/sources/aws';
import type { Io } from '../io';
import { cell } from '../terminal';

const HELP = `usage: rolechain collect [options]

Reads the AWS account of your credentials (the SDK's default chain: environment, profiles and SSO,
web identity, container and instance metadata) and saves a snapshot. Read-only.

options:
  --organization        collect every active account of the organisation (run in the management
                        account or a delegated administrator) through each member's audit role
  --audit-role NAME     the members' read-only role (default ${DEFAULT_AUDIT_ROLE})
  --external-id ID      the sts:ExternalId the audit role's trust policy requires
  --regions r1,r2       regions for EC2 and CloudTrail (default: every enabled region)
  --profile P           a profile of ~/.aws/config (default: AWS_PROFILE, else the default chain)
  --store PATH          the store (default: ROLECHAIN_DB, else ROLECHAIN_DATA_DIR/rolechain.db)
  --no-cloudtrail       skip CloudTrail LookupEvents
  --days N              CloudTrail look-back when nothing is stored yet (1–90, default 7)
  --dry-run             print the IAM permissions collection needs, call nothing
  --allow-partial       exit 0 even when a source could not be read fully (what the dashboard's
                        refresh does); the gaps are still printed
  --format json         print only the result as JSON on stdout (progress goes to stderr)
  AWS_REGION, AWS_PROFILE and AWS_ENDPOINT_URL are honoured.

Progress lines go to stderr. Exit codes:
  0  every source asked for was read fully (or --allow-partial) and the snapshot was saved
  1  nothing was collected or saved (no credentials, profile not found, access to sts denied…)
  2  bad arguments
  3  saved, but some source was read only partly or not at all: its earlier data is kept, marked
     stale, and the gaps are listed (use --allow-partial to exit 0)
  130 cancelled (Ctrl-C); nothing was written
`;

/** A snapshot was saved, but some part asked for was not read fully. */
export const EXIT_PARTIAL = 3;

interface Args {
  organization: boolean;
  auditRole?: string;
  externalId?: string;
  regions?: string[];
  profile?: string;
  store?: string;
  cloudTrail: boolean;
  days?: number;
  dryRun: boolean;
  allowPartial: boolean;
  json: boolean;
  help: boolean;
}

type Parsed = { ok: true; args: Args } | { ok: false; message: string };

export function parseArgs(argv: string[]): Parsed {
  const a: Args = {
    organization: false,
    cloudTrail: true,
    dryRun: false,
    allowPartial: false,
    json: false,
    help: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = (): string | undefined => {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith('--')) return undefined;
      i++;
      return v;
    };
    const need = (name: string): string | Parsed =>
      value() ?? { ok: false, message: `${name} needs a value` };
    switch (flag) {
      case '--organization':
        a.organization = true;
        break;
      case '--no-cloudtrail':
        a.cloudTrail = false;
        break;
      case '--dry-run':
        a.dryRun = true;
        break;
      case '--allow-partial':
        a.allowPartial = true;
        break;
      case '--help':
      case '-h':
        a.help = true;
        break;
      case '--audit-role':
      case '--external-id':
      case '--regions':
      case '--profile':
      case '--store':
      case '--days':
      case '--format': {
        const v = need(flag);
        if (typeof v !== 'string') return v;
        if (flag === '--audit-role') {
          if (!/^[\w+=,.@-]{1,64}$/.test(v))
            return { ok: false, message: `--audit-role: '${v}' is not an IAM role name` };
          a.auditRole = v;
        } else if (flag === '--external-id') a.externalId = v;
        else if (flag === '--profile') a.profile = v;
        else if (flag === '--store') a.store = v;
        else if (flag === '--regions') {
          const regions = v
            .split(',')
            .map((r) => r.trim())
            .filter((r) => r !== '');
          const bad = regions.find((r) => !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(r));
          if (bad !== undefined || regions.length === 0)
            return { ok: false, message: `--regions: '${bad ?? v}' is not a region name such as eu-west-1` };
          a.regions = regions;
        } else if (flag === '--days') {
          const n = Number(v);
          if (!Number.isInteger(n) || n < 1 || n > 90)
            return { ok: false, message: '--days takes a whole number from 1 to 90' };
          a.days = n;
        } else if (v !== 'json' && v !== 'text')
          return { ok: false, message: "--format takes 'json' or 'text'" };
        else a.json = v === 'json';
        break;
      }
      default:
        return { ok: false, message: `unknown option '${flag}'` };
    }
  }
  return { ok: true, args: a };
}

/** One line per progress event. */
export function progressLine(e: ProgressEvent): string {
  const count = e.total !== undefined && e.total > 0 ? ` [${e.done}/${e.total}]` : '';
  return `${e.phase.padEnd(12)} ${cell(e.message)}${count}\n`;
}

function dryRun(a: Args, io: Io): number {
  const role = a.auditRole ?? DEFAULT_AUDIT_ROLE;
  const actions = Object.entries(READ_ONLY_ACTIONS).filter(([, v]) => a.organization || v.scope === 'all');
  io.out(`rolechain collect${a.organization ? ' --organization' : ''} would call (and nothing else):\n`);
  for (const [action, v] of actions) io.out(`  ${action.padEnd(48)} ${v.level.padEnd(5)} ${v.why}\n`);
  io.out(
    `\nIAM policy for the identity that runs it:\n${JSON.stringify(requiredPolicy({ organization: a.organization, auditRoleName: role }), null, 2)}\n`,
  );
  if (a.organization)
    io.out(
      `\nEach member account needs the audit role ${role}, trusting this account with the ExternalId (CloudFormation; deploy with a StackSet):\n${auditRoleCloudFormation(role)}`,
    );
  return 0;
}

/** The command, with what tests inject: mocked clients, collection settings, a cancel signal. */
export async function runWith(
  argv: string[],
  io: Io,
  deps: { clients?: ClientFactory; collect?: CollectOptions; signal?: AbortSignal } = {},
): Promise<number> {
  const parsed = parseArgs(argv);
  if (!parsed.ok) {
    io.err(`rolechain collect: ${parsed.message}\n\n${HELP}`);
    return 2;
  }
  const a = parsed.args;
  if (a.help) {
    io.out(HELP);
    return 0;
  }
  if (a.dryRun) return dryRun(a, io);

  let path: string;
  try {
    path = a.store ?? readEnv(io.env).dbPath;
  } catch (e) {
    io.err(`rolechain collect: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  const opened = Store.open(path);
  if (!opened.ok) {
    io.err(`rolechain collect: ${opened.error.message}\n`);
    return 1;
  }
  const store = opened.value;
  const controller = new AbortController();
  if (deps.signal?.aborted) controller.abort();
  else deps.signal?.addEventListener('abort', () => controller.abort(), { once: true });
  const onInterrupt = (): void => {
    io.err('\ncancelling: nothing will be written\n');
    controller.abort();
  };
  process.once('SIGINT', onInterrupt);
  try {
    const opts: CollectRequest = {
      organization: a.organization,
      env: io.env,
      ...(a.auditRole ? { auditRoleName: a.auditRole } : {}),
      ...(a.externalId ? { externalId: a.externalId } : {}),
      ...(a.regions ? { regions: a.regions } : {}),
      ...(a.profile ? { profile: a.profile } : {}),
      ...(deps.clients ? { clients: deps.clients } : {}),
      collect: {
        ...deps.collect,
        ...(a.cloudTrail ? (a.days ? { cloudTrail: { lookbackDays: a.days } } : {}) : { cloudTrail: false }),
      },
    };
    // stdout carries the result only (JSON or the summary); progress is for the person watching.
    const r = await collectIntoStore(store, opts, (e) => io.err(progressLine(e)), controller.signal);
    if (!r.ok) {
      if (a.json) io.out(JSON.stringify({ ok: false, error: r.error }) + '\n');
      io.err(`rolechain collect: ${r.error.message}\n`);
      return r.error.code === 'cancelled' ? 130 : 1;
    }
    const v = r.value;
    const partial = v.failed.length > 0;
    if (a.json) io.out(JSON.stringify({ ok: true, partial, ...v, store: path }) + '\n');
    else {
      for (const w of v.warnings) io.out(`warning      ${cell(w.message)}\n`);
      for (const g of v.failed) io.out(`not read     ${cell(gapMessage(g))}\n`);
      io.out(
        `saved snapshot ${v.snapshotId} to ${path}: ${v.accounts.collected.length} account(s) collected` +
          `${v.accounts.failed.length > 0 ? `, ${v.accounts.failed.length} not (${v.accounts.failed.join(', ')})` : ''}` +
          `, ${v.events.inserted} new CloudTrail event(s), ${v.warnings.length} warning(s)\n`,
      );
      if (partial)
        io.out(
          `partial: ${v.failed.length} part(s) were not read fully; their earlier data (if any) was kept, marked stale${a.allowPartial ? '' : ` (exit ${EXIT_PARTIAL}; --allow-partial exits 0)`}\n`,
        );
    }
    return partial && !a.allowPartial ? EXIT_PARTIAL : 0;
  } finally {
    process.removeListener('SIGINT', onInterrupt);
    store.close();
  }
}

export function run(args: string[], io: Io): Promise<number> {
  return runWith(args, io);
}

import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Io } from '../io';
import type { Result, Snapshot } from '../../lib/model';
import { err, ok } from '../../lib/model';
import type { ChainStep } from '../../lib/graph';
import type { CheckedChain, CheckOutcome } from '../../lib/app/check';
import { CheckInput as CheckInputSchema, exitCodeOf, runCheck } from '../../lib/app/check';
import { loadDemo } from '../../lib/sources/demo';
import { loadFromPaths } from '../../lib/sources/load';
import { openStore } from '../store-arg';
import { oneFile, snapshotInputs } from '../input-paths';
import { textLines } from '../terminal';
import { PASTE_SHELL } from '../../lib/model/shell';
import { renderCheckReport } from '../../lib/app/check-report';

const USAGE = `usage: rolechain check --source <role|user|instance-profile ARN|instance id> [--target-role <role ARN>]
                       --resource <s3://bucket/path|S3 or Glue ARN|glue:catalog> [--action <service:Action>]…
                       [--external-id ID] [--duration SECONDS] [--region R] [--kms-key ARN]
       rolechain check [--source <…>] --sql <file|->   (a SQL statement, a .properties catalog file,
                       core-site.xml or spark-defaults.conf; its kind is detected)
                       [<file or folder>… | --snapshot <file or folder>… | --store <db>] [--format table|json|html]

Checks the five steps of a chain against a snapshot:
  1 the source may call sts:AssumeRole on the target   2 the target's trust admits it (with ExternalId)
  3 the session duration fits (MaxSessionDuration, 1 h when chaining)
  4 the target may perform each action on the resource  5 the bucket / catalog / key policy does not stop it
Without --target-role the source's own credentials are checked (instance profile, IAM user): steps 2–3 n/a.
With --sql every chain the text implies is checked (the S3 side and the Glue side), each with the actions
the statement performs; --resource / --action / --external-id / --duration override the S3 side's.

snapshot: the files or folders given (positional or --snapshot), else --store, else the dashboard's store (ROLECHAIN_DB, ROLECHAIN_DATA_DIR)
if it exists, else the embedded demo. The snapshot read is named in the output.

--format html writes one self-contained HTML report (inline CSS, nothing loaded from elsewhere, no
secret) to attach to a ticket: the same file as the dashboard's "Download report".

exit: 0 every chain works, 1 a step fails or the statement contradicts itself, 2 bad input,
      3 nothing fails but a chain or step could not be checked (unknown, conditional or not checked)
`;

const STATUS_MARK: Record<ChainStep['status'], string> = {
  pass: 'PASS',
  fail: 'FAIL',
  conditional: 'COND',
  skipped: 'SKIP',
  'not-applicable': 'N/A',
};

async function readText(arg: string, io: Io): Promise<Result<string>> {
  if (arg === '-') {
    let text = '';
    for await (const chunk of io.stdin) text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    return ok(text);
  }
  const path = oneFile(arg, '--sql', io.cwd);
  return path.ok ? ok(readFileSync(path.value, 'utf8')) : path;
}

export interface Loaded {
  snapshot: Snapshot;
  /** Which snapshot was read, in words. */
  label: string;
}

function fromStore(path: string): Result<Loaded> {
  const store = openStore(path, {}, '/');
  if (!store.ok) return store;
  try {
    const meta = store.value.latestSnapshotMeta();
    const snapshot = meta ? store.value.getSnapshot(meta.id) : undefined;
    if (!meta || !snapshot)
      return err('no-snapshot', `the store at ${path} holds no snapshot yet (rolechain import first)`);
    return ok({
      snapshot,
      label: `store ${path}, snapshot ${meta.id} of ${meta.createdAt} (${meta.source.kind}: ${meta.source.detail})`,
    });
  } finally {
    store.value.close();
  }
}

/** --snapshot files, --store, the dashboard's store when it exists, else the demo. */
export async function loadSnapshot(
  positionals: string[],
  flagged: string[],
  storeFlag: string | undefined,
  io: Io,
): Promise<Result<Loaded>> {
  if (positionals.length + flagged.length > 0) {
    const inputs = snapshotInputs(positionals, flagged, io.cwd);
    if (!inputs.ok) return inputs;
    const abs = inputs.value;
    const loaded = await loadFromPaths(abs, { source: { kind: 'files', detail: abs.join(', ') } });
    if (loaded.snapshot.roles.length === 0)
      return err(
        'empty',
        `no IAM roles in ${abs.join(', ')} (expected get-account-authorization-details JSON)`,
      );
    return ok({ snapshot: loaded.snapshot, label: `files ${abs.join(', ')}` });
  }
  if (storeFlag !== undefined) {
    const path = resolve(io.cwd, storeFlag);
    if (!existsSync(path)) return err('not-found', `no store at ${path}`);
    return fromStore(path);
  }
  // The server's store, read the way the server reads its environment.
  const dbPath = io.env.ROLECHAIN_DB
    ? resolve(io.cwd, io.env.ROLECHAIN_DB)
    : join(resolve(io.cwd, io.env.ROLECHAIN_DATA_DIR ?? 'data'), 'rolechain.db');
  if (existsSync(dbPath)) return fromStore(dbPath);
  if (io.env.ROLECHAIN_DB !== undefined) return err('not-found', `ROLECHAIN_DB: no store at ${dbPath}`);
  const demo = await loadDemo(io.env.ROLECHAIN_DEMO_DIR ?? join(io.cwd, 'demo'));
  if (demo.snapshot.roles.length === 0)
    return err(
      'not-found',
      'the demo organisation was not found (set ROLECHAIN_DEMO_DIR or give --snapshot)',
    );
  return ok({ snapshot: demo.snapshot, label: `the embedded demo (no store at ${dbPath})` });
}

/** One chain's steps as a fixed-width table, reasons and fixes indented under each. */
function renderChain(c: CheckedChain): string[] {
  const lines: string[] = [];
  const r = c.request;
  lines.push(`── ${c.label}${c.credentials ? ` (${c.credentials})` : ''}`);
  lines.push(
    `source       ${r.source ?? '(not given)'}${c.result?.resolved.caller && c.result.resolved.caller !== r.source ? `  (calls as ${c.result.resolved.caller})` : ''}`,
  );
  lines.push(
    `target role  ${r.targetRole ?? '(none: the source’s own credentials)'}${r.externalId !== undefined ? `  (ExternalId ${r.externalId})` : ''}`,
  );
  lines.push(`resource     ${r.resource ?? '(not named)'}  ${r.actions.join(', ')}`);
  if (c.notChecked !== undefined) {
    lines.push(`NOT CHECKED  ${c.notChecked}`);
    return lines;
  }
  if (!c.result) return lines;
  lines.push('step  status  check');
  for (const s of c.result.steps) {
    lines.push(`${String(s.step).padEnd(4)}  ${STATUS_MARK[s.status].padEnd(6)}  ${s.title}`);
    if (s.actions && s.actions.length > 1)
      lines.push(
        `              actions: ${s.actions.map((a) => `${a.action} ${STATUS_MARK[a.status]}`).join(', ')}`,
      );
    const shown =
      s.status === 'pass'
        ? s.reasons.filter((x) => x.outcome === 'applies').slice(0, 2)
        : s.reasons.slice(0, 8);
    for (const x of shown) lines.push(`              - ${x.message}`);
    for (const o of s.openConditions ?? []) lines.push(`              ? ${o.text}`);
    if (s.fix) for (const f of s.fix.split('\n')) lines.push(`              fix: ${f}`);
  }
  if (c.result.steps.some((s) => s.fix?.includes('aws ')))
    lines.push(`              (aws commands are quoted for a ${PASTE_SHELL})`);
  return lines;
}

export function renderOutcome(o: CheckOutcome, snapshotLabel: string): string {
  const lines: string[] = [`snapshot     ${snapshotLabel}`];
  if (o.statement) {
    const st = o.statement;
    lines.push(
      `read as      ${st.kindLabel}: ${st.engine} ${st.formLabel}, ${o.chains.length} chain${o.chains.length === 1 ? '' : 's'}`,
    );
    for (const x of st.contradictions) lines.push(`  contradiction: ${x}`);
    for (const x of st.notes) lines.push(`  note: ${x}`);
  }
  if (o.externalIdUsed) lines.push(`ExternalId   ${o.externalIdUsed.value} (${o.externalIdUsed.from})`);
  for (const c of o.chains) lines.push('', ...renderChain(c));
  if (o.dataNotes.length > 0) lines.push('', 'data not read fully (no verdict rests on it):');
  for (const n of o.dataNotes) lines.push(`  ${n}`);
  lines.push('', `result: ${o.summary}`);
  return textLines(lines);
}

export async function run(args: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        source: { type: 'string' },
        'target-role': { type: 'string' },
        resource: { type: 'string' },
        action: { type: 'string', multiple: true },
        'external-id': { type: 'string' },
        duration: { type: 'string' },
        region: { type: 'string' },
        'kms-key': { type: 'string' },
        sql: { type: 'string' },
        snapshot: { type: 'string', multiple: true },
        store: { type: 'string' },
        format: { type: 'string', default: 'table' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    io.err(`rolechain check: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const v = parsed.values;
  if (v.help) {
    io.out(USAGE);
    return 0;
  }
  if (v.format !== 'table' && v.format !== 'json' && v.format !== 'html') {
    io.err(`rolechain check: --format is table, json or html, not '${v.format}'\n`);
    return 2;
  }
  const given = [...parsed.positionals, ...(v.snapshot ?? [])];
  if (v.store !== undefined && given.length > 0) {
    io.err('rolechain check: give snapshot files (or --snapshot) or --store, not both\n');
    return 2;
  }
  let duration: number | undefined;
  if (v.duration !== undefined) {
    duration = Number(v.duration);
    if (!Number.isInteger(duration) || duration <= 0) {
      io.err(`rolechain check: --duration is a whole number of seconds, not '${v.duration}'\n`);
      return 2;
    }
  }
  const actions = v.action && v.action.length > 0 ? { actions: v.action } : {};
  const common = {
    ...(v.source !== undefined ? { source: v.source } : {}),
    ...(v.resource !== undefined ? { resource: v.resource } : {}),
    ...actions,
    ...(v['external-id'] !== undefined ? { externalId: v['external-id'] } : {}),
    ...(duration !== undefined ? { durationSeconds: duration } : {}),
  };
  let body: unknown;
  if (v.sql !== undefined) {
    if (v['target-role'] !== undefined || v.region !== undefined || v['kms-key'] !== undefined) {
      io.err(
        'rolechain check: with --sql the roles, regions and keys come from the statement; edit it instead of --target-role / --region / --kms-key\n',
      );
      return 2;
    }
    const text = await readText(v.sql, io);
    if (!text.ok) {
      io.err(`rolechain check: ${text.error.message}\n`);
      return 2;
    }
    body = { text: text.value, ...common };
  } else {
    if (v.source === undefined || v.resource === undefined) {
      io.err(
        `rolechain check: ${v.source === undefined ? '--source is required: a role or user ARN, an instance profile ARN, or an EC2 instance id\n' : ''}${v.resource === undefined ? '--resource is required: s3://bucket/path, an S3 or Glue ARN, or glue:catalog\n' : ''}${USAGE}`,
      );
      return 2;
    }
    body = {
      ...common,
      ...(v['target-role'] !== undefined ? { targetRole: v['target-role'] } : {}),
      ...(v.region !== undefined ? { region: v.region } : {}),
      ...(v['kms-key'] !== undefined ? { kmsKey: v['kms-key'] } : {}),
    };
  }
  const input = CheckInputSchema.safeParse(body);
  if (!input.success) {
    io.err(
      `rolechain check: ${input.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ')}\n`,
    );
    return 2;
  }
  const loaded = await loadSnapshot(parsed.positionals, v.snapshot ?? [], v.store, io);
  if (!loaded.ok) {
    io.err(`rolechain check: ${loaded.error.message}\n`);
    return 2;
  }
  const outcome = runCheck(loaded.value.snapshot, input.data);
  if (!outcome.ok) {
    io.err(`rolechain check: ${outcome.error.message}\n`);
    return 2;
  }
  if (v.format === 'json') io.out(JSON.stringify({ snapshot: loaded.value.label, ...outcome.value }) + '\n');
  else if (v.format === 'html')
    io.out(
      renderCheckReport(outcome.value, {
        snapshot: loaded.value.label,
        generatedAt: new Date().toISOString(),
      }),
    );
  else io.out(renderOutcome(outcome.value, loaded.value.label));
  return exitCodeOf(outcome.value);
}

import { parseArgs } from 'node:util';
import type { Io } from '../io';
import { openStore } from '../store-arg';
import { AUDIT_KINDS, EventsQuery, TIME_HELP, auditExport, auditPage } from '../../lib/app/audit';
import { CSV_HEADER, eventCsvLine } from '../../lib/app/audit-csv';
import { eventKindOf } from '../../lib/model';
import type { StoredEvent } from '../../lib/store';
import { cell } from '../terminal';

const USAGE = `usage: rolechain audit [--kind sessions|changes|all] [--role ARN] [--caller ARN] [--origin ID]
                      [--outcome success|denied|error] [--event-name NAME] [--since TIME|7d|24h|30m] [--until TIME]
                      [--limit N] [--cursor C] [--format table|json|csv] [--store PATH]

What the audit covers:
  sessions (default)  AssumeRole, AssumeRoleWithSAML, AssumeRoleWithWebIdentity: who took which role, and the
                      original identity behind a chain of sessions
  changes             the other chain events Rolechain keeps, as a separate kind: CreateRole, DeleteRole,
                      UpdateAssumeRolePolicy, Attach/Detach/Put/DeleteRolePolicy, PutRolePermissionsBoundary,
                      instance-profile changes, GetSessionToken, GetFederationToken
  all                 both, each row labelled with its kind

--role, --caller and --origin take an ARN (or id) as stored, which selects exactly it, or any part of one
("lakehouse-admin-role", "alice.chen"), matched in any case with spaces, hyphens and underscores alike.

Times (--since, --until) are ${TIME_HELP};
--since also takes 7d, 24h or 30m before now. --since is inclusive, --until exclusive.
--format csv writes every matching event (no --limit unless given); table and json show one page
(--limit, default 100; json gives nextCursor for --cursor).
`;

/** `7d`, `24h`, `30m` before now, as text `parseInstant` reads; other text is passed on for it to judge. */
export function resolveSince(s: string, now: Date): string {
  const m = /^(\d{1,6})([dhm])$/.exec(s);
  if (!m) return s;
  const n = Number(m[1]);
  const ms = m[2] === 'd' ? 86_400_000 : m[2] === 'h' ? 3_600_000 : 60_000;
  return new Date(now.getTime() - n * ms).toISOString();
}

function table(events: StoredEvent[], withKind: boolean): string {
  // Escaped before the widths are measured, so a line feed in a session name stays inside its cell.
  const rows = events.map((e) =>
    [
      e.time.replace('T', ' ').slice(0, 19),
      ...(withKind ? [eventKindOf(e.eventName)] : []),
      ...(withKind ? [e.eventName] : []),
      e.outcome === 'success' ? 'success' : (e.errorCode ?? e.outcome),
      e.caller.arn ?? e.caller.invokedBy ?? e.caller.type,
      e.origin?.label ?? '',
      e.roleArn ?? '',
      e.roleSessionName ?? '',
    ].map(cell),
  );
  const head = [
    'time',
    ...(withKind ? ['kind', 'event'] : []),
    'outcome',
    'caller',
    'origin',
    'role',
    'session',
  ];
  const widths = head.map((h, i) => Math.min(70, Math.max(h.length, ...rows.map((r) => r[i]!.length))));
  const line = (r: string[]) =>
    r
      .map((c, i) => c.slice(0, widths[i]).padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(head), ...rows.map(line)].join('\n') + '\n';
}

export async function run(args: string[], io: Io, now = new Date()): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: {
        kind: { type: 'string' },
        role: { type: 'string' },
        caller: { type: 'string' },
        origin: { type: 'string' },
        outcome: { type: 'string' },
        'event-name': { type: 'string' },
        since: { type: 'string' },
        until: { type: 'string' },
        limit: { type: 'string' },
        cursor: { type: 'string' },
        format: { type: 'string', default: 'table' },
        store: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    io.err(`rolechain audit: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const v = parsed.values;
  if (v.help) {
    io.out(USAGE);
    return 0;
  }
  if (!['table', 'json', 'csv'].includes(v.format ?? '')) {
    io.err(`rolechain audit: --format is table, json or csv\n`);
    return 2;
  }
  const q = EventsQuery.safeParse({
    kind: v.kind,
    role: v.role,
    caller: v.caller,
    origin: v.origin,
    outcome: v.outcome,
    eventName: v['event-name'],
    from: v.since === undefined ? undefined : resolveSince(v.since, now),
    to: v.until,
    limit: v.limit,
    cursor: v.cursor,
  });
  if (!q.success) {
    const flag = (k: PropertyKey | undefined) =>
      k === 'from' ? 'since' : k === 'to' ? 'until' : k === 'eventName' ? 'event-name' : String(k);
    const why = q.error.issues
      .map((i) =>
        i.path[0] === 'kind'
          ? `--kind is ${AUDIT_KINDS.join(', ')}`
          : i.path[0] === 'from'
            ? `--since takes ${TIME_HELP}, or 7d / 24h / 30m before now; not '${v.since ?? ''}'`
            : i.path[0] === 'to'
              ? `--until takes ${TIME_HELP}; not '${v.until ?? ''}'`
              : `--${flag(i.path[0])}: ${i.message}`,
      )
      .join('; ');
    io.err(`rolechain audit: ${why}\n`);
    return 2;
  }
  const store = openStore(v.store, io.env, io.cwd);
  if (!store.ok) {
    io.err(`rolechain audit: ${store.error.message}\n`);
    return 2;
  }
  try {
    const { limit, cursor, format: _f, ...filter } = q.data;
    if (v.format === 'csv') {
      io.out(CSV_HEADER);
      for (const page of auditExport(store.value, filter, v.limit === undefined ? Infinity : limit))
        io.out(page.map(eventCsvLine).join(''));
      return 0;
    }
    const page = auditPage(store.value, { ...filter, limit, ...(cursor === undefined ? {} : { cursor }) });
    if (!page.ok) {
      io.err(`rolechain audit: --cursor: ${page.error.message}\n`);
      return 2;
    }
    if (v.format === 'json') io.out(JSON.stringify(page.value) + '\n');
    else
      io.out(
        page.value.events.length === 0
          ? 'no events match\n'
          : table(page.value.events, filter.kind !== 'sessions'),
      );
    return 0;
  } finally {
    store.value.close();
  }
}

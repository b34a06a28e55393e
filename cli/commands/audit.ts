import { parseArgs } from 'node:util';
import type { Io } from '../io';
import { openStore } from '../store-arg';
import { EventsQuery, eventsCsv } from '../../lib/server/events-api';
import { decodeCursor, queryEvents } from '../../lib/store';
import type { StoredEvent } from '../../lib/store';
import { cell } from '../terminal';

export const summary = 'list stored AssumeRole events: who assumed which role, and who was really behind it';

const USAGE = `usage: rolechain audit [--role ARN] [--caller ARN] [--origin ID] [--outcome success|denied|error]
                      [--since TIME|7d|24h] [--until TIME] [--limit N] [--format table|json|csv] [--store PATH]
`;

/** `7d`, `24h`, `30m` before now, or an ISO time as is. */
export function parseSince(s: string, now: Date): string | undefined {
  const m = /^(\d+)([dhm])$/.exec(s);
  if (m) {
    const n = Number(m[1]);
    const ms = m[2] === 'd' ? 86_400_000 : m[2] === 'h' ? 3_600_000 : 60_000;
    return new Date(now.getTime() - n * ms).toISOString();
  }
  return Number.isNaN(Date.parse(s)) ? undefined : new Date(s).toISOString();
}

function table(events: StoredEvent[]): string {
  // Escaped before the widths are measured, so a line feed in a session name stays inside its cell.
  const rows = events.map((e) =>
    [
      e.time.replace('T', ' ').slice(0, 19),
      e.outcome === 'success' ? 'success' : (e.errorCode ?? e.outcome),
      e.caller.arn ?? e.caller.invokedBy ?? e.caller.type,
      e.origin?.label ?? '',
      e.roleArn ?? '',
      e.roleSessionName ?? '',
    ].map(cell),
  );
  const head = ['time', 'outcome', 'caller', 'origin', 'role', 'session'];
  const widths = head.map((h, i) => Math.min(70, Math.max(h.length, ...rows.map((r) => r[i]!.length))));
  const line = (r: string[]) =>
    r
      .map((c, i) => c.slice(0, widths[i]).padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(head), ...rows.map(line)].join('\n') + '\n';
}

export async function run(args: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: {
        role: { type: 'string' },
        caller: { type: 'string' },
        origin: { type: 'string' },
        outcome: { type: 'string' },
        since: { type: 'string' },
        until: { type: 'string' },
        limit: { type: 'string', default: '100' },
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
  const now = new Date();
  const from = v.since === undefined ? undefined : parseSince(v.since, now);
  if (v.since !== undefined && from === undefined) {
    io.err(`rolechain audit: --since takes an ISO time or 7d / 24h / 30m, not '${v.since}'\n`);
    return 2;
  }
  const q = EventsQuery.safeParse({
    role: v.role,
    caller: v.caller,
    origin: v.origin,
    outcome: v.outcome,
    from,
    to: v.until,
    limit: v.limit,
    format: v.format === 'csv' ? 'csv' : 'json',
  });
  if (!q.success || !['table', 'json', 'csv'].includes(v.format ?? '')) {
    const why = q.success
      ? `--format is table, json or csv`
      : q.error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join('; ');
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
    const page = queryEvents(
      store.value,
      filter,
      limit,
      cursor === undefined ? undefined : decodeCursor(cursor),
    );
    if (v.format === 'json') io.out(JSON.stringify(page) + '\n');
    else if (v.format === 'csv') io.out(eventsCsv(page.events));
    else io.out(page.events.length === 0 ? 'no events match\n' : table(page.events));
    return 0;
  } finally {
    store.value.close();
  }
}

import { parseArgs } from 'node:util';
import type { Io } from '../io';
import { openStore } from '../store-arg';
import { DiffQuery, snapshotDiff } from '../../lib/app/snapshot-diff';
import { cell } from '../terminal';

const USAGE = `usage: rolechain diff --from ID --to ID [--store PATH] [--format text|json]

What changed between two stored snapshots, as chains: opened, broken (a working edge now missing
trust or permission), closed (gone) or changed (another decision). Both graphs come from the
snapshots alone, so the diff is about configuration, not CloudTrail usage. The same answer as the
dashboard's Compare and GET /api/diff.
`;

/** `rolechain diff`: a thin adapter over `snapshotDiff` (lib/app), as `/api/diff` is. */
export async function run(args: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        store: { type: 'string' },
        format: { type: 'string', default: 'text' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    io.err(`rolechain diff: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values } = parsed;
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const q = DiffQuery.safeParse({ from: values.from, to: values.to });
  if (!q.success) {
    io.err(`rolechain diff: give two snapshot ids, --from and --to\n${USAGE}`);
    return 2;
  }
  if (values.format !== 'text' && values.format !== 'json') {
    io.err(`rolechain diff: --format is text or json, not '${values.format}'\n`);
    return 2;
  }
  const store = openStore(values.store, io.env, io.cwd);
  if (!store.ok) {
    io.err(`rolechain diff: ${store.error.message}\n`);
    return 2;
  }
  try {
    const d = snapshotDiff(store.value, q.data);
    if (!d.ok) {
      io.err(`rolechain diff: ${d.error.message}\n`);
      return 2;
    }
    if (values.format === 'json') {
      io.out(JSON.stringify(d.value) + '\n');
      return 0;
    }
    const { from, to, counts, changes } = d.value;
    io.out(
      `snapshot #${from.id} (${from.createdAt}) → #${to.id} (${to.createdAt}): ` +
        `${counts.opened} opened, ${counts.broken} broken, ${counts.closed} closed, ${counts.changed} changed\n`,
    );
    for (const c of changes) {
      const was = c.before ? `${c.before.kind}${c.before.decision ? ` (${c.before.decision})` : ''}` : '–';
      const now = c.after ? `${c.after.kind}${c.after.decision ? ` (${c.after.decision})` : ''}` : '–';
      io.out(`${c.change}\t${cell(c.sourceLabel)} → ${cell(c.targetLabel)}\t${was} → ${now}\n`);
    }
    return 0;
  } finally {
    store.value.close();
  }
}

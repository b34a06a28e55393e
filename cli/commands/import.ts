import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { existsSync, statSync } from 'node:fs';
import type { Io } from '../io';
import { openStore } from '../store-arg';
import { importFiles } from '../../lib/app/import';
import { gapMessage } from '../../lib/model';
import { fileKind, notRegularMessage } from '../../lib/sources/regular-file';
import type { StagedStdin } from '../../lib/sources/stdin';
import { stageStdin } from '../../lib/sources/stdin';
import { cell } from '../terminal';

const USAGE = `usage: rolechain import <file or folder or ->… [--store PATH] [--format text|json]

Reads get-account-authorization-details JSON (one per account), list-roles JSON (each role's
MaxSessionDuration, which authorization details lack), the other IAM/S3/EC2/Organizations CLI
outputs, and CloudTrail logs (.json, .json.gz, JSON lines, LookupEvents responses, or whole
AWSLogs/… trees). IAM data becomes a new snapshot (same accounts replaced, others kept); events are
added without duplicates. Everything lands in one transaction, or nothing does. \`-\` reads standard
input (up to 256 MiB); only regular files and folders are read, never FIFOs or devices.
`;

export async function run(args: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        store: { type: 'string' },
        format: { type: 'string', default: 'text' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    io.err(`rolechain import: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  if (positionals.length === 0) {
    io.err(`rolechain import: give at least one file or folder\n${USAGE}`);
    return 2;
  }
  if (values.format !== 'text' && values.format !== 'json') {
    io.err(`rolechain import: --format is text or json, not '${values.format}'\n`);
    return 2;
  }
  const paths = positionals.filter((p) => p !== '-').map((p) => resolve(io.cwd, p));
  const missing = paths.filter((p) => !existsSync(p));
  if (missing.length > 0) {
    io.err(`rolechain import: not found: ${missing.join(', ')}\n`);
    return 2;
  }
  for (const p of paths) {
    const st = statSync(p);
    if (!st.isFile() && !st.isDirectory()) {
      io.err(`rolechain import: ${cell(p)}: ${notRegularMessage(fileKind(st))}\n`);
      return 2;
    }
  }
  let stdin: StagedStdin | undefined;
  if (positionals.includes('-')) {
    const staged = await stageStdin(io.stdin);
    if (!staged.ok) {
      io.err(`rolechain import: ${staged.error.message}\n`);
      return 2;
    }
    stdin = staged.value;
    paths.push(stdin.path);
  }
  try {
    return await importPaths(paths, values.store, values.format, io);
  } catch (e) {
    // An unexpected failure is a message and exit 2, never a stack trace.
    io.err(`rolechain import: ${cell(e instanceof Error ? e.message : String(e))}\n`);
    return 2;
  } finally {
    await stdin?.cleanup();
  }
}

async function importPaths(
  paths: string[],
  storeArg: string | undefined,
  format: string,
  io: Io,
): Promise<number> {
  const store = openStore(storeArg, io.env, io.cwd);
  if (!store.ok) {
    io.err(`rolechain import: ${store.error.message}\n`);
    return 2;
  }
  try {
    let lastPhase = '';
    const r = await importFiles(store.value, paths, {
      onProgress: (p) => {
        if (p.phase !== lastPhase) io.err(`${p.phase}…\n`);
        lastPhase = p.phase;
      },
    });
    if (format === 'json') {
      io.out(JSON.stringify(r) + '\n');
    } else {
      io.out(
        `read ${r.stats.files} files, ${r.stats.records} CloudTrail records (${r.stats.chainEvents} role-chain events)\n` +
          (r.snapshotId !== undefined
            ? `stored snapshot #${r.snapshotId}\n`
            : 'no IAM data in these files: snapshot unchanged\n') +
          `events: ${r.events.inserted} added, ${r.events.duplicates} already stored\n`,
      );
      for (const w of r.warnings) io.out(`warning: ${cell(w.source)}: ${cell(w.message)}\n`);
      // What the stored snapshot holds that is stale or was never read: no verdict covers it.
      for (const g of r.gaps) io.out(`not read: ${cell(gapMessage(g))}\n`);
    }
    return 0;
  } finally {
    store.value.close();
  }
}

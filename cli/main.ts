/**
 * `rolechain <command> [options]`. Each command is one file in `./commands/` exporting
 * `run(args: string[], io: Io): Promise<number>` and `summary: string`.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Io } from './io';
import { processIo } from './io';

const COMMANDS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'commands');

interface Command {
  summary: string;
  run(args: string[], io: Io): Promise<number>;
}

function commandNames(): string[] {
  return readdirSync(COMMANDS_DIR)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => f.slice(0, -3))
    .sort();
}

async function usage(io: Io): Promise<void> {
  const lines = ['usage: rolechain <command> [options]', '', 'commands:'];
  for (const name of commandNames()) {
    const cmd = (await import(join(COMMANDS_DIR, `${name}.ts`))) as Command;
    lines.push(`  ${name.padEnd(10)} ${cmd.summary}`);
  }
  lines.push('', 'rolechain <command> --help for its options');
  io.out(lines.join('\n') + '\n');
}

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    await usage(io);
    return name === undefined ? 2 : 0;
  }
  if (!commandNames().includes(name)) {
    io.err(`rolechain: unknown command '${name}'\n`);
    await usage(io);
    return 2;
  }
  const cmd = (await import(join(COMMANDS_DIR, `${name}.ts`))) as Command;
  return cmd.run(rest, io);
}

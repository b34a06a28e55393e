/**
 * `rolechain <command> [options]`. Each command is one file in `./commands/` exporting
 * `run(args: string[], io: Io): Promise<number>`, listed with its summary in `./commands/index.ts`.
 */
import type { Io } from './io';
import { processIo } from './io';
import { COMMANDS } from './commands/index';

function usage(io: Io): void {
  const lines = ['usage: rolechain <command> [options]', '', 'commands:'];
  for (const [name, cmd] of Object.entries(COMMANDS)) lines.push(`  ${name.padEnd(10)} ${cmd.summary}`);
  lines.push('', 'rolechain <command> --help for its options');
  io.out(lines.join('\n') + '\n');
}

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    usage(io);
    return name === undefined ? 2 : 0;
  }
  const cmd = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (cmd === undefined) {
    io.err(`rolechain: unknown command '${name}'\n`);
    usage(io);
    return 2;
  }
  return (await cmd.load()).run(rest, io);
}

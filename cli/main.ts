/**
 * `rolechain <command> [options]`. Each command is one file in `./commands/` exporting
 * `run(args: string[], io: Io): Promise<number>`, listed with its summary in `./commands/index.ts`.
 */
import type { Io } from './io';
import { processIo } from './io';
import { COMMANDS } from './commands/index';
import type { CommandName } from './usage';
import { usageText } from './usage';

function usage(io: Io): void {
  io.out(usageText());
}

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    usage(io);
    return name === undefined ? 2 : 0;
  }
  const cmd = Object.hasOwn(COMMANDS, name) ? COMMANDS[name as CommandName] : undefined;
  if (cmd === undefined) {
    io.err(`rolechain: unknown command '${name}'\n`);
    usage(io);
    return 2;
  }
  return (await cmd.load()).run(rest, io);
}

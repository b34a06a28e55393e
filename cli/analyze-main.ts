/**
 * `rolechain analyze` as a process runs it from the compiled package: the entry of dist/cli/analyze.cjs,
 * a CommonJS bundle of the command alone (zod, the engine, the readers and the findings with it) that
 * cli/compiled-command.ts loads with V8's code cache. It does what cli/bin.ts does for every other
 * command (a quiet end when the reader leaves) and runs it, with zod's code generation off
 * (./zod-jitless.ts); the command itself is cli/commands/analyze.ts, unchanged.
 */
// First: before any schema is made (see the file).
import './zod-jitless';
import { processIo, quietWhenReaderLeaves } from './io';
import { run } from './commands/analyze';

export async function main(args: string[]): Promise<number> {
  quietWhenReaderLeaves();
  return run(args, processIo);
}

/**
 * `rolechain simulate` as a process runs it from the compiled package: the entry of dist/cli/simulate.cjs,
 * a CommonJS bundle of the command alone that cli/compiled-simulate.ts loads with V8's code cache.
 * It does what cli/bin.ts does for every other command (a quiet end when the reader leaves) and runs it.
 * Lines that are not well formed are checked by the zod schema of the ES module bundle, loaded then.
 */
import { processIo, quietWhenReaderLeaves } from '../io';
import { run, schemaSource } from '../commands/simulate';
import type * as CaseModule from './case';

/** `loadSchema`: the zod schema of a line, from the ES module bundle (not bundled here, see schemaSource). */
export async function main(args: string[], loadSchema: () => Promise<typeof CaseModule>): Promise<number> {
  schemaSource.load = loadSchema;
  quietWhenReaderLeaves();
  return run(args, processIo);
}

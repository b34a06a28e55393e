/**
 * The process entry of `rolechain` (bundled to dist/cli/rolechain.mjs; bin/rolechain.mjs loads it).
 * Commands that default to the embedded demo read the package's own demo/, wherever the command is
 * run from, unless ROLECHAIN_DEMO_DIR says otherwise.
 */
import './v8-tuning';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isCompiledCommand, runCompiledCommand } from './compiled-command';
import { runCompiledSimulate } from './compiled-simulate';
import { quietWhenReaderLeaves } from './io';
import { main } from './main';
import { packageRoot } from './package-root';

const [command, ...rest] = process.argv.slice(2);
const here = dirname(fileURLToPath(import.meta.url));
process.env.ROLECHAIN_DEMO_DIR ??= join(packageRoot(), 'demo');
// `simulate` and `analyze` from their own compiled bundles and V8 code caches when the build made them
// (./compiled-simulate.ts, ./compiled-command.ts).
const compiled =
  command === 'simulate'
    ? await runCompiledSimulate(here, rest, () => import('./simulate/case'))
    : isCompiledCommand(command)
      ? await runCompiledCommand(here, command, rest)
      : undefined;
if (compiled !== undefined) process.exitCode = compiled;
else {
  quietWhenReaderLeaves();
  process.exitCode = await main(process.argv.slice(2));
}

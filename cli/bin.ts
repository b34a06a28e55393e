/**
 * The process entry of `rolechain` (bundled to dist/cli/rolechain.mjs; bin/rolechain.mjs loads it).
 * Commands that default to the embedded demo read the package's own demo/, wherever the command is
 * run from, unless ROLECHAIN_DEMO_DIR says otherwise.
 */
import { join } from 'node:path';
import { quietWhenReaderLeaves } from './io';
import { main } from './main';
import { packageRoot } from './package-root';

quietWhenReaderLeaves();
process.env.ROLECHAIN_DEMO_DIR ??= join(packageRoot(), 'demo');
process.exitCode = await main(process.argv.slice(2));

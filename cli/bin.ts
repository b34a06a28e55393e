/**
 * The process entry of `rolechain` (bundled to dist/cli/rolechain.mjs; bin/rolechain.mjs loads it).
 * Commands that default to the embedded demo read the package's own demo/, wherever the command is
 * run from, unless ROLECHAIN_DEMO_DIR says otherwise.
 */
import './v8-tuning';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCompiledSimulate } from './compiled-simulate';
import { quietWhenReaderLeaves } from './io';
import { main } from './main';
import { packageRoot } from './package-root';

const [command, ...rest] = process.argv.slice(2);
// `simulate` from its own compiled bundle and V8 code cache when the build made them (./compiled-simulate.ts).
const compiled =
  command === 'simulate'
    ? await runCompiledSimulate(
        dirname(fileURLToPath(import.meta.url)),
        rest,
        () => import('./simulate/case'),
      )
    : undefined;
if (compiled !== undefined) process.exitCode = compiled;
else {
  quietWhenReaderLeaves();
  process.env.ROLECHAIN_DEMO_DIR ??= join(packageRoot(), 'demo');
  process.exitCode = await main(process.argv.slice(2));
}

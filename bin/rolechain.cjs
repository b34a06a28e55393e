#!/usr/bin/env node
// The `rolechain` command (package.json's bin). CommonJS on purpose: `rolechain`, `rolechain --help`
// print the compiled usage text (dist/cli/usage.cjs, one small file that requires nothing) and exit
// before Node's ES module loader starts, which would cost more than the rest of --help; nothing else
// is required on that path (no fs, no path: the relative require finds the file or throws). Every
// command goes on to bin/rolechain.mjs, which runs the compiled bundle (or, in a checkout without
// it, the sources through tsx).
'use strict';
const arg = process.argv[2];
let usage;
if (
  (arg === undefined || arg === '--help' || arg === '-h' || arg === 'help') &&
  process.env.ROLECHAIN_CLI_FROM_SOURCE !== '1'
) {
  try {
    usage = require('../dist/cli/usage.cjs').usageText();
  } catch (e) {
    // Not built (a checkout before `npm run build:cli`): main prints the same text from the sources.
    if (e === null || typeof e !== 'object' || e.code !== 'MODULE_NOT_FOUND') throw e;
  }
}
if (usage !== undefined) {
  process.stdout.write(usage);
  process.exitCode = arg === undefined ? 2 : 0;
} else {
  import('./rolechain.mjs').catch((e) => {
    process.stderr.write(`rolechain: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exitCode = 1;
  });
}

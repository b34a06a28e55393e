#!/usr/bin/env node
// The `rolechain` command (package.json's bin). CommonJS on purpose: `rolechain`, `rolechain --help`
// print the compiled usage text (dist/cli/usage.cjs) and exit before Node's ES module loader starts,
// which would cost more than the rest of --help; every command goes on to bin/rolechain.mjs, which
// runs the compiled bundle (or, in a checkout without it, the sources through tsx).
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const arg = process.argv[2];
const usage = join(__dirname, '..', 'dist', 'cli', 'usage.cjs');
if (
  (arg === undefined || arg === '--help' || arg === '-h' || arg === 'help') &&
  process.env.ROLECHAIN_CLI_FROM_SOURCE !== '1' &&
  existsSync(usage)
) {
  process.stdout.write(require(usage).usageText());
  process.exitCode = arg === undefined ? 2 : 0;
} else {
  import('./rolechain.mjs').catch((e) => {
    process.stderr.write(`rolechain: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exitCode = 1;
  });
}

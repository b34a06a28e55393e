#!/usr/bin/env node
// The `rolechain` command: runs the compiled bundle that `npm run build` (or `npm run build:cli`)
// writes to dist/cli/. In a checkout without it, or with ROLECHAIN_CLI_FROM_SOURCE=1 (the unit tests
// set it, so they run the sources as they are), it runs the TypeScript sources through tsx instead,
// a development dependency that an installed package does not have.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/cli/rolechain.mjs', import.meta.url);
if (process.env.ROLECHAIN_CLI_FROM_SOURCE !== '1' && existsSync(bundle)) {
  await import(bundle.href);
} else {
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    process.stderr.write(
      'rolechain: the compiled CLI (dist/cli/rolechain.mjs) is missing and tsx is not installed to run the sources; run `npm run build:cli` in the checkout\n',
    );
    process.exit(2);
  }
  if (process.env.ROLECHAIN_CLI_FROM_SOURCE !== '1')
    process.stderr.write(
      'rolechain: no compiled CLI (dist/cli/rolechain.mjs); running the sources through tsx (slower start). `npm run build:cli` builds it.\n',
    );
  register();
  await import('../cli/bin.ts');
}

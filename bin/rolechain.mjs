#!/usr/bin/env node
// The `rolechain` command: runs the TypeScript CLI through tsx, so the CLI and the dashboard share one source tree.
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));

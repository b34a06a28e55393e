// Node 20's `--test` does not expand globs: find every *.test.ts outside node_modules and run them in one node:test run.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const ROOTS = ['lib', 'cli', 'scripts', 'components', 'app', 'bench', 'test'];
const SKIP = new Set(['node_modules', '.next', 'data']);

function find(dir, out) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    if (SKIP.has(e.name)) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) find(p, out);
    else if (e.name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

// The CLI spawned by tests (bin/rolechain.mjs) runs these sources, not a bundle built earlier.
process.env.ROLECHAIN_CLI_FROM_SOURCE = '1';
const only = process.argv.slice(2);
const files = only.length > 0 ? only : ROOTS.flatMap((r) => find(r, [])).sort();
if (files.length === 0) {
  console.error('test-unit: no *.test.ts files found');
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
  stdio: 'inherit',
});
process.exit(r.status ?? 1);

/**
 * The `rolechain` command as the benches run it: the compiled bundle `dist/cli/rolechain.mjs` when the
 * build has made it (what users run), otherwise a bundle of the commands measured, made here with
 * esbuild the same way (no tsx at run time). `label` says which one a figure is for.
 */
import { build } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './process-cpu';

export interface Cli {
  /** `node` arguments before the command's own: the bundle's path. */
  args: string[];
  label: string;
}

const DIST = join(ROOT, 'dist', 'cli', 'rolechain.mjs');
const FALLBACK = join(ROOT, '.bench-build', 'rolechain-bench-cli.mjs');

/** Dependencies left to node_modules: native, or too large to be worth bundling for a bench. */
function externals(): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  return Object.keys(pkg.dependencies ?? {})
    .filter((d) => d !== 'zod')
    .flatMap((d) => [d, `${d}/*`]);
}

export async function cliBundle(): Promise<Cli> {
  if (existsSync(DIST)) return { args: [DIST], label: 'dist/cli/rolechain.mjs' };
  await build({
    stdin: {
      contents: `import './cli/v8-tuning';
import { processIo } from './cli/io';
const [name, ...rest] = process.argv.slice(2);
const cmd = name === 'simulate' ? await import('./cli/commands/simulate') : await import('./cli/commands/analyze');
process.exitCode = await cmd.run(rest, processIo);`,
      resolveDir: ROOT,
      loader: 'ts',
      sourcefile: 'bench-cli.ts',
    },
    outfile: FALLBACK,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: externals(),
    logLevel: 'warning',
  });
  return { args: [FALLBACK], label: 'bench bundle of simulate and analyze (esbuild)' };
}

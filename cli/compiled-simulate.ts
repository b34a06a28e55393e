/**
 * Runs `rolechain simulate` from dist/cli/simulate.cjs, a CommonJS bundle of that command alone, compiled
 * with the V8 code cache that `npm run build:cli` made beside it (simulate.cjs.cache). Why: `simulate` is
 * the command a CI job runs many times over small inputs, so its start is most of its cost; with the
 * cache, V8 neither parses the bundle nor compiles the engine's functions as they are first called (the
 * cache holds those compiled on a warm-up run at build time). Node 20 has no compile cache of its own
 * (`module.enableCompileCache` came in Node 22) and none for ES modules, hence CommonJS and `vm.Script`.
 *
 * The cache is only an accelerator: V8 checks it against its version, its flags (those that
 * cli/v8-tuning.ts sets included, so it runs before the cache is made and read) and the source, and
 * compiles the source as usual when it does not fit (another Node, a changed file, a missing cache).
 * Without simulate.cjs (the sources run through tsx) the command runs the usual way (cli/main.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Script } from 'node:vm';
import type * as CaseModule from './simulate/case';

export const SIMULATE_BUNDLE = 'simulate.cjs';
export const SIMULATE_CODE_CACHE = 'simulate.cjs.cache';

/** Set by the build (scripts/build-cli.mjs) only: after the run, write the code cache to this path. */
const WRITE_CACHE = 'ROLECHAIN_WRITE_CODE_CACHE';

/** The bundle's source as the function CommonJS wraps a module in: what V8 compiles, and what the cache is for. */
export const wrapCommonJs = (source: string): string =>
  `(function (exports, require, module, __filename, __dirname) {${source}\n})`;

function read(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/**
 * Runs the compiled `simulate` with `args` from `dir` (dist/cli); its exit status, or undefined when
 * there is no compiled bundle there. `loadSchema`: the zod schema of a line, for lines not well formed.
 */
export async function runCompiledSimulate(
  dir: string,
  args: string[],
  loadSchema: () => Promise<typeof CaseModule>,
): Promise<number | undefined> {
  const file = join(dir, SIMULATE_BUNDLE);
  const source = read(file);
  if (source === undefined) return undefined;
  const script = new Script(wrapCommonJs(source.toString('utf8')), {
    filename: file,
    cachedData: read(join(dir, SIMULATE_CODE_CACHE)),
  });
  const module = {
    exports: {} as { main?: (a: string[], l: typeof loadSchema) => Promise<number> },
  };
  (script.runInThisContext() as (...a: unknown[]) => void)(
    module.exports,
    createRequire(file),
    module,
    file,
    dir,
  );
  const main = module.exports.main;
  if (typeof main !== 'function') throw new Error(`rolechain: ${file} exports no main`);
  const code = await main(args, loadSchema);
  const cacheOut = process.env[WRITE_CACHE];
  if (cacheOut) writeFileSync(cacheOut, script.createCachedData());
  return code;
}

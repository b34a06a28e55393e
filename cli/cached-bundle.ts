/**
 * Runs a command's CommonJS bundle (dist/cli/<name>.cjs) compiled with the V8 code cache that
 * `npm run build:cli` made beside it (<name>.cjs.cache) on a warm-up run. Why: Node 20 has no compile
 * cache of its own (`module.enableCompileCache` came in Node 22) and none for ES modules, so without it
 * every start parses the command's code and compiles each function as it is first called; with it V8
 * does neither for what the warm-up ran. Shared by `simulate` (./compiled-simulate.ts) and the commands
 * bundled whole (./compiled-command.ts), which differ only in what their bundle's `main` takes.
 *
 * The cache is only an accelerator: V8 checks it against its version, its flags (those that
 * cli/v8-tuning.ts sets included, so it runs before the cache is made and read) and the source, and
 * compiles the source as usual when it does not fit (another Node, a changed file, a missing cache).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Script } from 'node:vm';

/** Set by the build (scripts/build-cli.mjs) only: after the run, write the code cache to this path. */
const WRITE_CACHE = 'ROLECHAIN_WRITE_CODE_CACHE';

/** The code cache's file beside a bundle. */
export const codeCacheOf = (bundle: string): string => `${bundle}.cache`;

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
 * Loads `bundle` from `dir` with its code cache and hands its exported `main` to `call`; the exit status
 * `call` gives, or undefined when there is no such bundle there (the caller then runs the sources).
 */
export async function runCachedBundle<Main>(
  dir: string,
  bundle: string,
  call: (main: Main) => Promise<number>,
): Promise<number | undefined> {
  const file = join(dir, bundle);
  const source = read(file);
  if (source === undefined) return undefined;
  const script = new Script(wrapCommonJs(source.toString('utf8')), {
    filename: file,
    cachedData: read(join(dir, codeCacheOf(bundle))),
  });
  const module = { exports: {} as { main?: unknown } };
  (script.runInThisContext() as (...a: unknown[]) => void)(
    module.exports,
    createRequire(file),
    module,
    file,
    dir,
  );
  const main = module.exports.main;
  if (typeof main !== 'function') throw new Error(`rolechain: ${file} exports no main`);
  const code = await call(main as Main);
  const cacheOut = process.env[WRITE_CACHE];
  if (cacheOut) writeFileSync(cacheOut, script.createCachedData());
  return code;
}

/**
 * Runs a command from a CommonJS bundle of that command alone (dist/cli/<name>.cjs), compiled with the
 * V8 code cache that `npm run build:cli` made beside it (<name>.cjs.cache) on a warm-up run. Why: Node 20
 * has no compile cache of its own (`module.enableCompileCache` came in Node 22) and none for ES modules,
 * so every start parsed the command's chunks and compiled each function as it was first called (for
 * `analyze` of the demo, 60-120 ms of its main thread; zod's schemas, the policy engine, the readers and
 * the findings). With the cache V8 does neither for what the warm-up ran. `simulate` has its own loader
 * (./compiled-simulate.ts: its bundle leaves zod out); this one is for bundles that carry everything.
 *
 * The cache is only an accelerator: V8 checks it against its version, its flags (those that
 * cli/v8-tuning.ts sets included, so it runs before the cache is made and read) and the source, and
 * compiles the source as usual when it does not fit (another Node, a changed file, a missing cache).
 * Without the bundle (the sources run through tsx) the command runs the usual way (cli/main.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { wrapCommonJs } from './compiled-simulate';

/** The commands built so (scripts/build-cli.mjs builds `cli/<name>-main.ts` into `<name>.cjs`). */
export const COMPILED_COMMANDS = ['analyze'] as const;
export type CompiledCommand = (typeof COMPILED_COMMANDS)[number];

export const bundleFile = (name: CompiledCommand): string => `${name}.cjs`;
export const cacheFile = (name: CompiledCommand): string => `${name}.cjs.cache`;

/** Set by the build (scripts/build-cli.mjs) only: after the run, write the code cache to this path. */
const WRITE_CACHE = 'ROLECHAIN_WRITE_CODE_CACHE';

function read(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

export const isCompiledCommand = (name: string | undefined): name is CompiledCommand =>
  (COMPILED_COMMANDS as readonly string[]).includes(name ?? '');

/**
 * Runs the compiled command `name` with `args` from `dir` (dist/cli); its exit status, or undefined when
 * there is no compiled bundle there.
 */
export async function runCompiledCommand(
  dir: string,
  name: CompiledCommand,
  args: string[],
): Promise<number | undefined> {
  const file = join(dir, bundleFile(name));
  const source = read(file);
  if (source === undefined) return undefined;
  const script = new Script(wrapCommonJs(source.toString('utf8')), {
    filename: file,
    cachedData: read(join(dir, cacheFile(name))),
  });
  const module = { exports: {} as { main?: (a: string[]) => Promise<number> } };
  (script.runInThisContext() as (...a: unknown[]) => void)(
    module.exports,
    createRequire(file),
    module,
    file,
    dir,
  );
  const main = module.exports.main;
  if (typeof main !== 'function') throw new Error(`rolechain: ${file} exports no main`);
  const code = await main(args);
  const cacheOut = process.env[WRITE_CACHE];
  if (cacheOut) writeFileSync(cacheOut, script.createCachedData());
  return code;
}

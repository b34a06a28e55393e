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
 * compiles the source as usual when it does not fit (another Node, a changed file, a missing cache);
 * the loading is ./cached-bundle.ts's. Without the bundle (the sources run through tsx) the command runs the usual way (cli/main.ts).
 */
import { codeCacheOf, runCachedBundle } from './cached-bundle';

/** The commands built so (scripts/build-cli.mjs builds `cli/<name>-main.ts` into `<name>.cjs`). */
export const COMPILED_COMMANDS = ['analyze'] as const;
export type CompiledCommand = (typeof COMPILED_COMMANDS)[number];

export const bundleFile = (name: CompiledCommand): string => `${name}.cjs`;
export const cacheFile = (name: CompiledCommand): string => codeCacheOf(bundleFile(name));

export const isCompiledCommand = (name: string | undefined): name is CompiledCommand =>
  (COMPILED_COMMANDS as readonly string[]).includes(name ?? '');

/**
 * Runs the compiled command `name` with `args` from `dir` (dist/cli); its exit status, or undefined when
 * there is no compiled bundle there.
 */
export function runCompiledCommand(
  dir: string,
  name: CompiledCommand,
  args: string[],
): Promise<number | undefined> {
  return runCachedBundle<(a: string[]) => Promise<number>>(dir, bundleFile(name), (main) => main(args));
}

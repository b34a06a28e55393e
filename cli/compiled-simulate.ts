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
 * compiles the source as usual when it does not fit (another Node, a changed file, a missing cache);
 * the loading is ./cached-bundle.ts's. Without simulate.cjs (the sources run through tsx) the command runs the usual way (cli/main.ts).
 */
import type * as CaseModule from './simulate/case';
import { codeCacheOf, runCachedBundle } from './cached-bundle';

export { wrapCommonJs } from './cached-bundle';
export const SIMULATE_BUNDLE = 'simulate.cjs';
export const SIMULATE_CODE_CACHE = codeCacheOf(SIMULATE_BUNDLE);

type LoadSchema = () => Promise<typeof CaseModule>;

/**
 * Runs the compiled `simulate` with `args` from `dir` (dist/cli); its exit status, or undefined when
 * there is no compiled bundle there. `loadSchema`: the zod schema of a line, for lines not well formed.
 */
export function runCompiledSimulate(
  dir: string,
  args: string[],
  loadSchema: LoadSchema,
): Promise<number | undefined> {
  return runCachedBundle<(a: string[], l: LoadSchema) => Promise<number>>(dir, SIMULATE_BUNDLE, (main) =>
    main(args, loadSchema),
  );
}

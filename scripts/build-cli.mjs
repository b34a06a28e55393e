// `npm run build:cli`: compiles the command-line tool into dist/cli/rolechain.mjs (ES module, Node 20)
// and its usage text into dist/cli/usage.cjs (see bin/rolechain.cjs),
// so `rolechain` starts without TypeScript or tsx. Each command is a chunk of its own beside it, loaded
// only when that command runs (cli/commands/index.ts), so `rolechain --help` loads almost nothing.
// Packages from node_modules stay imports (they are the package's dependencies, installed with it;
// better-sqlite3 is native and cannot be bundled), except zod (see externals). Plain JavaScript: it
// must run before anything is built.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CLI_OUT_DIR = join(ROOT, 'dist/cli');

/**
 * The packages the bundle leaves to node_modules: every runtime dependency but zod. Zod is bundled:
 * from node_modules it is about a hundred ES modules to resolve and load (`import('zod')` alone cost
 * 0.15 CPU-s over a bare `node -e 0` here); bundled, `analyze` starts about 0.06 CPU-s sooner. Its MIT
 * licence ships beside the chunk (zod.LICENSE).
 */
function externals() {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  return Object.keys(pkg.dependencies ?? {})
    .filter((d) => d !== 'zod')
    .flatMap((d) => [d, `${d}/*`]);
}

/**
 * Zod's translations of its error messages into other languages (`z.locales`, `z.core.locales`):
 * about half of the bundled zod (370 KB of 755 KB), parsed by every command that loads zod, and
 * used by none (Rolechain's messages are English; zod's English messages come from
 * `locales/en.js`, imported directly and kept). The namespace is bundled empty instead.
 */
const noZodLocales = {
  name: 'no-zod-locales',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer)
        ? { path: 'zod-locales', namespace: 'no-zod-locales' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'no-zod-locales' }, () => ({ contents: 'export {};', loader: 'js' }));
  },
};

export const SIMULATE_BUNDLE = 'simulate.cjs';
const SIMULATE_CODE_CACHE = 'simulate.cjs.cache';

/**
 * Writes the V8 code cache of dist/cli/simulate.cjs: runs the built command, as users run it, on
 * sample lines of trust and identity checks (cli/simulate/warm-up.jsonl), so the cache holds the
 * engine's functions compiled as well as the bundle's top level. A cache that does not fit the Node
 * that runs it later is ignored by V8 (see cli/compiled-simulate.ts).
 */
function makeSimulateCodeCache(outDir) {
  const cache = join(outDir, SIMULATE_CODE_CACHE);
  const r = spawnSync(
    process.execPath,
    [join(outDir, 'rolechain.mjs'), 'simulate', join(ROOT, 'cli/simulate/warm-up.jsonl')],
    {
      env: { ...process.env, ROLECHAIN_WRITE_CODE_CACHE: cache },
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
    },
  );
  if (r.status !== 0 || !existsSync(cache))
    throw new Error(`build:cli: the simulate code cache was not made: ${r.stderr || `exit ${r.status}`}`);
}

/**
 * The commands that run from a CommonJS bundle of their own with a V8 code cache (cli/compiled-command.ts):
 * `cli/<name>-main.ts` built into `<name>.cjs`, and the arguments of the warm-up run that makes its cache
 * (`analyze` of the package's demo: the IAM readers, zod's schemas, the CloudTrail scan, the graph,
 * every rule and the fixes' re-checks run in it).
 */
const COMPILED_COMMANDS = { analyze: ['analyze', '--format', 'json'] };

/**
 * In CommonJS, `import.meta` is empty: its two uses in the commands (the trail worker found beside the
 * bundle, cli/commands/analyze.ts; parent-watch.cjs, cli/supervise.ts) are given the bundle's own file
 * and folder instead, which sit where the ES module chunks do (dist/cli).
 */
const IMPORT_META_IN_CJS = {
  define: { 'import.meta.url': '__rolechainFileUrl', 'import.meta.dirname': '__dirname' },
  banner: { js: "var __rolechainFileUrl = require('node:url').pathToFileURL(__filename).href;" },
};

/** Writes the V8 code cache of dist/cli/<name>.cjs on a warm-up run of the built command (see makeSimulateCodeCache). */
function makeCommandCodeCache(outDir, name, args) {
  const cache = join(outDir, `${name}.cjs.cache`);
  const r = spawnSync(process.execPath, [join(outDir, 'rolechain.mjs'), ...args], {
    env: { ...process.env, ROLECHAIN_WRITE_CODE_CACHE: cache, ROLECHAIN_DEMO_DIR: join(ROOT, 'demo') },
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  if ((r.status !== 0 && r.status !== 1) || !existsSync(cache))
    throw new Error(`build:cli: the ${name} code cache was not made: ${r.stderr || `exit ${r.status}`}`);
}

/**
 * In the CommonJS simulate bundle, the zod schema of a line is not bundled: cli/simulate/process-main.ts
 * is given the ES module bundle's (see `schemaSource` in cli/commands/simulate.ts). Bundled, zod made
 * the file five times larger and its cache slower to read than compiling the rest.
 */
const schemaGiven = {
  name: 'schema-given',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/simulate\/case$/ }, (args) =>
      /[\\/]cli[\\/]commands[\\/]simulate\.ts$/.test(args.importer)
        ? { path: 'schema-given', namespace: 'schema-given' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'schema-given' }, () => ({
      contents: "export function checkCase() { throw new Error('rolechain: no schema given to simulate'); }",
      loader: 'js',
    }));
  },
};

/**
 * Builds the CLI into `outDir` (default dist/cli; tests build elsewhere, two folders below the
 * package root as dist/cli is, so that the bundle finds the package from where it sits) and returns
 * esbuild's metafile, which says what each output file imports.
 */
export async function buildCli({ outDir = CLI_OUT_DIR, quiet = false } = {}) {
  const started = performance.now();
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const result = await build({
    absWorkingDir: ROOT,
    // Workers ride along, as Next and the CLI do not bundle worker entry points: the one that reads
    // gzipped CloudTrail files beside the main thread (lib/sources/trail-pool.ts) and the dashboard's
    // analysis worker (lib/server/analysis-runner.ts); dist/cli ships in the package.
    entryPoints: {
      rolechain: 'cli/bin.ts',
      'trail-worker': 'lib/sources/trail-worker.ts',
      'analysis-worker': 'lib/server/analysis-worker.ts',
    },
    outdir: outDir,
    metafile: true,
    outExtension: { '.js': '.mjs' },
    // Flat: chunks sit beside the entry, so `import.meta.dirname` is dist/cli in all of them
    // (cli/supervise.ts finds parent-watch.cjs there; serve finds the package root two levels up).
    chunkNames: '[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.9',
    external: externals(),
    plugins: [noZodLocales],
    legalComments: 'none',
    logLevel: 'warning',
  });
  // What `rolechain --help` prints, alone and as CommonJS: bin/rolechain.cjs prints it without starting
  // Node's ES module loader, which costs more than everything else --help does.
  await build({
    absWorkingDir: ROOT,
    entryPoints: ['cli/usage.ts'],
    outfile: join(outDir, 'usage.cjs'),
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20.9',
    legalComments: 'none',
    logLevel: 'warning',
  });
  // `rolechain simulate` alone as CommonJS, loaded with a V8 code cache (cli/compiled-simulate.ts), and
  // the cache, made by a warm-up run of it on sample lines.
  await build({
    absWorkingDir: ROOT,
    entryPoints: ['cli/simulate/process-main.ts'],
    outfile: join(outDir, SIMULATE_BUNDLE),
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20.9',
    external: externals(),
    plugins: [schemaGiven],
    legalComments: 'none',
    logLevel: 'warning',
  });
  makeSimulateCodeCache(outDir);
  for (const [name, args] of Object.entries(COMPILED_COMMANDS)) {
    await build({
      absWorkingDir: ROOT,
      entryPoints: [`cli/${name}-main.ts`],
      outfile: join(outDir, `${name}.cjs`),
      bundle: true,
      format: 'cjs',
      platform: 'node',
      target: 'node20.9',
      external: externals(),
      plugins: [noZodLocales],
      ...IMPORT_META_IN_CJS,
      legalComments: 'none',
      logLevel: 'warning',
    });
    makeCommandCodeCache(outDir, name, args);
  }
  // Preloaded into the dashboard's server process by `rolechain serve` (node --require), so it stays a file.
  copyFileSync(join(ROOT, 'cli/parent-watch.cjs'), join(outDir, 'parent-watch.cjs'));
  copyFileSync(join(ROOT, 'node_modules/zod/LICENSE'), join(outDir, 'zod.LICENSE'));
  if (!quiet)
    process.stderr.write(
      `build:cli: ${join(outDir, 'rolechain.mjs')} in ${Math.round(performance.now() - started)} ms\n`,
    );
  return result.metafile;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildCli();

/**
 * The V8 heap settings of a LARGE estate's analysis, one place for every process that runs one:
 * `rolechain analyze` (cli/analysis-process.ts re-runs itself with `analysisNodeFlags()`), the
 * dashboard's analysis worker (lib/server/analysis-runner.ts starts it with `analysisWorkerLimits()`),
 * and the benches that measure them (bench/org-scale.bench.ts, bench/org-serve.bench.ts).
 *
 * Why a larger young generation: the analysis allocates gigabytes, most of it short-lived (parsing,
 * policy evaluation) beside a graph that lives to the end. With V8's default semi-space (16 MiB) a
 * 200,000-role analysis ran about a thousand scavenges, a fifth of its CPU time; each scavenge also
 * pays for the old generation's pointers into the young one, which grow with the estate, so fewer,
 * larger scavenges pay off more the larger the estate. On a small estate they do not: the larger
 * nursery is fresh memory to fault in and has worse locality, and a 10,000-role analysis cost MORE CPU
 * with it (docs/scale.md, tenth session). Hence a threshold, below which nothing changes.
 *
 * Where it cannot go: `v8.setFlagsFromString('--max-semi-space-size=…')` at run time has no effect (the
 * young generation is sized when the heap is made), so it is a process flag (a child process) or a
 * Worker's `resourceLimits.maxYoungGenerationSizeMb`. V8's young generation is three semi-spaces (two
 * semi-spaces and the new large-object space, `Heap::YoungGenerationSizeFromSemiSpaceSize`), so
 * Node's `maxYoungGenerationSizeMb` is three times the semi-space; measured on Node 20: a worker given
 * 192 has the same `heap_size_limit` (4,288 MiB) as `node --max-semi-space-size=64`, and without
 * resource limits a worker's old generation is the main thread's (4,096 MiB; `--max-old-space-size`
 * raises both). A flag the user gives (`--max-semi-space-size` in NODE_OPTIONS) wins over both.
 *
 * The young generation counts in `heap_size_limit` (4,144 MiB by default = 4,096 old + 3 × 16), which
 * the capacity check (./capacity.ts) compares its estimate with: 64 MiB semi-spaces add 144 MiB there.
 */
import type { ResourceLimits } from 'node:worker_threads';
import { isMainThread, resourceLimits as ownLimits } from 'node:worker_threads';

/** The semi-space of a large estate's analysis, MiB (V8's default on a 64-bit machine: 16). */
export const ANALYSIS_SEMI_SPACE_MIB = 64;

/** The young generation that semi-space makes, MiB: what a Worker's `maxYoungGenerationSizeMb` takes. */
export const ANALYSIS_YOUNG_GENERATION_MIB = 3 * ANALYSIS_SEMI_SPACE_MIB;

/**
 * From this many roles and users an analysis gets the larger young generation (measured: at 41,000
 * roles it breaks even, at 100,000 it saves CPU, at 10,000 it costs CPU; docs/scale.md).
 */
export const ANALYSIS_HEAP_MIN_PRINCIPALS = 50_000;

/**
 * The same threshold for files, whose principals are not known before they are read: bytes of input.
 * The generated organisations (bench/generate-org.ts, compact JSON) take about 1.3 KB a principal, so
 * 64 MiB is about 50,000 of them; the AWS CLI's own output (indented, with every managed policy's
 * versions) takes more per principal (10 KB in test/fixtures/real/authz's 78-role account), so real
 * files reach it with fewer principals, whose policies make a heap of a like size.
 */
export const ANALYSIS_HEAP_MIN_INPUT_BYTES = 64 * 1024 * 1024;

/** V8's own young generation on a 64-bit machine, MiB (three 16 MiB semi-spaces; a worker reports it). */
export const V8_DEFAULT_YOUNG_GENERATION_MIB = 48;

/** Set in the environment of `rolechain analyze`'s analysis process (cli/analysis-process.ts). */
export const ANALYSIS_PROCESS_ENV = 'ROLECHAIN_ANALYSIS_PROCESS';

/**
 * Bytes that the analysis's young generation adds to this thread's `heap_size_limit` beyond V8's
 * default: the analysis process (marked and flagged) or a worker started with `analysisWorkerLimits()`.
 * The capacity check takes them off (./capacity.ts): a larger nursery holds no more of the estate,
 * which lives in the old generation, so it must not admit a larger one.
 */
export function addedYoungGenerationBytes(
  env: Record<string, string | undefined> = process.env,
  execArgv: readonly string[] = process.execArgv,
): number {
  const tuned = isMainThread
    ? env[ANALYSIS_PROCESS_ENV] === '1' && execArgv.includes(analysisNodeFlags()[0]!)
    : ownLimits.maxYoungGenerationSizeMb === ANALYSIS_YOUNG_GENERATION_MIB;
  return tuned ? (ANALYSIS_YOUNG_GENERATION_MIB - V8_DEFAULT_YOUNG_GENERATION_MIB) * 1024 * 1024 : 0;
}

/** The node flags that give a process the analysis's young generation. */
export function analysisNodeFlags(): string[] {
  return [`--max-semi-space-size=${ANALYSIS_SEMI_SPACE_MIB}`];
}

/** A Worker's resource limits with the analysis's young generation (its old generation left as the process's). */
export function analysisWorkerLimits(): ResourceLimits {
  return { maxYoungGenerationSizeMb: ANALYSIS_YOUNG_GENERATION_MIB };
}

/**
 * Whether an estate gets the larger young generation: `principals` roles and users (the dashboard, a
 * store) or `inputBytes` of files (`rolechain analyze <files>`) at or above the threshold.
 * `ROLECHAIN_ANALYSIS_HEAP=large` gives it to every estate, `=default` to none (V8's defaults).
 */
export function wantsAnalysisHeap(
  env: Record<string, string | undefined>,
  size: { principals: number } | { inputBytes: number },
): boolean {
  const forced = env.ROLECHAIN_ANALYSIS_HEAP;
  if (forced === 'default') return false;
  if (forced === 'large') return true;
  return 'principals' in size
    ? size.principals >= ANALYSIS_HEAP_MIN_PRINCIPALS
    : size.inputBytes >= ANALYSIS_HEAP_MIN_INPUT_BYTES;
}

/**
 * Whether the user already sized the young generation (a flag in `execArgv` or NODE_OPTIONS): their
 * choice is kept, and nothing is re-run for it.
 */
export function youngGenerationGiven(execArgv: readonly string[], nodeOptions: string | undefined): boolean {
  const flags = [...execArgv, ...(nodeOptions ?? '').split(/\s+/)];
  return flags.some((f) => /^--(max|min)[-_]semi[-_]space[-_]size\b|^--max[-_]heap[-_]size\b/.test(f));
}

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
 *
 * Why room in the old generation too (half as much again as the process's own, `ANALYSIS_OLD_HEADROOM`):
 * V8 starts a full collection when the old generation reaches a limit it sets after the last one, and
 * never sets that limit more than halfway from what was live to the most the heap may hold. The analysis
 * keeps nearly all it builds to the end, so at 200,000 roles, with 1.6 GB live and a 4 GiB maximum, the
 * next limit was 2.85 GB: a second full collection marked 2.9 GB in the findings to free a third of it,
 * about 12 CPU-s of 68, and the 100,000-role run, under the first limit, had none (docs/scale.md, eleventh
 * session). With 6 GiB that run ended before the limit: 56 CPU-s, peak RSS 3.55 GiB against 3.5. (Since
 * then the analysis keeps less, and 200,000 generated roles stay under the halfway limit either way; an
 * estate whose live heap nears the capacity check's 85% of the default would meet it again and again.)
 * The room is for the collector, not for a larger estate: the capacity check takes it off, as it does the
 * young generation, so the same estates are admitted, and their live heap stays where it was. A heap
 * size the user gives (`--max-old-space-size` or `--max-heap-size`) is kept as it is.
 */
import { getHeapStatistics } from 'node:v8';
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

/** The old generation a large estate's analysis may use beyond its process's own, as a share of that. */
export const ANALYSIS_OLD_HEADROOM = 0.5;

/**
 * Set in the analysis process's environment when its old generation was raised: the MiB added, which
 * the capacity check takes off (a flag alone cannot say how much of it was the user's).
 */
export const ANALYSIS_OLD_HEADROOM_ENV = 'ROLECHAIN_ANALYSIS_OLD_HEADROOM_MIB';

const MiB = 1024 * 1024;

/**
 * The old generation of a process not tuned for analysis, MiB: its heap limit less V8's default young
 * generation (V8's own default for the machine's memory, or the user's `--max-old-space-size`).
 */
export function ownOldGenerationMib(limitBytes: number = getHeapStatistics().heap_size_limit): number {
  return Math.round(limitBytes / MiB) - V8_DEFAULT_YOUNG_GENERATION_MIB;
}

/** The MiB of old generation the analysis adds to a process whose own is `ownMib`. */
export const oldHeadroomMib = (ownMib: number): number => Math.round(ownMib * ANALYSIS_OLD_HEADROOM);

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
    ? env[ANALYSIS_PROCESS_ENV] === '1' && execArgv.includes(SEMI_SPACE_FLAG)
    : ownLimits.maxYoungGenerationSizeMb === ANALYSIS_YOUNG_GENERATION_MIB;
  return tuned ? (ANALYSIS_YOUNG_GENERATION_MIB - V8_DEFAULT_YOUNG_GENERATION_MIB) * MiB : 0;
}

/**
 * Bytes of old generation the analysis added to this thread's `heap_size_limit` (see
 * `ANALYSIS_OLD_HEADROOM`): in the analysis process, what its environment says was added; in a worker
 * started with `analysisWorkerLimits()`, the share of its old generation beyond the main thread's.
 */
export function addedOldGenerationBytes(
  env: Record<string, string | undefined> = process.env,
  limits: ResourceLimits = ownLimits,
  execArgv: readonly string[] = process.execArgv,
): number {
  if (!isMainThread) {
    const old = limits.maxOldGenerationSizeMb;
    const tuned = limits.maxYoungGenerationSizeMb === ANALYSIS_YOUNG_GENERATION_MIB;
    if (!tuned || !old || heapSizeGiven(execArgv, env.NODE_OPTIONS)) return 0;
    // analysisWorkerLimits gave it own + oldHeadroomMib(own), i.e. (1 + ANALYSIS_OLD_HEADROOM) × own.
    return (old - Math.round(old / (1 + ANALYSIS_OLD_HEADROOM))) * MiB;
  }
  const added = Number(env[ANALYSIS_OLD_HEADROOM_ENV]);
  return env[ANALYSIS_PROCESS_ENV] === '1' && Number.isInteger(added) && added > 0 ? added * MiB : 0;
}

const SEMI_SPACE_FLAG = `--max-semi-space-size=${ANALYSIS_SEMI_SPACE_MIB}`;

/** Whether a flag matching `pattern` is in `execArgv` or NODE_OPTIONS (V8 takes `-` and `_` alike). */
function flagGiven(execArgv: readonly string[], nodeOptions: string | undefined, pattern: RegExp): boolean {
  return [...execArgv, ...(nodeOptions ?? '').split(/\s+/)].some((f) => pattern.test(f));
}

/** Whether the user sized the whole heap or its old generation (a flag in `execArgv` or NODE_OPTIONS). */
export function heapSizeGiven(execArgv: readonly string[], nodeOptions: string | undefined): boolean {
  return flagGiven(execArgv, nodeOptions, /^--max[-_]old[-_]space[-_]size\b|^--max[-_]heap[-_]size\b/);
}

/**
 * The node flags that give a process the analysis's heap: the larger young generation, and the old
 * generation's headroom unless the user sized the heap (their size is kept). `ownOldMib`: the starting
 * process's own old generation.
 */
export function analysisNodeFlags(
  execArgv: readonly string[] = process.execArgv,
  nodeOptions: string | undefined = process.env.NODE_OPTIONS,
  ownOldMib: number = ownOldGenerationMib(),
): string[] {
  if (heapSizeGiven(execArgv, nodeOptions)) return [SEMI_SPACE_FLAG];
  return [SEMI_SPACE_FLAG, `--max-old-space-size=${ownOldMib + oldHeadroomMib(ownOldMib)}`];
}

/** What the analysis process's environment adds for the flags `analysisNodeFlags` gave it. */
export function analysisProcessEnv(
  flags: readonly string[],
  ownOldMib: number = ownOldGenerationMib(),
): Record<string, string> {
  return flags.some((f) => f.startsWith('--max-old-space-size='))
    ? { [ANALYSIS_PROCESS_ENV]: '1', [ANALYSIS_OLD_HEADROOM_ENV]: String(oldHeadroomMib(ownOldMib)) }
    : { [ANALYSIS_PROCESS_ENV]: '1' };
}

/**
 * A Worker's resource limits with the analysis's heap: the larger young generation, and the old
 * generation's headroom on top of this thread's own unless the user sized the heap (then the worker
 * keeps the process's old generation, as a worker without limits does).
 */
export function analysisWorkerLimits(
  execArgv: readonly string[] = process.execArgv,
  nodeOptions: string | undefined = process.env.NODE_OPTIONS,
  ownOldMib: number = ownOldGenerationMib(),
): ResourceLimits {
  if (heapSizeGiven(execArgv, nodeOptions))
    return { maxYoungGenerationSizeMb: ANALYSIS_YOUNG_GENERATION_MIB };
  return {
    maxYoungGenerationSizeMb: ANALYSIS_YOUNG_GENERATION_MIB,
    maxOldGenerationSizeMb: ownOldMib + oldHeadroomMib(ownOldMib),
  };
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
  return flagGiven(execArgv, nodeOptions, /^--(max|min)[-_]semi[-_]space[-_]size\b|^--max[-_]heap[-_]size\b/);
}

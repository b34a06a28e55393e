/** One figure a benchmark reports; `npm run bench --json` prints one of these per line. */
export interface BenchResult {
  name: string;
  unit: string;
  median: number;
  min: number;
  max: number;
  runs: number;
  /** The figure the project promises; `ok` says whether the median holds it. */
  budget?: number;
  ok?: boolean;
  /** Throughputs (records/s) are better higher; times are better lower. */
  higherIsBetter?: boolean;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The p-th percentile (nearest rank) of samples, e.g. 95 for latency p95. */
export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

/** Builds a result from samples, judging it against its budget. */
export function result(
  name: string,
  unit: string,
  samples: readonly number[],
  opts: { budget?: number; higherIsBetter?: boolean } = {},
): BenchResult {
  const m = median(samples);
  return {
    name,
    unit,
    median: m,
    min: Math.min(...samples),
    max: Math.max(...samples),
    runs: samples.length,
    ...(opts.budget !== undefined
      ? { budget: opts.budget, ok: opts.higherIsBetter ? m >= opts.budget : m <= opts.budget }
      : {}),
    ...(opts.higherIsBetter ? { higherIsBetter: true } : {}),
  };
}

/**
 * A full garbage collection between runs, where the process allows it (`npm run bench` starts each
 * bench with `--expose-gc`), so that a run does not pay for the garbage of the one before it.
 */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/**
 * Whether one process can hold the analysis of an estate, decided before the analysis starts.
 *
 * Why: an estate too large for the heap does not fail cleanly — Node collects garbage for minutes, then
 * aborts with "JavaScript heap out of memory" and a stack of V8 internals. The analysis's heap grows
 * linearly with the principals of the snapshot (bench/org-scale.bench.ts: about the same per role from
 * 10,000 to 200,000 roles, whatever the number of accounts), so the need is estimated from the snapshot
 * and compared with the heap this process may use (`v8.getHeapStatistics().heap_size_limit`, which
 * `--max-old-space-size` sets). Above it, the analysis is refused with the size, the need and what to do.
 */
import { getHeapStatistics } from 'node:v8';
import type { Result, Snapshot } from '../model';
import { err, ok } from '../model';
import { addedOldGenerationBytes, addedYoungGenerationBytes } from './analysis-heap';

/**
 * Heap of an analysis per role or user, and a base for what a process holds besides. Calibrated on the
 * shipped command, `rolechain analyze` from the compiled bundle at Node's default heap, with its table,
 * JSON and SARIF output (`ANALYZE_ORG=1000x200 npm run bench -- analyze-cli`; docs/scale.md): the live
 * heap (the most in use right after a full collection) was 391 MiB at 20,400 principals (100 × 200
 * roles and 300 users) and 3,120–3,241 MiB at 204,000 (1,000 × 200 and 3,000 users), so about 16 KiB a
 * principal on the margin and a base under 100 MiB. The estimate takes 18 KiB and 256 MiB: about 15%
 * above the measured live heap at 200k roles, the room the collector needs to work without thrashing
 * (with less, a run that fits on paper collects garbage for minutes). It admits up to about 221,000
 * principals at the default 4,144 MiB, where the live heap would be about 85% of the limit.
 *
 * Before, 20 KiB a role: measured on the library pipeline while the command still vetted and re-checked
 * every finding's fix (about 120,000 at 200k roles), which the command no longer does beyond `--fixes`.
 */
export const HEAP_PER_PRINCIPAL = 18 * 1024;
export const HEAP_BASE = 256 * 1024 * 1024;

export interface Capacity {
  principals: number;
  /** Estimated peak heap of the analysis, bytes. */
  needed: number;
  /** The heap this process may use, bytes. */
  limit: number;
}

const GiB = 1024 ** 3;
const gib = (b: number): string => (b / GiB).toFixed(1);

/** The estimate alone, for a snapshot of `principals` roles and users. */
export function estimateHeap(principals: number): number {
  return HEAP_BASE + principals * HEAP_PER_PRINCIPAL;
}

/**
 * The heap this process may use (Node's limit, set by `--max-old-space-size`), less what the analysis's
 * larger young generation and its old generation's headroom add to it (./analysis-heap.ts): the same
 * estates are admitted with them as without.
 */
export function heapLimit(): number {
  return getHeapStatistics().heap_size_limit - addedYoungGenerationBytes() - addedOldGenerationBytes();
}

/**
 * Ok when the analysis of `snapshot` is expected to fit in `limit` bytes of heap; otherwise an
 * `estate_too_large` error naming the estate's size, the heap it needs and how to give it that.
 */
export function checkCapacity(snapshot: Snapshot, limit: number = heapLimit()): Result<Capacity> {
  const principals = snapshot.roles.length + snapshot.users.length;
  const needed = estimateHeap(principals);
  if (needed <= limit) return ok({ principals, needed, limit });
  // Round the advised heap up to a whole GiB, with a quarter to spare; RSS runs about 20% above the heap.
  const advisedMiB = Math.ceil((needed * 1.25) / GiB) * 1024;
  const accounts = new Set(snapshot.roles.map((r) => r.account)).size;
  return err(
    'estate_too_large',
    `This estate is too large for one process with this heap: ${snapshot.roles.length.toLocaleString('en-US')} roles and ${snapshot.users.length.toLocaleString('en-US')} users in ${accounts.toLocaleString('en-US')} accounts need about ${gib(needed)} GiB of heap to analyse, and this process may use ${gib(limit)} GiB. ` +
      `Start it with NODE_OPTIONS=--max-old-space-size=${advisedMiB} on a machine with at least ${Math.ceil((advisedMiB * 1.3) / 1024)} GiB of memory, or analyse fewer accounts at a time (one store or one rolechain analyze per group of accounts). See "Performance" in the README for the largest estate each machine size handles.`,
  );
}

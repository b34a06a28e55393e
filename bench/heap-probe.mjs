// Preloaded (`node --import`) into a process a bench measures, when ROLECHAIN_HEAP_PROBE names a file: at
// exit (and every 5 s, for a server that is stopped by a signal), writes there the process's peak RSS (the kernel's VmHWM, exact), the largest heap in use seen
// right after a full (mark-sweep) collection — the live heap, what a heap limit must hold — and the heap
// limit it ran with. The capacity check (lib/app/capacity.ts) is calibrated on these figures. Where
// the file already holds figures (`rolechain analyze` of a large estate runs the analysis in a child,
// cli/analysis-process.ts, which loads this preload too), the larger of each is kept: the analysis's.
import { readFileSync, writeFileSync } from 'node:fs';
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import { isMainThread } from 'node:worker_threads';

// `%p` in the name stands for the process id (a server and its supervisor both load the preload).
const file = process.env.ROLECHAIN_HEAP_PROBE?.replace('%p', String(process.pid));
if (isMainThread && file) {
  let live = 0;
  const seen = () => (live = Math.max(live, getHeapStatistics().used_heap_size));
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) seen();
  }).observe({ entryTypes: ['gc'] });
  const write = () => {
    let peakRss = process.memoryUsage().rss;
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
      if (m) peakRss = Number(m[1]) * 1024;
    } catch {
      // not Linux: the RSS now is the best figure left
    }
    const MiB = 1024 * 1024;
    let before = {};
    try {
      before = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      // none yet
    }
    const most = (k, v) => Math.max(v, Number(before[k]) || 0);
    writeFileSync(
      file,
      JSON.stringify({
        peakRssMiB: most('peakRssMiB', peakRss / MiB),
        liveHeapMiB: most('liveHeapMiB', live / MiB),
        heapLimitMiB: most('heapLimitMiB', getHeapStatistics().heap_size_limit / MiB),
      }),
    );
  };
  setInterval(write, 5000).unref();
  process.on('exit', write);
}

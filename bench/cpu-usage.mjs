// Preloaded (`node --import`) into the processes the simulate and analyze benches measure: at exit, writes
// the whole process's CPU time (user + system, µs, from process.resourceUsage: every thread's, worker
// threads included) to fd 3 when the bench opened it. The same hook runs in every process measured, so
// it costs each the same. Only the main thread writes: the preload also runs in each worker thread
// (`rolechain analyze` reads CloudTrail on one), whose exit is not the process's.
import { writeSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

if (isMainThread)
  process.on('exit', () => {
    const u = process.resourceUsage();
    try {
      writeSync(3, `${u.userCPUTime + u.systemCPUTime}\n`);
    } catch {
      // fd 3 not open: not run by the bench.
    }
  });

// Preloaded (`node --import`) into the processes the simulate and analyze benches measure: at exit, writes
// the whole process's CPU time (user + system, µs, from process.resourceUsage) to fd 3 when the bench
// opened it. The same hook runs in every process measured, so it costs each the same.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  const u = process.resourceUsage();
  try {
    writeSync(3, `${u.userCPUTime + u.systemCPUTime}\n`);
  } catch {
    // fd 3 not open: not run by the bench.
  }
});

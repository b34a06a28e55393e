// Preloaded (`node --import`) into the processes the simulate and analyze benches measure: at exit, writes
// the whole process's CPU time (user + system, µs, from process.resourceUsage: every thread's, worker
// threads included) to fd 3 when the bench opened it. The same hook runs in every process measured, so
// it costs each the same. Only the main thread writes: the preload also runs in each worker thread
// (`rolechain analyze` reads CloudTrail on one), whose exit is not the process's. The CPU time of the
// process's finished children is added (Linux: /proc/self/stat): `rolechain analyze` of a large estate
// runs the analysis in a child (cli/analysis-process.ts), whose time is the command's.
import { readFileSync, writeSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

if (isMainThread)
  process.on('exit', () => {
    const u = process.resourceUsage();
    let children = 0;
    try {
      const stat = readFileSync('/proc/self/stat', 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      children = (Number(f[13]) + Number(f[14])) * 10_000; // cutime + cstime, USER_HZ 100, in µs
    } catch {
      // not Linux: the process alone
    }
    try {
      writeSync(3, `${u.userCPUTime + u.systemCPUTime + children}\n`);
    } catch {
      // fd 3 not open: not run by the bench.
    }
  });

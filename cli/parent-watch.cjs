// Preloaded (`node --require`) into the server `rolechain serve` starts: the server ends when the
// command that started it is gone, even if that command was killed with SIGKILL and could not stop
// it (the parent's pid changes when the parent dies: the orphan is re-parented).
'use strict';
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.kill(process.pid, 'SIGTERM');
}, 500).unref();

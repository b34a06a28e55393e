/**
 * V8 tuning for a command-line process, set before any command's code loads (cli/bin.ts imports this
 * first). Imported for its effect only.
 *
 * `--interrupt-budget`: how much a function runs (in bytecode executed) before V8 considers optimizing
 * it with TurboFan; raised from V8's 132 KiB to 4 MiB. Why: a `rolechain` run is short, and in it
 * TurboFan's compiles (on a second thread, but CPU the process pays, on a machine whose other core is
 * busy) cost more than the optimized code saved. Measured on this machine (medians, load 5-7):
 * `analyze` of the demo 2.14 -> 1.57 CPU-s; `simulate` of 4,000 distinct lines 0.88 -> 0.49 CPU-s.
 * Hot code is still optimized, only later, so long runs keep their speed. Node's documented
 * `v8.setFlagsFromString`; this flag is read when a function first gets its feedback, so it applies
 * to everything loaded after it.
 */
import { setFlagsFromString } from 'node:v8';

/** The flags set (the simulate code cache is made and checked with them: cli/compiled-simulate.ts). */
export const V8_FLAGS = '--interrupt-budget=4194304';

setFlagsFromString(V8_FLAGS);

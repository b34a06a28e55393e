/** The role graph: build it from a snapshot, query it, and check one chain step by step. Pure: no I/O. */
export * from './types';
export { buildGraph } from './build';
export type { BuildOptions } from './build';

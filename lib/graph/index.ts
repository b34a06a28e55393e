/** The role graph: build it from a snapshot, query it, and check one chain step by step. Pure: no I/O. */
export * from './types';
export { buildGraph, classify } from './build';
export type { BuildOptions } from './build';
export {
  blastRadius,
  chains,
  covers,
  indexGraph,
  neighbourhood,
  passable,
  reachable,
  CHAIN_EDGE_KINDS,
  ENTRY_KINDS,
  RESOURCE_KINDS,
} from './query';
export type { ChainOptions, GraphIndex, NeighbourhoodOptions, Reach } from './query';
export { indexSnapshot, findPrincipal } from './snapshot-index';
export type { IamPrincipal, SnapshotIndex } from './snapshot-index';
export { checkChain, CHECK_STATUSES, STEP_TITLES } from './check';
export type { ChainCheck, ChainStep, CheckStatus } from './check';
export { parseResource, resolveSource, validateChainRequest } from './check-input';
export type { ChainCheckRequest, ResolvedResource, ResolvedSource } from './check-input';
export { endpointRegion, parseEngineProperties, CREDENTIAL_KINDS, SQL_ENGINES } from './engine-properties';
export type { CredentialKind, EngineProperties, SqlEngine } from './engine-properties';

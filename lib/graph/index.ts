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
export { checkChain, checkPlan, CHECK_STATUSES, STEP_TITLES } from './check';
export type { ChainCheck, ChainPlan, ChainStep, CheckStatus } from './check';
export {
  parseResource,
  resolveSource,
  roleArnProblem,
  sourceProblem,
  validateChainRequest,
} from './check-input';
export type { ChainCheckRequest, ResolvedResource, ResolvedSource } from './check-input';
export {
  asResource,
  endpointRegion,
  maskAccessKey,
  readStatement,
  CREDENTIAL_KINDS,
  ENGINES,
} from './statement';
export type { CredentialKind, Engine, PlannedChain, StatementReading } from './statement';
export { FORMS, STATEMENT_FORMS, sqlForm } from './statement-forms';
export type { FormInfo, StatementForm } from './statement-forms';
export { detectKind, readConfigText, TEXT_KIND_LABEL, TEXT_KINDS } from './statement-text';
export type { ConfigText, TextKind } from './statement-text';
export { comparePaths, pathsBetween, rankPath, reach, PATH_EDGE_KINDS, PATH_VERDICTS } from './paths';
export type {
  PathStepNote,
  PathsOptions,
  PathsResult,
  PathVerdict,
  RankedPath,
  ReachEntry,
  ReachOptions,
  ReachResult,
} from './paths';

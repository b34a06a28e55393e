/** The IAM policy evaluation engine. Pure: no I/O, no framework. */
export * from './types';
export type { ConditionEntry, Effect, PolicyDocument, PolicyStatement, PrincipalBlock } from './document';
export { evaluate, DeferredEvaluation, TRUST_ACTIONS } from './evaluate';
export { anyMatches, compilePolicy } from './compile';
export type { CompiledPolicy, CompiledStatement } from './compile';
export { actionMatches, resourceMatches, arnMatches, splitArn } from './match';
export { globMatch } from './glob';
export { describeCondition } from './conditions';
export { parseRequestPrincipal, isIamPrincipal } from './principal';
export { releaseTextMemos } from './text-memo';
export type { RequestPrincipal, RequestPrincipalKind, PrincipalMatch } from './principal';
export { parsePolicy } from './api';
export { trustPrincipals, allowedResourcePatterns, allowedResourcePatternTexts } from './inventory';
export type { TrustPrincipal, TrustPrincipalKind, AllowedResourcePattern } from './inventory';
export { PolicyCache, policyCache, contentId, DEFAULT_LIMITS as POLICY_CACHE_LIMITS } from './cache';
export type { PolicyCacheLimits, PolicyCacheStats } from './cache';

export * from './events-query';
export * from './store';
export { SCHEMA_VERSION } from './migrations';
export type { AccountDigest, AccountQuery, AnalysisTotals, DigestSeverity, SnapshotDigest } from './digest';
export { DIGEST_SEVERITIES } from './digest';

export type { Collection, CollectOptions } from './account';
export { collectAccount, NO_CREDENTIALS_HELP } from './account';
export type { OrganizationOptions } from './organization';
export { collectOrganization, DEFAULT_AUDIT_ROLE } from './organization';
export type {
  AwsCredentials,
  ClientFactory,
  ClientSettings,
  CredentialProvider,
  Service,
  ServiceClients,
} from './clients';
export { defaultClientFactory, SERVICES } from './clients';
export type { CloudTrailOptions } from './context';
export type { ProgressEvent, ProgressPhase, ProgressSink } from './progress';
export { noProgress, PROGRESS_PHASES } from './progress';
export { TokenBucket, LOOKUP_EVENTS_RATE } from './pace';
export type { Clock } from './pace';
export { AWS_WARNING_CODES } from './call';
export type { Sleep } from './call';
export { READ_ONLY_ACTIONS, requiredPolicy, auditRoleCloudFormation, actionOfCommand } from './permissions';

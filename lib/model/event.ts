/**
 * One CloudTrail record of a call that matters to role chains, normalised.
 * Built by `lib/audit` from the record exactly as CloudTrail wrote it.
 */

export const CHAIN_EVENT_NAMES = [
  'AssumeRole',
  'AssumeRoleWithSAML',
  'AssumeRoleWithWebIdentity',
  'GetFederationToken',
  'GetSessionToken',
  'CreateRole',
  'DeleteRole',
  'UpdateAssumeRolePolicy',
  'AttachRolePolicy',
  'DetachRolePolicy',
  'PutRolePolicy',
  'DeleteRolePolicy',
  'PutRolePermissionsBoundary',
  'AddRoleToInstanceProfile',
  'RemoveRoleFromInstanceProfile',
  'AssociateIamInstanceProfile',
  'ReplaceIamInstanceProfileAssociation',
] as const;
export type ChainEventName = (typeof CHAIN_EVENT_NAMES)[number];

/**
 * What the audit is about: role sessions, the calls that create one. Every other chain event
 * (role and policy changes, instance-profile changes, GetSessionToken, GetFederationToken) is
 * kept and shown as a kind of its own, `change`, so a role's sessions are never mixed with
 * the calls that changed the role.
 */
export const SESSION_EVENT_NAMES = ['AssumeRole', 'AssumeRoleWithSAML', 'AssumeRoleWithWebIdentity'] as const;
export const CHANGE_EVENT_NAMES: readonly ChainEventName[] = CHAIN_EVENT_NAMES.filter(
  (n) => !(SESSION_EVENT_NAMES as readonly string[]).includes(n),
);
export const EVENT_KINDS = ['session', 'change'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
export const EVENT_KIND_LABELS: Record<EventKind, string> = {
  session: 'role session (AssumeRole, AssumeRoleWithSAML, AssumeRoleWithWebIdentity)',
  change:
    'other IAM or STS call that shapes chains (role, trust, policy and instance-profile changes; GetSessionToken; GetFederationToken)',
};
export const eventKindOf = (eventName: string): EventKind =>
  (SESSION_EVENT_NAMES as readonly string[]).includes(eventName) ? 'session' : 'change';

export const CALLER_TYPES = [
  'IAMUser',
  'AssumedRole',
  'Root',
  'AWSService',
  'AWSAccount',
  'SAMLUser',
  'WebIdentityUser',
  'FederatedUser',
  'IdentityCenterUser',
  'Unknown',
] as const;
export type CallerType = (typeof CALLER_TYPES)[number];

export interface Caller {
  type: CallerType;
  arn?: string;
  accountId?: string;
  principalId?: string;
  /** The key that signed the call (`AKIA…` long-lived, `ASIA…` temporary). */
  accessKeyId?: string;
  userName?: string;
  /** For an assumed-role caller: the role the session came from. */
  sessionIssuerArn?: string;
  /** For service calls: e.g. `ec2.amazonaws.com`. */
  invokedBy?: string;
  /** SAML / web-identity: the provider and subject as recorded. */
  identityProvider?: string;
  subject?: string;
  mfaAuthenticated?: boolean;
  /** The source identity the calling session carries (`sessionContext.sourceIdentity`). */
  sourceIdentity?: string;
}

export const OUTCOMES = ['success', 'denied', 'error'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface AssumeEvent {
  /** CloudTrail `eventID`: unique per record. */
  eventId: string;
  /** Same for the records of one cross-account call in both accounts. */
  sharedEventId?: string;
  /** ISO-8601 UTC. */
  time: string;
  /** The account whose trail holds the record (`recipientAccountId`). */
  recordedBy: string;
  region: string;
  eventName: string;
  eventSource: string;
  caller: Caller;
  roleArn?: string;
  roleSessionName?: string;
  sourceIdentity?: string;
  sessionTags?: Record<string, string>;
  transitiveTagKeys?: string[];
  externalIdPresent: boolean;
  /** The ExternalId as recorded (CloudTrail records it in requestParameters). */
  externalId?: string;
  durationSeconds?: number;
  sourceIp?: string;
  userAgent?: string;
  /** The temporary key the call issued (`ASIA…`). */
  issuedAccessKeyId?: string;
  /** `arn:aws:sts::…:assumed-role/<role>/<session>`. */
  assumedRoleArn?: string;
  assumedRoleId?: string;
  /** SAML / OIDC: the provider and subject the call presented. */
  provider?: string;
  subject?: string;
  audience?: string;
  errorCode?: string;
  errorMessage?: string;
  outcome: Outcome;
  /** Other accounts whose trails hold the same call (same `sharedEventID`), after de-duplication. */
  alsoRecordedBy?: string[];
  /** IAM/EC2 chain changes: the managed policy, inline policy, instance profile or instance concerned. */
  policyArn?: string;
  policyName?: string;
  instanceProfile?: string;
  instanceId?: string;
  /** A digest of `requestParameters` as recorded (key order aside): tells apart records that reuse one eventID. */
  requestDigest?: string;
  /** Irregularities met while reading the record (e.g. `resources` disagreeing with `requestParameters`). */
  notes?: string[];
}

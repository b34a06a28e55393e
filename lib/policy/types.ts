/**
 * The contract of the IAM evaluation engine. `evaluate()` in `./evaluate.ts` implements it;
 * the graph, the chain check, the findings and `rolechain simulate` all call it.
 */

export const DECISIONS = ['Allow', 'ImplicitDeny', 'ExplicitDeny', 'Conditional'] as const;
export type Decision = (typeof DECISIONS)[number];

export const POLICY_KINDS = ['identity', 'trust', 'resource', 'boundary', 'session', 'scp', 'rcp'] as const;
export type PolicyKind = (typeof POLICY_KINDS)[number];

export const VALIDATION_MODES = ['strict', 'lenient'] as const;
/**
 * How a document with validation issues is read. `strict` (fail closed, for documents a user pastes or
 * proposes, which AWS would reject): one error makes the whole policy grant nothing; its well-formed Deny
 * statements still count. `lenient` (for documents read from AWS, which AWS accepted and enforces): each
 * statement stands alone, an Action/Resource/principal entry that is not well formed matches nothing,
 * and the issues are reported as warnings beside the decision.
 */
export type ValidationMode = (typeof VALIDATION_MODES)[number];

/** A policy as given to the engine: the document (object, JSON string, or URL-encoded JSON) and a label for reasons. */
export interface PolicyInput {
  /** Shown in reasons: a policy name, an inline policy name, "trust policy of doris-s3-role". */
  name?: string;
  arn?: string;
  document: unknown;
  /** Overrides `EvaluationOptions.validation` for this policy (e.g. a proposed trust policy among stored ones). */
  validation?: ValidationMode;
}

/** SCPs or RCPs attached at one level of the organisation (root, an OU, or the account). */
export interface OrgLevelPolicies {
  orgIdentifier: string;
  policies: PolicyInput[];
}

export type ContextValue = string | boolean | number | readonly (string | boolean | number)[];

export interface EvaluationRequest {
  /**
   * Who calls: an IAM ARN (role, user, account root, `assumed-role` session, federated user),
   * a service principal (`ec2.amazonaws.com`), a federated provider (OIDC provider ARN or host,
   * SAML provider ARN), or `"anonymous"`.
   */
  principal: string;
  action: string;
  resource: string;
  /** The account that owns the resource; taken from the resource ARN when it carries one. */
  resourceAccount?: string;
  /** The caller's account, where the principal does not carry one (federated, service). */
  principalAccount?: string;
  /** Condition keys, case-insensitive. Multi-valued keys as arrays. */
  context?: Record<string, ContextValue>;
}

export interface EvaluationInput {
  request: EvaluationRequest;
  identityPolicies?: PolicyInput[];
  /** The resource's policy; for `sts:AssumeRole*` this is the role's trust policy and it is required. */
  resourcePolicy?: PolicyInput;
  permissionBoundaries?: PolicyInput[];
  sessionPolicy?: PolicyInput;
  /** From the organisation root down to the principal's account; every level must allow. */
  serviceControlPolicies?: OrgLevelPolicies[];
  /** From the organisation root down to the resource's account; every level must allow. */
  resourceControlPolicies?: OrgLevelPolicies[];
}

export const CONTEXT_MODES = ['complete', 'open'] as const;
/** `complete`: keys not given are absent (AWS at request time). `open`: keys not given are unknown (analysis). */
export type ContextMode = (typeof CONTEXT_MODES)[number];

export interface EvaluationOptions {
  mode?: ContextMode;
  /** How documents are read unless a `PolicyInput` says otherwise; `strict` when not given. */
  validation?: ValidationMode;
  /**
   * Evaluate every statement up front, so the reasons are ready. By default only the statements that
   * admit the action are evaluated to decide, and the reasons are worked out when first read.
   */
  explain?: boolean;
}

export interface StatementRef {
  index: number;
  sid?: string;
}

/** Which policy a reason is about. */
export interface PolicyLabel {
  kind: PolicyKind;
  name?: string;
  arn?: string;
}

/** One element of one statement that did not match: what the policy required, what the request gave. */
export interface Mismatch {
  element: 'Principal' | 'NotPrincipal' | 'Action' | 'NotAction' | 'Resource' | 'NotResource' | 'Condition';
  required: string;
  given: string;
}

export interface Reason {
  policy: PolicyLabel;
  statement?: StatementRef;
  effect?: 'Allow' | 'Deny';
  /** `applies`: the statement matched; `conditional`: it would match if its open conditions hold. */
  outcome: 'applies' | 'not-applicable' | 'conditional' | 'missing' | 'invalid';
  /** Plain English, shown to users as is. */
  message: string;
  mismatches?: Mismatch[];
}

/** A condition whose key the request did not give, in open-context mode. */
export interface OpenCondition {
  policy: PolicyLabel;
  statement: StatementRef;
  operator: string;
  key: string;
  values: string[];
  /** E.g. "allowed if sts:ExternalId equals doris-external-id". */
  text: string;
}

export interface ValidationIssue {
  severity: 'error' | 'warning';
  /** JSON path inside the document, e.g. `Statement[1].Condition.StringEquals`. */
  path: string;
  message: string;
}

export interface PolicyValidation {
  policy: PolicyLabel;
  issues: ValidationIssue[];
}

export interface Evaluation {
  decision: Decision;
  /**
   * The statements and missing allows that decided it, most important first. Worked out when first read
   * (an accessor, not an own property): JSON.stringify includes it, a spread copy does not — copy with
   * `{ ...ev, reasons: ev.reasons }`.
   */
  reasons: Reason[];
  openConditions: OpenCondition[];
  validation: PolicyValidation[];
}

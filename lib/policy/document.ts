/**
 * The normalised form of an IAM policy document: every element that AWS lets be "a string or a list"
 * is a list here, the Condition block is flattened into one entry per operator and key, and every
 * value is a string (AWS compares condition values as strings, whatever JSON type they were written in).
 */

export const EFFECTS = ['Allow', 'Deny'] as const;
export type Effect = (typeof EFFECTS)[number];

/** The versions IAM accepts. Policy variables are substituted only under `2012-10-17`. */
export const POLICY_VERSIONS = ['2012-10-17', '2008-10-17'] as const;

export const PRINCIPAL_TYPES = ['AWS', 'Service', 'Federated', 'CanonicalUser'] as const;
export type PrincipalType = (typeof PRINCIPAL_TYPES)[number];

/** `Principal` or `NotPrincipal`: `"*"` (`wildcard`) or lists per principal type. */
export interface PrincipalBlock {
  wildcard: boolean;
  AWS: string[];
  Service: string[];
  Federated: string[];
  CanonicalUser: string[];
}

/** One operator applied to one key, with its values (OR-ed). */
export interface ConditionEntry {
  /** As written, e.g. `ForAnyValue:StringLikeIfExists`. */
  operator: string;
  key: string;
  values: string[];
}

export interface PolicyStatement {
  /** Position in the `Statement` list (0 when `Statement` is a single object). */
  index: number;
  sid?: string;
  /** Undefined when the statement's `Effect` is missing or invalid. */
  effect?: Effect;
  principal?: PrincipalBlock;
  notPrincipal?: PrincipalBlock;
  action?: string[];
  notAction?: string[];
  resource?: string[];
  notResource?: string[];
  conditions: ConditionEntry[];
  /** False when validation found an error in this statement: it then never allows. */
  valid: boolean;
}

export interface PolicyDocument {
  version?: string;
  id?: string;
  statements: PolicyStatement[];
}

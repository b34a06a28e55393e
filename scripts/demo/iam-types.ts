/**
 * The shapes of the IAM specs the generator renders (see `authz.ts`).
 */
import { PLATFORM, roleArn } from './catalog';
import type { DemoCase } from './catalog';
import type { PolicyDoc } from './policy';

export interface InlinePolicy {
  name: string;
  doc: PolicyDoc;
}

export interface RoleSpec {
  account: string;
  name: string;
  path?: string;
  created: string;
  trust: PolicyDoc;
  inline: InlinePolicy[];
  attached: string[];
  boundary?: string;
  tags: Record<string, string>;
  /** Days before the snapshot the role was last used; undefined: never (RoleLastUsed is `{}`). */
  lastUsedDaysAgo?: number;
  lastUsedRegion?: string;
  profile?: { name: string; created: string };
  demoCase?: DemoCase;
  /** Seconds; 3600 (IAM's default) unless set. Only list-roles.json carries it. */
  maxSessionDuration?: number;
}

export interface AccessKeySpec {
  createdDaysAgo: number;
  active: boolean;
  lastUsedDaysAgo?: number;
  lastUsedService?: string;
  lastUsedRegion?: string;
}

export interface UserSpec {
  account: string;
  name: string;
  path?: string;
  created: string;
  groups: string[];
  inline: InlinePolicy[];
  attached: string[];
  tags: Record<string, string>;
  passwordLastUsedDaysAgo?: number;
  passwordChangedDaysAgo?: number;
  mfa: boolean;
  keys: AccessKeySpec[];
  demoCase?: DemoCase;
}

export interface GroupSpec {
  account: string;
  name: string;
  created: string;
  inline: InlinePolicy[];
  attached: string[];
}

export interface ManagedPolicySpec {
  arn: string;
  name: string;
  path: string;
  created: string;
  updated: string;
  /** Versions, oldest first; the last is the default. */
  versions: { id: string; doc: PolicyDoc; created: string }[];
  awsManaged: boolean;
  /** Customer-managed policies belong to one account; AWS-managed ones to all. */
  account?: string;
}

/** Stands for the deleted role's unique id in specs; `authz.ts` puts the generated AROA id there. */
export const DELETED_ROLE_TOKEN = '<unique id of the deleted presto-instance-role>';

/** The role deleted before the window, whose unique id remains in presto-legacy-s3-role's trust. */
export const DELETED_ROLE_ARN = roleArn(PLATFORM, 'presto-instance-role');

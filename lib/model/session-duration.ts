import type { Role } from './snapshot';

/**
 * IAM's bounds of a role's `MaxSessionDuration` (IAM API reference, `Role`: 3600 to 43200 seconds).
 * Every role therefore allows a session of 3600 s; longer needs the role's own setting.
 */
export const MIN_MAX_SESSION_DURATION = 3600;
export const MAX_MAX_SESSION_DURATION = 43200;

/** What to import to learn a role's limit, for the messages that say it is unknown. */
export const MAX_SESSION_DURATION_SOURCES =
  "import `aws iam list-roles` output with the account's authorization details, or refresh from AWS";

/** The role's `MaxSessionDuration`, or `undefined` when no source gave it (never the invented default). */
export function knownMaxSessionDuration(
  role: Pick<Role, 'maxSessionDuration' | 'maxSessionDurationKnown'>,
): number | undefined {
  return role.maxSessionDurationKnown === false ? undefined : role.maxSessionDuration;
}

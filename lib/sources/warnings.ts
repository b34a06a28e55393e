import type { SnapshotWarning } from '../model';

/** Every warning a reader can raise, with the human meaning of each code. */
export const WARNING_CODES = {
  'unreadable-file': 'The file could not be read from disk.',
  'invalid-json': 'The file is not valid JSON.',
  'truncated-gzip': 'The gzip stream ends early or is corrupt.',
  'file-too-large':
    'The file, or its gunzipped content, is over the size read as one document (256 MiB), or a JSON-lines file over the size streamed (2 GiB).',
  'line-too-long':
    'A line of a JSON-lines file is over 16 MiB, far beyond any CloudTrail record; it was skipped.',
  'not-a-regular-file':
    'A FIFO, socket or device (or a link to one): only regular files are read, so nothing can hang or read forever.',
  'unsupported-format': 'The file is not one of the formats Rolechain reads.',
  'invalid-field': 'A field Rolechain depends on is missing or has the wrong type; the element was skipped.',
  'derived-field':
    'A field AWS marks optional was missing (a name, a path); it was derived from the ARN and the element kept.',
  'invalid-policy-document':
    'A policy document is not valid JSON (after URL-decoding once); the policy was left out.',
  'missing-default-version': 'A managed policy has no default version document; the policy was left out.',
  'account-collected-twice': 'Two files describe the same account; the last file read wins.',
  'missing-context':
    'The file needs its folder (account, bucket, region) to be understood, and the path does not tell.',
  'unknown-user': 'The credential report names a user that no authorization-details file lists.',
  'unknown-role':
    'A list-roles file names a role that no authorization-details file lists; its MaxSessionDuration was not applied (a role is never made up without its policies).',
  'invalid-record':
    'A CloudTrail record of a chain event could not be read (no eventID, or a time that is not one); it was skipped.',
  'eventid-conflict':
    'Several CloudTrail records share one eventID but differ in what they say happened; each was kept, under its own id.',
  'symlink-outside-root': 'A symbolic link points outside the chosen folder; it was not followed.',
  'one-page':
    'The file is one page of a paginated answer (IsTruncated: true); the account is read only partly, and what earlier imports held is kept.',
  'association-not-described':
    'An EKS Pod Identity association is listed but no describe-pod-identity-association output names its role; its pods are read only partly.',
} as const;
export type WarningCode = keyof typeof WARNING_CODES;

export function warning(source: string, code: WarningCode, detail: string): SnapshotWarning {
  return { source, code, message: detail };
}

/**
 * Words for what the API gives as keys: "1 group, 10 instance profiles", "Maximum session duration:
 * 3600 s (1 hour)". Pure, so the wording is tested without a browser; the API keeps its keys.
 */

/** "1 role", "2 roles", "1 IAM user"; `many` for irregular plurals. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** camelCase → "camel case", for keys no table below names. */
function words(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
}

const COUNT_NOUNS: Record<string, [string, string]> = {
  accounts: ['account', 'accounts'],
  roles: ['role', 'roles'],
  users: ['IAM user', 'IAM users'],
  groups: ['group', 'groups'],
  instanceProfiles: ['instance profile', 'instance profiles'],
  instances: ['EC2 instance', 'EC2 instances'],
  buckets: ['S3 bucket', 'S3 buckets'],
  managedPolicies: ['managed policy', 'managed policies'],
  events: ['CloudTrail event', 'CloudTrail events'],
};

/** A snapshot's count by its key: `instanceProfiles: 10` → "10 instance profiles". */
export function countPhrase(key: string, n: number): string {
  const noun = COUNT_NOUNS[key];
  if (noun) return plural(n, noun[0], noun[1]);
  const w = words(key);
  // An unknown key is already plural ("glueCatalogs"): drop the s for one.
  return plural(n, w.endsWith('s') ? w.slice(0, -1) : w, w);
}

const FACT_LABELS: Record<string, string> = {
  arn: 'ARN',
  account: 'Account',
  maxSessionDuration: 'Maximum session duration',
  lastUsed: 'Last used',
  permissionsBoundary: 'Permissions boundary',
  createdBy: 'Created by',
  awsCreatedBy: 'Created by',
  activeAccessKeys: 'Active access keys',
  mfa: 'MFA',
  groups: 'Groups',
  bucket: 'Bucket',
  prefix: 'Prefix',
  region: 'Region',
  roles: 'Roles',
  instanceId: 'Instance ID',
  state: 'State',
  profile: 'Instance profile',
  name: 'Name',
  noProfile: 'Role credentials',
  noRole: 'Role',
  path: 'Path',
  unknown: 'Not known',
  unknownInstance: 'Instance',
  trustNamesDeletedPrincipal: 'Trust policy',
  absentFromSnapshot: 'In the snapshot',
  outsideSnapshot: 'In the snapshot',
  notListed: 'Provider list',
  federatedUser: 'Federated user',
  roleName: 'Role name',
  sessionName: 'Session name',
  roleAbsent: 'Role',
  catalog: 'Catalog',
  permissionSet: 'Identity Center permission set',
  assigned: 'Assigned in this account',
  identityCenterNotRead: 'Assigned users and groups',
  permissionSetNotFound: 'Assigned users and groups',
  sessionDuration: 'Session duration',
  principalId: 'Identity store ID',
  nameNotRead: 'Name',
};

/** What a boolean flag means, in words, where `yes` would not say it. */
const FLAG_VALUES: Record<string, string> = {
  noProfile: 'none: no instance profile is attached',
  noRole: 'none: the profile holds no role',
  unknownInstance: 'named in CloudTrail, not in the snapshot',
  trustNamesDeletedPrincipal: 'names a principal that was deleted',
  absentFromSnapshot: 'no: its account was collected, and it is not there',
  outsideSnapshot: 'no: outside the collected accounts',
  notListed: 'not in the account’s provider list (or the list was not read)',
  roleAbsent: 'not in the snapshot, though its account was collected',
  federatedUser: 'yes (GetFederationToken session)',
  identityCenterNotRead: 'unknown: IAM Identity Center was not read',
  permissionSetNotFound: 'unknown: Identity Center was read, but not this permission set',
  nameNotRead: 'not read from the identity store',
};

/** "3600 s (1 hour)", "43200 s (12 hours)", "5400 s (1 h 30 min)". */
export function duration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const parts = [h > 0 ? plural(h, 'hour') : '', m > 0 ? plural(m, 'minute') : ''].filter(Boolean);
  return parts.length > 0 ? `${seconds.toLocaleString('en-US')} s (${parts.join(' ')})` : `${seconds} s`;
}

/** One fact of the details panel as a label and a value a person reads. */
export function fact(key: string, value: string | number | boolean): { label: string; value: string } {
  const label = FACT_LABELS[key] ?? words(key).replace(/^./, (c) => c.toUpperCase());
  if (key === 'maxSessionDuration' && typeof value === 'number') return { label, value: duration(value) };
  if (key === 'activeAccessKeys' && typeof value === 'number') return { label, value: String(value) };
  if (key === 'roles' && typeof value === 'number') return { label, value: plural(value, 'role') };
  if (key === 'assigned' && typeof value === 'number')
    return { label, value: plural(value, 'user or group', 'users or groups') };
  if (typeof value === 'boolean')
    return { label, value: value ? (FLAG_VALUES[key] ?? 'yes') : key === 'mfa' ? 'not enabled' : 'no' };
  return { label, value: String(value) };
}

import type { AccessKey, SnapshotWarning } from '../model';
import { accountOf } from '../model';
import { isoDate } from './decode';
import { warning } from './warnings';

/** The name IAM gives the account's root user in the credential report. */
export const ROOT_ROW = '<root_account>';

export interface CredentialRow {
  user: string;
  arn: string;
  account?: string;
  isRoot: boolean;
  passwordEnabled?: boolean;
  mfaActive?: boolean;
  /** Access keys 1 and 2, as far as the report tells (it never shows key ids). */
  accessKeys: AccessKey[];
}

/** True when the text starts with the credential report's header row. */
export function isCredentialReport(text: string): boolean {
  return /^\uFEFF?user,arn,user_creation_time,/.test(text);
}

/**
 * Reads the decoded CSV of `aws iam get-credential-report`. Columns are found by header name,
 * so reports with added columns still read. The `<root_account>` row is marked `isRoot`.
 */
export function readCredentialReport(
  text: string,
  file: string,
): { rows: CredentialRow[]; warnings: SnapshotWarning[] } {
  const warnings: SnapshotWarning[] = [];
  const lines = parseCsv(text.replace(/^\uFEFF/, ''));
  const header = lines[0];
  if (!header || !isCredentialReport(header.join(','))) {
    return { rows: [], warnings: [warning(file, 'unsupported-format', `${file}: not a credential report`)] };
  }
  const col = new Map(header.map((h, i) => [h, i]));
  const rows: CredentialRow[] = [];
  for (let n = 1; n < lines.length; n++) {
    const cells = lines[n]!;
    if (cells.length === 1 && cells[0] === '') continue;
    const get = (name: string): string | undefined => {
      const i = col.get(name);
      const v = i === undefined ? undefined : cells[i];
      return v === undefined || v === '' || v === 'N/A' || v === 'no_information' || v === 'not_supported'
        ? undefined
        : v;
    };
    const user = get('user');
    const arn = get('arn');
    if (!user || !arn) {
      warnings.push(warning(file, 'invalid-field', `${file}: line ${n + 1} has no user or arn`));
      continue;
    }
    const row: CredentialRow = { user, arn, isRoot: user === ROOT_ROW, accessKeys: [] };
    const account = accountOf(arn);
    if (account) row.account = account;
    const pw = get('password_enabled');
    if (pw !== undefined) row.passwordEnabled = pw === 'true';
    const mfa = get('mfa_active');
    if (mfa !== undefined) row.mfaActive = mfa === 'true';
    for (const k of [1, 2]) {
      const active = get(`access_key_${k}_active`);
      const rotated = isoDate(get(`access_key_${k}_last_rotated`));
      // A key slot never used has active=false and no rotation date: there is no key.
      if (active === undefined || (active !== 'true' && rotated === undefined)) continue;
      const key: AccessKey = { status: active === 'true' ? 'Active' : 'Inactive' };
      if (rotated) key.createdAt = rotated;
      const used = isoDate(get(`access_key_${k}_last_used_date`));
      if (used) key.lastUsedAt = used;
      row.accessKeys.push(key);
    }
    rows.push(row);
  }
  return { rows, warnings };
}

/** RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/**
 * Athena result rows → AssumeEvents. Each row is rebuilt into the CloudTrail record it came from
 * (the same field names and nesting CloudTrail writes) and handed to `normalizeRecord`, so a record
 * read through Athena becomes exactly the event the same record read from a log file becomes: one
 * normaliser, one set of rules (a denied call's role from its error message, IAM/EC2 change fields,
 * the notes on irregular records), instead of a second mapping that would drift from the first.
 */
import type { AssumeEvent, Problem } from '../../model';
import { normalizeRecord } from '../../audit/normalize';
import type { Row } from './run';

type Obj = Record<string, unknown>;

/** `requestparameters` / `responseelements` are the record's JSON text; null stays null. */
function json(text: string | null | undefined, field: string, notes: string[]): unknown {
  if (text === null || text === undefined || text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    notes.push(`${field} is not JSON; ignored`);
    return null;
  }
}

/** Drops null members so the record has only the fields CloudTrail wrote. */
function compact(o: Obj): Obj | undefined {
  const out: Obj = {};
  for (const [k, v] of Object.entries(o)) if (v !== null && v !== undefined) out[k] = v;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** One row of `chainEventsQuery` → the CloudTrail record it was read from. */
export function rowToRecord(row: Row, notes: string[] = []): Obj {
  const v = (k: string): string | null => row[k] ?? null;
  const issuer = compact({ arn: v('ui_issuer_arn') });
  const attributes = compact({ mfaAuthenticated: v('ui_mfa') });
  const sessionContext = compact({
    sessionIssuer: issuer,
    attributes,
    sourceIdentity: v('ui_sourceidentity'),
  });
  const userIdentity = compact({
    type: v('ui_type'),
    principalId: v('ui_principalid'),
    arn: v('ui_arn'),
    accountId: v('ui_accountid'),
    accessKeyId: v('ui_accesskeyid'),
    userName: v('ui_username'),
    invokedBy: v('ui_invokedby'),
    identityProvider: v('ui_identityprovider'),
    onBehalfOf: compact({ userId: v('ui_onbehalfof_userid') }),
    sessionContext,
  });
  const roleResource = v('resource_role_arn');
  return {
    eventID: v('eventid'),
    eventTime: v('eventtime'),
    eventSource: v('eventsource'),
    eventName: v('eventname'),
    awsRegion: v('awsregion'),
    sourceIPAddress: v('sourceipaddress'),
    userAgent: v('useragent'),
    errorCode: v('errorcode'),
    errorMessage: v('errormessage'),
    requestParameters: json(v('requestparameters'), 'requestParameters', notes),
    responseElements: json(v('responseelements'), 'responseElements', notes),
    sharedEventID: v('sharedeventid'),
    recipientAccountId: v('recipientaccountid'),
    userIdentity: userIdentity ?? null,
    resources: roleResource ? [{ type: 'AWS::IAM::Role', ARN: roleResource }] : null,
  };
}

export interface RowsRead {
  events: AssumeEvent[];
  /** Rows that were not chain records, or lacked eventID/eventTime. */
  skipped: number;
  problems: Problem[];
}

export function rowsToEvents(rows: readonly Row[]): RowsRead {
  const events: AssumeEvent[] = [];
  const problems: Problem[] = [];
  let skipped = 0;
  rows.forEach((row, i) => {
    const notes: string[] = [];
    const r = normalizeRecord(rowToRecord(row, notes));
    if (r === undefined) {
      skipped++;
      return;
    }
    if (!r.ok) {
      skipped++;
      problems.push({ ...r.error, where: `Athena result row ${i + 1}` });
      return;
    }
    if (notes.length > 0) r.value.notes = [...(r.value.notes ?? []), ...notes];
    events.push(r.value);
  });
  return { events, skipped, problems };
}

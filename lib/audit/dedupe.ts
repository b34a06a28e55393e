import type { AssumeEvent, Caller } from '../model';
import { CALL_FIELDS, accountOf, conflictingFields, variantId } from '../model';

/** One eventID that several records of different content share: they are kept apart. */
export interface IdConflict {
  eventId: string;
  /** How many different records carry it. */
  records: number;
  /** The identifying fields on which they differ. */
  fields: string[];
  /** The ids they are kept under: the first keeps the eventID, the others `eventID~digest`. */
  keptAs: string[];
}

/**
 * Removes records read twice (same `eventID`, same content) and folds the records one
 * cross-account call leaves in each account (same `sharedEventID`) into one event: the role
 * owner's record is kept, its caller completed from the caller account's richer `userIdentity`,
 * and the other accounts listed in `alsoRecordedBy`. Records that share an eventID but disagree
 * on what happened (another role, another outcome, another time) are different calls: each is
 * kept, under its own id, with a note, and reported in `conflicts`. Returns the events sorted by
 * time, then id.
 */
export function dedupe(events: readonly AssumeEvent[]): {
  events: AssumeEvent[];
  duplicates: number;
  conflicts: IdConflict[];
} {
  const byId = new Map<string, AssumeEvent[]>();
  let duplicates = 0;
  for (const e of events) {
    const variants = byId.get(e.eventId);
    if (!variants) {
      byId.set(e.eventId, [e]);
      continue;
    }
    const i = variants.findIndex((v) => conflictingFields(v, e).length === 0);
    if (i >= 0) {
      duplicates++;
      variants[i] = completeFrom(variants[i]!, e);
    } else variants.push(e);
  }

  const conflicts: IdConflict[] = [];
  const distinct: AssumeEvent[] = [];
  for (const [eventId, variants] of byId) {
    if (variants.length === 1) {
      distinct.push(variants[0]!);
      continue;
    }
    const fields = [...new Set(variants.slice(1).flatMap((v) => conflictingFields(variants[0]!, v)))];
    const kept = variants.map((v, i) =>
      keptApart(v, i === 0 ? eventId : variantId(v), variants.length, fields),
    );
    conflicts.push({ eventId, records: variants.length, fields, keptAs: kept.map((k) => k.eventId) });
    distinct.push(...kept);
  }

  const groups = new Map<string, AssumeEvent[]>();
  const out: AssumeEvent[] = [];
  for (const e of distinct) {
    if (!e.sharedEventId) {
      out.push(e);
      continue;
    }
    const g = groups.get(e.sharedEventId);
    if (g) g.push(e);
    else groups.set(e.sharedEventId, [e]);
  }
  for (const g of groups.values()) {
    // Only records that agree on the call fold together; the others stay as they are.
    const folds: AssumeEvent[][] = [];
    for (const e of g) {
      const f = folds.find((x) => conflictingFields(x[0]!, e, CALL_FIELDS).length === 0);
      if (f) f.push(e);
      else folds.push([e]);
    }
    for (const f of folds) {
      duplicates += f.length - 1;
      out.push(f.length === 1 ? f[0]! : fold(f));
    }
  }
  out.sort((a, b) =>
    a.time < b.time ? -1 : a.time > b.time ? 1 : a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0,
  );
  return { events: out, duplicates, conflicts };
}

function keptApart(e: AssumeEvent, id: string, records: number, fields: string[]): AssumeEvent {
  const note = `eventID ${e.eventId} is shared by ${records} records that differ in ${fields.join(', ')}; kept apart${id === e.eventId ? '' : ` as ${id}`}`;
  return { ...e, eventId: id, notes: [...(e.notes ?? []), note] };
}

function fold(group: AssumeEvent[]): AssumeEvent {
  const owner = group[0]?.roleArn ? accountOf(group[0].roleArn) : undefined;
  const primary = group.find((e) => owner !== undefined && e.recordedBy === owner) ?? group[0]!;
  // One copy, completed in place from each other record (a copy per record cost most of dedupe's time
  // when every cross-account call is recorded twice).
  const merged: AssumeEvent = { ...primary };
  for (const e of group) if (e !== primary) fillFrom(merged, e);
  const others = [
    ...new Set(group.map((e) => e.recordedBy).filter((a) => a !== '' && a !== primary.recordedBy)),
  ];
  if (others.length > 0)
    merged.alsoRecordedBy = [...new Set([...(primary.alsoRecordedBy ?? []), ...others])].sort();
  return merged;
}

/** Fills what `base` lacks from `other`, in a copy; the caller is taken whole from whichever record knows it better. */
function completeFrom(base: AssumeEvent, other: AssumeEvent): AssumeEvent {
  const out: AssumeEvent = { ...base };
  fillFrom(out, other);
  return out;
}

/**
 * `completeFrom` in place: fills what `out` (a copy this module made, never a caller's record) lacks
 * from `other`. The fields it compares (caller, externalIdPresent, recordedBy) are always set, so the
 * filling loop never changes them before they are compared.
 */
function fillFrom(out: AssumeEvent, other: AssumeEvent): void {
  const fill = out as unknown as Record<string, unknown>;
  const from = other as unknown as Record<string, unknown>;
  for (const k of Object.keys(other)) {
    if (k === 'notes' || fill[k] !== undefined) continue;
    const v = from[k];
    if (v !== undefined) fill[k] = v;
  }
  if (richness(other.caller) > richness(out.caller)) out.caller = { ...other.caller };
  if (!out.externalIdPresent && other.externalIdPresent) out.externalIdPresent = true;
  if (out.recordedBy === '' && other.recordedBy !== '') out.recordedBy = other.recordedBy;
}

/** The role owner's trail shows a cross-account caller as a bare `AWSAccount`; the caller's own trail shows who. */
function richness(c: Caller): number {
  let n = c.type === 'AWSAccount' || c.type === 'Unknown' ? 0 : 4;
  if (c.arn) n += 2;
  if (c.accessKeyId) n += 1;
  return n;
}

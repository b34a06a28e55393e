import type { AssumeEvent, Caller } from '../model';
import { accountOf } from '../model';

/**
 * Removes records read twice (same `eventID`) and folds the records one cross-account call leaves
 * in each account (same `sharedEventID`) into one event: the role owner's record is kept, its
 * caller completed from the caller account's richer `userIdentity`, and the other accounts listed
 * in `alsoRecordedBy`. Returns the events sorted by time, then eventId.
 */
export function dedupe(events: readonly AssumeEvent[]): { events: AssumeEvent[]; duplicates: number } {
  const byId = new Map<string, AssumeEvent>();
  let duplicates = 0;
  for (const e of events) {
    const seen = byId.get(e.eventId);
    if (!seen) byId.set(e.eventId, e);
    else {
      duplicates++;
      byId.set(e.eventId, completeFrom(seen, e));
    }
  }

  const groups = new Map<string, AssumeEvent[]>();
  const out: AssumeEvent[] = [];
  for (const e of byId.values()) {
    if (!e.sharedEventId) {
      out.push(e);
      continue;
    }
    const g = groups.get(e.sharedEventId);
    if (g) g.push(e);
    else groups.set(e.sharedEventId, [e]);
  }
  for (const g of groups.values()) {
    if (g.length === 1) {
      out.push(g[0]!);
      continue;
    }
    duplicates += g.length - 1;
    out.push(fold(g));
  }
  out.sort((a, b) =>
    a.time < b.time ? -1 : a.time > b.time ? 1 : a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0,
  );
  return { events: out, duplicates };
}

function fold(group: AssumeEvent[]): AssumeEvent {
  const owner = group[0]?.roleArn ? accountOf(group[0].roleArn) : undefined;
  const primary = group.find((e) => owner !== undefined && e.recordedBy === owner) ?? group[0]!;
  let merged: AssumeEvent = { ...primary };
  for (const e of group) if (e !== primary) merged = completeFrom(merged, e);
  const others = [
    ...new Set(group.map((e) => e.recordedBy).filter((a) => a !== '' && a !== primary.recordedBy)),
  ];
  if (others.length > 0)
    merged.alsoRecordedBy = [...new Set([...(primary.alsoRecordedBy ?? []), ...others])].sort();
  return merged;
}

/** Fills what `base` lacks from `other`; the caller is taken whole from whichever record knows it better. */
function completeFrom(base: AssumeEvent, other: AssumeEvent): AssumeEvent {
  const out: AssumeEvent = { ...base };
  const fill = out as unknown as Record<string, unknown>;
  for (const [k, v] of Object.entries(other))
    if (k !== 'notes' && fill[k] === undefined && v !== undefined) fill[k] = v;
  if (richness(other.caller) > richness(base.caller)) out.caller = { ...other.caller };
  if (!base.externalIdPresent && other.externalIdPresent) out.externalIdPresent = true;
  if (base.recordedBy === '' && other.recordedBy !== '') out.recordedBy = other.recordedBy;
  return out;
}

/** The role owner's trail shows a cross-account caller as a bare `AWSAccount`; the caller's own trail shows who. */
function richness(c: Caller): number {
  let n = c.type === 'AWSAccount' || c.type === 'Unknown' ? 0 : 4;
  if (c.arn) n += 2;
  if (c.accessKeyId) n += 1;
  return n;
}

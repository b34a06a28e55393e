/** CloudTrail AssumeRole* events folded into the graph's overlay: one observation per caller, role and outcome. */
import type { AssumeEvent } from '../model';
import type { EdgeObservation } from '../graph/types';

/** How the graph names the caller of an event: the session or principal ARN, `service:…`, `account:…`, or the provider. */
export function observedCaller(e: AssumeEvent): string | undefined {
  const c = e.caller;
  // EC2 takes an instance profile's role for the instance and names the session after it: the instance calls.
  if (
    c.type === 'AWSService' &&
    c.invokedBy === 'ec2.amazonaws.com' &&
    e.roleSessionName !== undefined &&
    /^i-[0-9a-f]{8,17}$/.test(e.roleSessionName)
  )
    return `instance:${e.roleSessionName}`;
  if (c.type === 'AWSService' && c.invokedBy !== undefined) return `service:${c.invokedBy}`;
  if (c.type === 'AWSAccount' && c.accountId !== undefined) return `account:${c.accountId}`;
  if (
    (e.eventName === 'AssumeRoleWithWebIdentity' || e.eventName === 'AssumeRoleWithSAML') &&
    (e.provider ?? c.identityProvider)
  )
    return e.provider ?? c.identityProvider;
  return c.arn ?? c.sessionIssuerArn;
}

export function observationsFromEvents(events: readonly AssumeEvent[]): EdgeObservation[] {
  const byKey = new Map<string, EdgeObservation>();
  const seen = new Set<string>();
  for (const e of events) {
    if (!e.eventName.startsWith('AssumeRole') || e.roleArn === undefined) continue;
    const id = e.sharedEventId ?? e.eventId;
    if (seen.has(id)) continue;
    seen.add(id);
    const caller = observedCaller(e);
    if (caller === undefined) continue;
    const key = `${caller}|${e.roleArn}|${e.outcome}`;
    const o = byKey.get(key);
    if (o) {
      o.count++;
      if (e.time < o.firstSeen) o.firstSeen = e.time;
      if (e.time > o.lastSeen) o.lastSeen = e.time;
    } else
      byKey.set(key, {
        caller,
        role: e.roleArn,
        outcome: e.outcome,
        count: 1,
        firstSeen: e.time,
        lastSeen: e.time,
      });
  }
  return [...byKey.values()];
}

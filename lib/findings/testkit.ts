/**
 * Hand-made inputs for the rules' tests: the graph's snapshot builders, CloudTrail-shaped AssumeRole
 * events, and a one-call "snapshot → graph → findings".
 */
import type { AssumeEvent, Caller, Snapshot } from '../model';
import { buildGraph } from '../graph';
import type { Finding } from './types';
import { computeFindings } from './index';
import { observationsFromEvents } from './observations';

export * from '../graph/testkit';

/** The snapshot time of `snapshotOf()`: events are dated relative to it. */
export const NOW = '2026-11-22T09:00:00Z';
export const daysAgo = (n: number): string => new Date(Date.parse(NOW) - n * 86_400_000).toISOString();

let seq = 0;

/** An AssumeRole* event as `lib/audit` normalises CloudTrail: the caller is a role session unless told. */
export function assumeEvent(e: {
  callerRole?: string;
  caller?: Caller;
  role: string;
  outcome?: AssumeEvent['outcome'];
  externalId?: string;
  durationSeconds?: number;
  daysAgo?: number;
  eventName?: string;
  errorCode?: string;
  subject?: string;
  provider?: string;
}): AssumeEvent {
  seq++;
  const account = e.role.split(':')[4] ?? '';
  const caller: Caller =
    e.caller ??
    (e.callerRole !== undefined
      ? {
          type: 'AssumedRole',
          arn: `arn:aws:sts::${e.callerRole.split(':')[4] ?? ''}:assumed-role/${e.callerRole.split('/').pop() ?? ''}/i-0abc${seq}`,
          accountId: e.callerRole.split(':')[4] ?? '',
          sessionIssuerArn: e.callerRole,
        }
      : { type: 'Unknown' });
  const outcome = e.outcome ?? 'success';
  return {
    eventId: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    time: daysAgo(e.daysAgo ?? 1),
    recordedBy: account,
    region: 'us-west-2',
    eventName: e.eventName ?? 'AssumeRole',
    eventSource: 'sts.amazonaws.com',
    caller,
    roleArn: e.role,
    roleSessionName: 'rolechain-test',
    externalIdPresent: e.externalId !== undefined,
    ...(e.externalId !== undefined ? { externalId: e.externalId } : {}),
    ...(e.durationSeconds !== undefined ? { durationSeconds: e.durationSeconds } : {}),
    ...(e.subject !== undefined ? { subject: e.subject } : {}),
    ...(e.provider !== undefined ? { provider: e.provider } : {}),
    outcome,
    ...(outcome !== 'success'
      ? {
          errorCode: e.errorCode ?? (outcome === 'denied' ? 'AccessDenied' : 'ValidationError'),
          errorMessage: `User: ${caller.arn ?? ''} is not authorized to perform: sts:AssumeRole on resource: ${e.role}`,
        }
      : {}),
  };
}

/** Snapshot (and events) → graph → findings, as `rolechain analyze` does it. */
export function analyse(snapshot: Snapshot, events: AssumeEvent[] = [], rules?: string[]): Finding[] {
  const graph = buildGraph(snapshot, { observations: observationsFromEvents(events) });
  return computeFindings({ snapshot, graph, events, now: NOW }, rules ? { rules } : {});
}

export const ofRule = (findings: Finding[], rule: string): Finding[] =>
  findings.filter((f) => f.rule === rule);

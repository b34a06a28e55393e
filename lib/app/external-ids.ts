/**
 * The ExternalIds known for a source → role edge: the values the role's trust requires
 * (`sts:ExternalId` under StringEquals-like operators), and the values CloudTrail saw that caller send.
 * The edge panel fills its check with one of them and says which, instead of starting empty.
 */
import type { AssumeEvent, Snapshot } from '../model';

export interface KnownExternalIds {
  /** Exact values the trust requires (wildcard patterns left out). */
  required: string[];
  /** Values seen in AssumeRole calls from this caller to this role, most frequent first. */
  seen: string[];
}

const EQUALS = /^(ForAnyValue:|ForAllValues:)?String(Equals|EqualsIgnoreCase|Like)(IfExists)?$/i;

function requiredBy(trust: unknown): string[] {
  const out: string[] = [];
  const doc = trust as { Statement?: unknown } | undefined;
  const statements = Array.isArray(doc?.Statement) ? doc.Statement : doc?.Statement ? [doc.Statement] : [];
  for (const st of statements as { Effect?: string; Condition?: Record<string, Record<string, unknown>> }[]) {
    if (st.Effect !== 'Allow' || !st.Condition) continue;
    for (const [op, block] of Object.entries(st.Condition)) {
      if (!EQUALS.test(op)) continue;
      for (const [key, v] of Object.entries(block))
        if (key.toLowerCase() === 'sts:externalid')
          for (const x of Array.isArray(v) ? v : [v])
            if (typeof x === 'string' && !/[*?]/.test(x)) out.push(x);
    }
  }
  return [...new Set(out)];
}

/** Callers are matched by role ARN; an instance profile or instance source by the role it runs as. */
function callerArns(snapshot: Snapshot, source: string): Set<string> {
  const s = source.trim();
  const arns = new Set([s]);
  const profileArn = s.startsWith('i-') ? snapshot.instances.find((i) => i.id === s)?.instanceProfileArn : s;
  const profile = snapshot.instanceProfiles.find((p) => p.arn === profileArn);
  for (const r of profile?.roleArns ?? []) arns.add(r);
  return arns;
}

export function knownExternalIds(
  snapshot: Snapshot,
  events: readonly AssumeEvent[],
  source: string,
  targetRole: string,
): KnownExternalIds {
  const role = snapshot.roles.find((r) => r.arn === targetRole.trim());
  const callers = callerArns(snapshot, source);
  const counts = new Map<string, number>();
  for (const e of events) {
    if (e.roleArn !== targetRole.trim() || e.externalId === undefined) continue;
    const by = e.caller.sessionIssuerArn ?? e.caller.arn;
    if (by === undefined || !callers.has(by)) continue;
    counts.set(e.externalId, (counts.get(e.externalId) ?? 0) + 1);
  }
  return {
    required: role ? requiredBy(role.trustPolicy) : [],
    seen: [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([v]) => v),
  };
}

/**
 * What the graph shows of findings on each node: how many concern it and the worst severity among
 * them. The graph view needs only this for its badges and severity filter, not the findings themselves
 * (the whole list with fixes is megabytes on a large organisation).
 */
import type { Finding, Severity } from './types';
import { SEVERITIES } from './types';

export interface NodeFindings {
  /** Findings that name the node (each counted once, however often it names the node). */
  count: number;
  /** The most severe of them. */
  worst: Severity;
}

/** Every node named by a finding, with its count and worst severity. */
export function summariseByNode(
  findings: readonly Pick<Finding, 'severity' | 'nodes'>[],
): Map<string, NodeFindings> {
  const out = new Map<string, NodeFindings>();
  for (const f of findings) {
    const rank = SEVERITIES.indexOf(f.severity);
    for (const id of new Set(f.nodes)) {
      const s = out.get(id);
      if (s === undefined) out.set(id, { count: 1, worst: f.severity });
      else {
        s.count++;
        if (rank < SEVERITIES.indexOf(s.worst)) s.worst = f.severity;
      }
    }
  }
  return out;
}

/** The summaries of the given nodes that have any finding, as a JSON-ready record. */
export function summaryFor(
  summary: ReadonlyMap<string, NodeFindings>,
  ids: Iterable<string>,
): Record<string, NodeFindings> {
  const out: Record<string, NodeFindings> = {};
  for (const id of ids) {
    const s = summary.get(id);
    if (s !== undefined) out[id] = s;
  }
  return out;
}

/**
 * The snapshot diff, one use case behind `GET /api/diff`, the dashboard's Compare and `rolechain diff`: what changed between two stored snapshots, as chains: edges opened, broken
 * (`can-assume` → `missing-*` between the same pair), closed (gone), or whose decision changed.
 * Both graphs are built by `buildGraph` from the snapshots alone (no CloudTrail overlay), so the
 * diff is about configuration, not usage.
 */
import { z } from 'zod';
import type { GraphEdge, GraphNode, RoleGraph } from '../graph/types';
import { buildGraph } from '../graph';
import { releaseTextMemos } from '../policy';
import type { Result } from '../model';
import { err, ok } from '../model';
import type { Store } from '../store';

export const DiffQuery = z.object({
  from: z.coerce.number().int().positive(),
  to: z.coerce.number().int().positive(),
});
export type DiffQuery = z.infer<typeof DiffQuery>;

export const CHANGE_KINDS = ['opened', 'broken', 'closed', 'changed'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export interface EdgeChange {
  change: ChangeKind;
  source: string;
  target: string;
  sourceLabel: string;
  targetLabel: string;
  before?: Pick<GraphEdge, 'kind' | 'decision'>;
  after?: Pick<GraphEdge, 'kind' | 'decision'>;
}

export interface SnapshotDiff {
  from: { id: number; createdAt: string };
  to: { id: number; createdAt: string };
  changes: EdgeChange[];
  counts: Record<ChangeKind, number>;
}

/** The configuration edges a diff compares; CloudTrail's edges and structural ones are not chains. */
const CHAIN_KINDS = new Set(['can-assume', 'missing-trust', 'missing-permission', 'can-access']);
const WORKS = new Set(['can-assume', 'can-access']);

const pair = (e: GraphEdge): string => `${e.source}\u0000${e.target}`;

function pairs(g: RoleGraph): Map<string, GraphEdge> {
  const out = new Map<string, GraphEdge>();
  for (const e of g.edges) {
    if (!CHAIN_KINDS.has(e.kind)) continue;
    const prev = out.get(pair(e));
    // A working edge stands for the pair over a broken one (both can exist for different actions).
    if (!prev || (WORKS.has(e.kind) && !WORKS.has(prev.kind))) out.set(pair(e), e);
  }
  return out;
}

const brief = (e: GraphEdge): Pick<GraphEdge, 'kind' | 'decision'> =>
  e.decision === undefined ? { kind: e.kind } : { kind: e.kind, decision: e.decision };

/** Edge changes from `before` to `after`, per (source, target) pair, sorted by change then source. */
export function diffGraphs(before: RoleGraph, after: RoleGraph): EdgeChange[] {
  const labels = new Map<string, string>();
  const label = (nodes: GraphNode[]) => {
    for (const n of nodes) labels.set(n.id, n.label);
  };
  label(before.nodes);
  label(after.nodes);
  const a = pairs(before);
  const b = pairs(after);
  const out: EdgeChange[] = [];
  const push = (change: ChangeKind, e: GraphEdge, was?: GraphEdge, now?: GraphEdge) =>
    out.push({
      change,
      source: e.source,
      target: e.target,
      sourceLabel: labels.get(e.source) ?? e.source,
      targetLabel: labels.get(e.target) ?? e.target,
      ...(was ? { before: brief(was) } : {}),
      ...(now ? { after: brief(now) } : {}),
    });
  for (const [k, now] of b) {
    const was = a.get(k);
    if (!was) {
      if (WORKS.has(now.kind)) push('opened', now, undefined, now);
      continue;
    }
    const worked = WORKS.has(was.kind);
    const works = WORKS.has(now.kind);
    if (worked && !works) push('broken', now, was, now);
    else if (!worked && works) push('opened', now, was, now);
    else if (was.kind !== now.kind || was.decision !== now.decision) push('changed', now, was, now);
  }
  for (const [k, was] of a) if (!b.has(k) && WORKS.has(was.kind)) push('closed', was, was);
  const order = new Map(CHANGE_KINDS.map((c, i) => [c, i]));
  out.sort(
    (x, y) =>
      order.get(x.change)! - order.get(y.change)! ||
      x.source.localeCompare(y.source) ||
      x.target.localeCompare(y.target),
  );
  return out;
}

/** Loads both snapshots, builds their graphs and diffs them. */
export function snapshotDiff(store: Store, q: DiffQuery): Result<SnapshotDiff> {
  const metas = new Map(store.listSnapshots().map((m) => [m.id, m]));
  const fm = metas.get(q.from);
  const tm = metas.get(q.to);
  if (!fm) return err('not_found', `No snapshot #${q.from} is stored.`);
  if (!tm) return err('not_found', `No snapshot #${q.to} is stored.`);
  const fs = store.getSnapshot(q.from);
  const ts = store.getSnapshot(q.to);
  if (!fs || !ts) return err('not_found', 'A stored snapshot could not be read.');
  const changes = diffGraphs(buildGraph(fs), buildGraph(ts));
  releaseTextMemos();
  const counts = { opened: 0, broken: 0, closed: 0, changed: 0 };
  for (const c of changes) counts[c.change]++;
  return ok({
    from: { id: fm.id, createdAt: fm.createdAt },
    to: { id: tm.id, createdAt: tm.createdAt },
    changes,
    counts,
  });
}

/**
 * Two snapshots compared, drawn in place: each chain edge of the view that the diff names is marked
 * (gained, lost, broken, changed), and a chain that is gone from the drawn snapshot comes back as a
 * ghost edge (and ghost ends where the nodes are gone too), so what was lost is seen where it was.
 * Pure: tested without React.
 */
import type { GraphEdge, GraphNode, NodeKind, RoleGraph } from '@/lib/graph/types';
import type { ChangeKind, EdgeChange } from '@/lib/app/snapshot-diff';

/** What the canvas shows per change. `opened` reads as gained, `closed` as lost. */
export const DIFF_LABEL: Record<ChangeKind, string> = {
  opened: 'gained',
  closed: 'lost',
  broken: 'broken',
  changed: 'changed',
};

export interface DiffMark {
  change: ChangeKind;
  /** `kind (decision)` before → after, for the edge's title. */
  text: string;
  /** The edge is not in the drawn snapshot: it stands for what the other snapshot had. */
  ghost?: boolean;
}

/** A view edge with its diff mark (the canvas reads `diff`); structurally still a `GraphEdge`. */
export type DiffEdge = GraphEdge & { diff?: DiffMark };

const CHAIN_KINDS = new Set(['can-assume', 'missing-trust', 'missing-permission', 'can-access']);
const pair = (s: string, t: string) => `${s}\u0000${t}`;
const brief = (b: EdgeChange['before']) => (b ? `${b.kind}${b.decision ? ` (${b.decision})` : ''}` : 'none');

/** A node's kind and account from its id alone (a ghost has nothing else). */
export function ghostNode(id: string, label: string): GraphNode {
  const iam = /^arn:aws[\w-]*:iam::(\d{12}):(role|user|instance-profile)\//.exec(id);
  let kind: NodeKind = 'external-principal';
  let account: string | undefined;
  if (iam) {
    account = iam[1];
    kind = iam[2] as NodeKind;
  } else if (id.startsWith('arn:aws:s3:::')) kind = 'bucket';
  else if (id.startsWith('s3://')) kind = 'bucket-prefix';
  else if (/^arn:aws[\w-]*:glue:/.test(id)) kind = 'glue-catalog';
  else if (/^arn:aws[\w-]*:kms:/.test(id)) kind = 'kms-key';
  else if (id.startsWith('service:')) kind = 'service';
  else if (id.startsWith('account:')) kind = 'account';
  return { id, kind, label, ...(account ? { account } : {}), meta: { diff: 'absent' } };
}

/**
 * The view with the diff drawn on it. `scope: 'view'` keeps ghosts to those touching a node already
 * drawn (a focused view); `'all'` adds every lost chain (the overview).
 */
export function overlayDiff(
  view: RoleGraph,
  changes: readonly EdgeChange[],
  scope: 'view' | 'all' = 'all',
): { graph: RoleGraph; marked: number; ghosts: number } {
  const byPair = new Map(changes.map((c) => [pair(c.source, c.target), c]));
  const nodeIds = new Set(view.nodes.map((n) => n.id));
  const present = new Set<string>();
  let marked = 0;
  const edges: DiffEdge[] = view.edges.map((e) => {
    const c = CHAIN_KINDS.has(e.kind) ? byPair.get(pair(e.source, e.target)) : undefined;
    if (!c) return e;
    present.add(pair(e.source, e.target));
    marked++;
    return { ...e, diff: { change: c.change, text: `${brief(c.before)} → ${brief(c.after)}` } };
  });
  const nodes = [...view.nodes];
  let ghosts = 0;
  for (const c of changes) {
    const k = pair(c.source, c.target);
    if (present.has(k)) continue;
    if (scope === 'view' && !nodeIds.has(c.source) && !nodeIds.has(c.target)) continue;
    // The drawn snapshot lacks this pair's chain edge: draw what the diff says it was or became.
    const was = c.after ?? c.before;
    if (!was) continue;
    for (const [id, label] of [
      [c.source, c.sourceLabel],
      [c.target, c.targetLabel],
    ] as const)
      if (!nodeIds.has(id)) {
        nodeIds.add(id);
        nodes.push(ghostNode(id, label));
      }
    edges.push({
      id: `diff|${c.change}|${c.source}|${c.target}`,
      kind: was.kind,
      source: c.source,
      target: c.target,
      ...(was.decision ? { decision: was.decision } : {}),
      diff: { change: c.change, text: `${brief(c.before)} → ${brief(c.after)}`, ghost: true },
    });
    ghosts++;
  }
  return { graph: { nodes, edges }, marked, ghosts };
}

/** How the canvas draws a diff mark: a halo colour under the edge, and the badge's classes. */
export const DIFF_STYLE: Record<ChangeKind, { halo: string; badge: string }> = {
  opened: { halo: '#22c55e', badge: 'bg-green-600 text-white' },
  closed: { halo: '#64748b', badge: 'bg-slate-600 text-white' },
  broken: { halo: '#ef4444', badge: 'bg-red-600 text-white' },
  changed: { halo: '#0ea5e9', badge: 'bg-sky-600 text-white' },
};

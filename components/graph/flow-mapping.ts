/**
 * Pure mapping between the API's graph and what React Flow draws: nodes grouped by account,
 * laid out left to right (entry points → roles → data) by ELK's layered algorithm.
 * No React here, so it is tested as plain functions and runs in a Web Worker.
 */
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import type { EdgeKind, GraphEdge, GraphNode, RoleGraph } from '@/lib/graph/types';

export const NODE_WIDTH = 220;
export const NODE_HEIGHT = 54;
const GROUP_PREFIX = 'group:';

export interface EntityData extends Record<string, unknown> {
  node: GraphNode;
  focused: boolean;
  findings: number;
}

export interface AccountData extends Record<string, unknown> {
  account: string;
  label: string;
  external: boolean;
}

export interface FlowNode {
  id: string;
  type: 'entity' | 'account';
  position: { x: number; y: number };
  parentId?: string;
  width: number;
  height: number;
  data: EntityData | AccountData;
  /** Groups draw behind their members. */
  zIndex?: number;
}

export interface FlowEdge {
  id: string;
  source: string;
  target: string;
  type: 'chain';
  data: { edge: GraphEdge };
  zIndex?: number;
}

export const groupId = (account: string): string => `${GROUP_PREFIX}${account}`;

const LAYOUT = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.layered.spacing.nodeNodeBetweenLayers': '70',
  'elk.spacing.nodeNode': '18',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
};
const GROUP_LAYOUT = { 'elk.padding': '[top=34,left=14,bottom=14,right=14]' };

/** ELK's input: one compound node per account holding that account's nodes; services and anonymous at the top level. */
export function toElk(view: RoleGraph): ElkNode {
  const groups = new Map<string, ElkNode>();
  const top: ElkNode[] = [];
  for (const n of view.nodes) {
    const leaf: ElkNode = { id: n.id, width: NODE_WIDTH, height: NODE_HEIGHT };
    if (n.account === undefined || n.kind === 'account' || n.kind === 'external-account') {
      top.push(leaf);
      continue;
    }
    let g = groups.get(n.account);
    if (!g) {
      g = { id: groupId(n.account), layoutOptions: GROUP_LAYOUT, children: [] };
      groups.set(n.account, g);
    }
    g.children!.push(leaf);
  }
  const edges: ElkExtendedEdge[] = view.edges.map((e) => ({
    id: e.id,
    sources: [e.source],
    targets: [e.target],
  }));
  return { id: 'root', layoutOptions: LAYOUT, children: [...groups.values(), ...top], edges };
}

/** React Flow's elements from ELK's result; child positions stay relative to their group, as React Flow expects. */
export function fromElk(
  laid: ElkNode,
  view: RoleGraph,
  opts: {
    focus?: string;
    accountNames?: Record<string, string>;
    findingsByNode?: Record<string, number>;
  } = {},
): { nodes: FlowNode[]; edges: FlowEdge[] } {
  const byId = new Map(view.nodes.map((n) => [n.id, n]));
  const nodes: FlowNode[] = [];
  const entity = (e: ElkNode, parentId?: string) => {
    const n = byId.get(e.id);
    if (!n) return;
    nodes.push({
      id: n.id,
      type: 'entity',
      position: { x: e.x ?? 0, y: e.y ?? 0 },
      ...(parentId ? { parentId } : {}),
      width: NODE_WIDTH,
      height: NODE_HEIGHT,
      data: { node: n, focused: n.id === opts.focus, findings: opts.findingsByNode?.[n.id] ?? 0 },
    });
  };
  for (const child of laid.children ?? []) {
    if (child.id.startsWith(GROUP_PREFIX)) {
      const account = child.id.slice(GROUP_PREFIX.length);
      const members = child.children ?? [];
      const external = members.every((m) => byId.get(m.id)?.external === true);
      const name = opts.accountNames?.[account];
      // A group comes before its members: React Flow requires parents first.
      nodes.push({
        id: child.id,
        type: 'account',
        position: { x: child.x ?? 0, y: child.y ?? 0 },
        width: child.width ?? NODE_WIDTH,
        height: child.height ?? NODE_HEIGHT,
        zIndex: -1,
        data: { account, label: name ? `${name} (${account})` : account, external },
      });
      for (const m of members) entity(m, child.id);
    } else entity(child);
  }
  const edges: FlowEdge[] = view.edges.map((e) => ({
    id: e.id,
    source: e.source,
    target: e.target,
    type: 'chain',
    data: { edge: e },
    zIndex: 1,
  }));
  return { nodes, edges };
}

/** Absolute position of a node (its group's position added), for hit tests and tests. */
export function absolute(nodes: FlowNode[], id: string): { x: number; y: number } | undefined {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const n = byId.get(id);
  if (!n) return undefined;
  const p = n.parentId ? byId.get(n.parentId) : undefined;
  return { x: n.position.x + (p?.position.x ?? 0), y: n.position.y + (p?.position.y ?? 0) };
}

/** How each edge kind is drawn; the legend reads the same table. */
export const EDGE_STYLE: Record<
  EdgeKind,
  { label: string; stroke: string; dash?: string; description: string }
> = {
  'has-profile': {
    label: 'has profile',
    stroke: '#94a3b8',
    description: 'EC2 instance bound to an instance profile',
  },
  'runs-as': { label: 'runs as', stroke: '#64748b', description: 'Instance profile holds this role' },
  'can-assume': {
    label: 'can assume',
    stroke: '#059669',
    description: 'Trust and permissions allow sts:AssumeRole',
  },
  'missing-trust': {
    label: 'missing trust',
    stroke: '#dc2626',
    dash: '6 4',
    description: 'Source may call sts:AssumeRole, the target’s trust does not admit it',
  },
  'missing-permission': {
    label: 'missing permission',
    stroke: '#ea580c',
    dash: '6 4',
    description: 'Trust admits the source, its own policies do not allow the call',
  },
  'can-access': {
    label: 'can access',
    stroke: '#2563eb',
    description: 'Role may act on the bucket or catalog',
  },
  observed: {
    label: 'observed',
    stroke: '#16a34a',
    description: 'Seen in CloudTrail (thicker = more often)',
  },
  'denied-attempt': {
    label: 'denied attempt',
    stroke: '#b91c1c',
    dash: '2 3',
    description: 'Seen failing in CloudTrail',
  },
};

/** Conditional can-assume edges are drawn dashed amber with their condition on hover. */
export const CONDITIONAL_STYLE = { stroke: '#d97706', dash: '4 3' };

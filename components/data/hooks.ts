'use client';

import { useQuery } from '@tanstack/react-query';
import type { GraphView } from '@/lib/server/graph-view';
import type { NodeDetails, SearchHit } from '@/lib/server/node-details';
import { fetchJson, keys, qs } from './api';

export interface SnapshotInfo {
  current: {
    id: number;
    createdAt: string;
    importedAt: string;
    source: { kind: string; detail: string };
    counts: Record<string, number>;
    warnings: number;
  };
  accounts: { id: string; name: string | null; external: boolean }[];
  warnings: { source: string; code: string; message: string }[];
  graph: { nodes: number; edges: number };
  findings: number;
  events: number;
  history: SnapshotInfo['current'][];
}

export function useSnapshot() {
  return useQuery({ queryKey: keys.snapshot(), queryFn: () => fetchJson<SnapshotInfo>('/api/snapshot') });
}

export interface GraphParams {
  focus?: string;
  depth?: number;
  kinds?: readonly string[];
  account?: string;
}

export function useGraph(p: GraphParams) {
  const url = `/api/graph${qs({ focus: p.focus, depth: p.depth, kinds: p.kinds, account: p.account })}`;
  return useQuery({ queryKey: keys.graph({ ...p }), queryFn: () => fetchJson<GraphView>(url) });
}

export function useNode(id: string | undefined) {
  return useQuery({
    queryKey: keys.node(id ?? ''),
    queryFn: () => fetchJson<NodeDetails>(`/api/node${qs({ id })}`),
    enabled: id !== undefined,
  });
}

export function useSearch(q: string) {
  return useQuery({
    queryKey: keys.search(q),
    queryFn: () => fetchJson<{ hits: SearchHit[] }>(`/api/search${qs({ q })}`),
    enabled: q.trim().length > 0,
  });
}

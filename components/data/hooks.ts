'use client';

import { keepPreviousData, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Overview } from '@/lib/app/overview';
import type { CheckOutcome } from '@/lib/app/check';
import type { GraphView } from '@/lib/server/graph-view';
import type { SnapshotDiff } from '@/lib/app/snapshot-diff';
import type { NodeDetails, SearchHit } from '@/lib/server/node-details';
import { fetchJson, keys, qs } from './api';
export { OVERVIEW_FIRST } from './api';

export interface SnapshotInfo {
  /** The dashboard shows the embedded demo: the user's store holds nothing yet. */
  demo: boolean;
  /** Parts of the estate not read fully, or held stale. */
  notRead: string[];
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
  /** Null until the snapshot has been analysed (a large estate's analysis takes a minute). */
  graph: { nodes: number; edges: number } | null;
  findings: number | null;
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
  /** `through`: the neighbourhood walks on through services and account roots. */
  hubs?: 'through';
}

export function useGraph(p: GraphParams, enabled = true) {
  const url = `/api/graph${qs({ focus: p.focus, depth: p.depth, kinds: p.kinds, account: p.account, hubs: p.hubs })}`;
  return useQuery({ queryKey: keys.graph({ ...p }), queryFn: () => fetchJson<GraphView>(url), enabled });
}

export interface OverviewParams {
  q?: string;
  sort?: 'findings' | 'roles' | 'id';
  limit?: number;
  offset?: number;
}

/** The organisation overview: accounts ranked by findings, from the store (never waits for an analysis). */
export function useOverview(p: OverviewParams, enabled = true) {
  return useQuery({
    queryKey: keys.overview({ ...p }),
    queryFn: () => fetchJson<Overview>(`/api/overview${qs({ ...p })}`),
    enabled,
    // Paging and filtering the list keeps the previous page on screen until the next one arrives.
    placeholderData: keepPreviousData,
  });
}

/**
 * Starts the analysis of snapshot `id` when it has not run (the overview shows no findings until it
 * has), then refreshes what shows its results. The server analyses once per snapshot; asking for the
 * findings' first page is what starts it.
 */
export function useAnalysis(id: number | undefined, needed: boolean) {
  const client = useQueryClient();
  return useQuery({
    queryKey: keys.analysis(id ?? 0),
    queryFn: async () => {
      await fetchJson<unknown>('/api/findings');
      await client.invalidateQueries({ queryKey: [...keys.all, 'overview'] });
      await client.invalidateQueries({ queryKey: keys.snapshot() });
      return true;
    },
    enabled: id !== undefined && needed,
    staleTime: Infinity,
    retry: false,
  });
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

/** The neighbourhood (depth 1) of each expanded node, fetched in parallel; shares the graph key space. */
export function useExpanded(ids: readonly string[], kinds?: readonly string[]) {
  return useQueries({
    queries: ids.map((focus) => {
      const p: GraphParams = { focus, depth: 1, ...(kinds ? { kinds } : {}) };
      return {
        queryKey: keys.graph({ ...p }),
        queryFn: () => fetchJson<GraphView>(`/api/graph${qs({ focus, depth: 1, kinds })}`),
      };
    }),
  });
}

export interface EdgeCheckParams {
  source: string;
  /** Absent: the source's own credentials (a path without an assume step). */
  targetRole?: string;
  resource: string;
  action: string;
  externalId?: string;
  /** Let the check fill the ExternalId from the trust or CloudTrail when none is typed. */
  fillExternalId?: boolean;
}

/** The five-step check of one chain; a POST, but idempotent, so it is cached like a read. */
export function useEdgeCheck(p: EdgeCheckParams | undefined) {
  return useQuery({
    queryKey: keys.check({ ...p }),
    queryFn: () =>
      fetchJson<CheckOutcome>('/api/check', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(p),
      }),
    enabled: p !== undefined,
  });
}

export function useDiff(from: number | undefined, to: number | undefined) {
  return useQuery({
    queryKey: keys.diff(from ?? 0, to ?? 0),
    queryFn: () => fetchJson<SnapshotDiff>(`/api/diff${qs({ from, to })}`),
    enabled: from !== undefined && to !== undefined,
  });
}

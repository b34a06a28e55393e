'use client';

import type { UseQueryResult } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useExpanded, useGraph } from '@/components/data/hooks';
import type { Severity } from '@/lib/findings/types';
import type { RoleGraph } from '@/lib/graph/types';
import type { GraphView } from '@/lib/server/graph-view';
import type { UsageFilter } from './view-transform';
import { collapseAccounts, filterSeverity, filterUsage, mergeFindings, mergeViews } from './view-transform';

export interface ExplorerQuery {
  focus: string | undefined;
  /** `through`: the focus's neighbourhood walks on through services and account roots. */
  hubs?: 'through';
  depth: number;
  kinds: readonly string[] | undefined;
  account: string | undefined;
  expanded: readonly string[];
  collapsed: readonly string[];
  severity: Severity | undefined;
  usage: UsageFilter;
  accountNames: Record<string, string>;
  /** The view is not drawn (the overview of a large estate is shown instead): nothing is fetched. */
  skip?: boolean;
}

/**
 * The graph as drawn: the focused view from the API, each expanded node's neighbours merged in,
 * then the severity and usage filters, then collapsed accounts. Memoised so layout runs only on change.
 */
export function useExplorerView(q: ExplorerQuery): {
  graph: UseQueryResult<GraphView>;
  view: RoleGraph | undefined;
  expansion: { pending: boolean; error: unknown; retry: () => void };
  findingsByNode: Record<string, number> | undefined;
} {
  const graph = useGraph(
    {
      ...(q.focus ? { focus: q.focus } : {}),
      ...(q.focus && q.hubs ? { hubs: q.hubs } : {}),
      depth: q.depth,
      ...(q.kinds ? { kinds: q.kinds } : {}),
      ...(q.account ? { account: q.account } : {}),
    },
    !q.skip,
  );
  const expandedQueries = useExpanded(q.expanded, q.kinds);
  const expandedData = expandedQueries.map((r) => r.data);
  const expandedKey = expandedQueries.map((r) => r.dataUpdatedAt).join(',');
  // A truncated view with nodes (an account drawn in part, a neighbourhood stopped at a hub) is drawn;
  // one without (the whole estate beyond the bound) is the summary table.
  const base = graph.data && (!graph.data.truncated || graph.data.nodes.length > 0) ? graph.data : undefined;
  // Each view carries the findings summary of its own nodes: badges and the severity filter need no more.
  const { worst, findingsByNode } = useMemo(
    () => {
      const merged = mergeFindings([base, ...expandedData]);
      const counts: Record<string, number> = {};
      for (const [id, s] of merged) counts[id] = s.count;
      return { worst: new Map([...merged].map(([id, s]) => [id, s.worst])), findingsByNode: counts };
    },
    // expandedKey stands for expandedData, as below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [base, expandedKey],
  );
  const { focus, severity, usage, collapsed, accountNames } = q;
  const collapsedKey = collapsed.join(',');
  const view = useMemo(
    () => {
      if (!base) return undefined;
      const extra = expandedData.filter((d): d is GraphView => d !== undefined);
      let v: RoleGraph = extra.length > 0 ? mergeViews([base, ...extra]) : base;
      v = filterSeverity(v, worst, severity, focus);
      v = filterUsage(v, usage, focus);
      return collapseAccounts(v, new Set(collapsedKey === '' ? [] : collapsedKey.split(',')), accountNames);
    },
    // expandedKey stands for expandedData: a new array each render, the same data until a query updates.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [base, expandedKey, worst, severity, usage, focus, collapsedKey, accountNames],
  );
  const failed = expandedQueries.find((r) => r.isError);
  return {
    graph,
    view,
    expansion: {
      pending: expandedQueries.some((r) => r.isPending),
      error: failed?.error,
      retry: () => {
        for (const r of expandedQueries) if (r.isError) void r.refetch();
      },
    },
    findingsByNode,
  };
}

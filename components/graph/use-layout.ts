'use client';

import { useMemo } from 'react';
import type { RoleGraph } from '@/lib/graph/types';
import type { FlowEdge, FlowNode } from './flow-mapping';
import { toFlow } from './flow-mapping';
import { layeredLayout } from './layered-layout';

export interface Laid {
  nodes: FlowNode[];
  edges: FlowEdge[];
}

/**
 * Lays out `view` and returns React Flow's elements, in the same render: the layout takes a few
 * milliseconds for the 300 nodes a view may draw, so the first frame already shows the graph.
 */
export function useLayout(
  view: RoleGraph | undefined,
  opts: { focus?: string; accountNames?: Record<string, string>; findingsByNode?: Record<string, number> },
): Laid | undefined {
  // Positions depend on the view only; focus and names only decorate, so changing them does not lay out again.
  const placed = useMemo(() => (view ? layeredLayout(view) : undefined), [view]);
  const { focus, accountNames, findingsByNode } = opts;
  return useMemo(
    () =>
      placed && view
        ? toFlow(placed, view, {
            ...(focus ? { focus } : {}),
            ...(accountNames ? { accountNames } : {}),
            ...(findingsByNode ? { findingsByNode } : {}),
          })
        : undefined,
    [placed, view, focus, accountNames, findingsByNode],
  );
}

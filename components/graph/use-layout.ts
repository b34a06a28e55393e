'use client';

import { useDeferredValue, useMemo } from 'react';
import type { RoleGraph } from '@/lib/graph/types';
import type { FlowEdge, FlowNode } from './flow-mapping';
import { toFlowEdges, toFlowNodes } from './flow-mapping';
import { layeredLayout } from './layered-layout';

export interface Laid {
  nodes: FlowNode[];
  edges: FlowEdge[];
}

const NO_EDGES: FlowEdge[] = [];

/**
 * Lays out `view` and returns React Flow's elements. The cards come in the same render: the layout takes
 * a few milliseconds for the 300 nodes a view may draw, so the first frame already shows them. The
 * edges' routes (edge-routes.ts) and their spoken names follow in a deferred render of their own, so the
 * first cards are not held back by them; React Flow draws no edge before it has measured both cards of it
 * anyway. Until a new view's edges are routed, none are drawn (never the last view's routes on new cards).
 */
export function useLayout(
  view: RoleGraph | undefined,
  opts: { focus?: string; accountNames?: Record<string, string>; findingsByNode?: Record<string, number> },
): Laid | undefined {
  // Positions depend on the view only; focus and names only decorate, so changing them does not lay out again.
  const placed = useMemo(() => (view ? { view, laid: layeredLayout(view) } : undefined), [view]);
  const { focus, accountNames, findingsByNode } = opts;
  const nodes = useMemo(
    () =>
      placed
        ? toFlowNodes(placed.laid, placed.view, {
            ...(focus ? { focus } : {}),
            ...(accountNames ? { accountNames } : {}),
            ...(findingsByNode ? { findingsByNode } : {}),
          })
        : undefined,
    [placed, focus, accountNames, findingsByNode],
  );
  const routed = useDeferredValue(placed);
  const routedEdges = useMemo(() => (routed ? toFlowEdges(routed.laid, routed.view) : NO_EDGES), [routed]);
  const edges = routed === placed ? routedEdges : NO_EDGES;
  return useMemo(() => (nodes ? { nodes, edges } : undefined), [nodes, edges]);
}

'use client';

import { BaseEdge, getBezierPath, type Edge, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import type { GraphEdge } from '@/lib/graph/types';
import { CONDITIONAL_STYLE, EDGE_STYLE } from './flow-mapping';

type ChainEdgeType = Edge<{ edge: GraphEdge }, 'chain'>;

function ChainEdgeView(props: EdgeProps<ChainEdgeType>) {
  const e = props.data?.edge;
  const [path] = getBezierPath(props);
  if (!e) return <BaseEdge path={path} />;
  const conditional = e.kind === 'can-assume' && e.decision === 'Conditional';
  const s = conditional ? { ...EDGE_STYLE['can-assume'], ...CONDITIONAL_STYLE } : EDGE_STYLE[e.kind];
  const width = e.observation ? Math.min(6, 1.5 + Math.log10(e.observation.count + 1)) : 1.6;
  const title = conditional
    ? `${s.label}: ${(e.openConditions ?? []).map((c) => c.text).join('; ')}`
    : e.observation
      ? `${s.label}: ${e.observation.count} times, last ${e.observation.lastSeen}`
      : s.label;
  return (
    <g data-testid="graph-edge" data-edge-kind={e.kind} data-decision={e.decision ?? ''}>
      <title>{title}</title>
      <BaseEdge
        path={path}
        interactionWidth={14}
        style={{
          stroke: s.stroke,
          strokeWidth: props.selected ? width + 1.5 : width,
          ...(s.dash ? { strokeDasharray: s.dash } : {}),
        }}
      />
    </g>
  );
}

export const ChainEdge = memo(ChainEdgeView);
export const edgeTypes = { chain: ChainEdge };

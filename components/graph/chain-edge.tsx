'use client';

import { BaseEdge, getBezierPath, type Edge, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import type { GraphEdge } from '@/lib/graph/types';
import type { Point } from './edge-routes';
import { roundedPath } from './edge-routes';
import { EDGE_STYLES, markerId, strokeVar, strokeWidth, styleKeyOf } from './edge-style';

type ChainEdgeType = Edge<{ edge: GraphEdge; route?: Point[] }, 'chain'>;

function ChainEdgeView(props: EdgeProps<ChainEdgeType>) {
  const e = props.data?.edge;
  const route = props.data?.route;
  // The routed polyline (cards and other edges avoided); a curve between the handles only without one.
  const path = route ? roundedPath(route) : getBezierPath(props)[0];
  if (!e) return <BaseEdge path={path} />;
  const key = styleKeyOf(e);
  const s = EDGE_STYLES[key];
  const width = strokeWidth(e);
  const title =
    key === 'conditional'
      ? `${s.label}: ${(e.openConditions ?? []).map((c) => c.text).join('; ')}`
      : e.observation
        ? `${s.label}: ${e.observation.count} times, last ${e.observation.lastSeen}`
        : s.label;
  return (
    <g data-testid="graph-edge" data-edge-kind={e.kind} data-decision={e.decision ?? ''} data-style={key}>
      <title>{title}</title>
      {props.selected && (
        // A halo under the selected edge: it reads as selected whatever its own colour.
        <path d={path} fill="none" className="stroke-sky-400/60" strokeWidth={width + 7} />
      )}
      <BaseEdge
        path={path}
        interactionWidth={14}
        {...(s.marker !== 'none' ? { markerEnd: `url(#${markerId(key)})` } : {})}
        style={{
          stroke: strokeVar(key),
          strokeWidth: props.selected ? width + 2 : width,
          ...(s.dash ? { strokeDasharray: s.dash } : {}),
        }}
      />
    </g>
  );
}

export const ChainEdge = memo(ChainEdgeView);
export const edgeTypes = { chain: ChainEdge };

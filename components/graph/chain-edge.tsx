'use client';

import { BaseEdge, EdgeLabelRenderer, getBezierPath, type Edge, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import type { GraphEdge } from '@/lib/graph/types';
import type { DiffEdge } from './diff-overlay';
import { DIFF_LABEL, DIFF_STYLE } from './diff-overlay';
import type { Point } from './edge-routes';
import { roundedPath } from './edge-routes';
import { EDGE_STYLES, markerId, strokeVar, strokeWidth, styleKeyOf } from './edge-style';

/** `onPath`: a step of the chain highlighted from the paths panel (./path-highlight.ts). */
type ChainEdgeType = Edge<{ edge: GraphEdge; route?: Point[]; onPath?: boolean }, 'chain'>;

function ChainEdgeView(props: EdgeProps<ChainEdgeType>) {
  const e = props.data?.edge;
  const route = props.data?.route;
  // The routed polyline (cards and other edges avoided); a curve between the handles only without one.
  const [curve, curveX, curveY] = getBezierPath(props);
  const path = route ? roundedPath(route) : curve;
  if (!e) return <BaseEdge path={path} />;
  // Where a compare badge sits: the route's middle bend, or the curve's middle.
  const mid = route && route.length > 0 ? route[Math.floor(route.length / 2)] : undefined;
  const labelX = mid ? mid.x : curveX;
  const labelY = mid ? mid.y : curveY;
  const key = styleKeyOf(e);
  const s = EDGE_STYLES[key];
  const width = strokeWidth(e);
  const onPath = props.data?.onPath === true;
  const title =
    key === 'conditional'
      ? `${s.label}: ${(e.openConditions ?? []).map((c) => c.text).join('; ')}`
      : e.observation
        ? `${s.label}: ${e.observation.count} times, last ${e.observation.lastSeen}`
        : s.label;
  // Compare mode: a halo and a badge say what changed between the two snapshots (components/graph/diff-overlay.ts).
  const diff = (e as DiffEdge).diff;
  return (
    <g
      data-testid="graph-edge"
      data-edge-kind={e.kind}
      data-decision={e.decision ?? ''}
      data-style={key}
      {...(onPath ? { 'data-on-path': 'true' } : {})}
      {...(diff ? { 'data-diff': diff.change, 'data-ghost': diff.ghost ? 'true' : 'false' } : {})}
    >
      <title>{diff ? `${DIFF_LABEL[diff.change]} (${diff.text}) · ${title}` : title}</title>
      {diff && (
        <path
          d={path}
          fill="none"
          stroke={DIFF_STYLE[diff.change].halo}
          strokeOpacity={0.35}
          strokeWidth={width + 7}
        />
      )}
      {onPath && (
        // A violet halo along each step of the highlighted chain, whatever the step's own colour.
        <path d={path} fill="none" className="rc-path-halo" strokeWidth={width + 8} />
      )}
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
          strokeWidth: props.selected || onPath ? width + 2 : width,
          ...(s.dash ? { strokeDasharray: s.dash } : {}),
          ...(diff?.ghost ? { strokeDasharray: '2 4', opacity: 0.7 } : {}),
        }}
      />
      {diff && (
        <EdgeLabelRenderer>
          <span
            data-testid="diff-badge"
            data-change={diff.change}
            className={`nodrag nopan pointer-events-none absolute rounded px-1 text-[10px] font-bold ${DIFF_STYLE[diff.change].badge}`}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
          >
            {DIFF_LABEL[diff.change]}
          </span>
        </EdgeLabelRenderer>
      )}
    </g>
  );
}

export const ChainEdge = memo(ChainEdgeView);
export const edgeTypes = { chain: ChainEdge };

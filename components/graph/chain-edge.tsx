'use client';

import { BaseEdge, EdgeLabelRenderer, getBezierPath, type Edge, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import type { GraphEdge } from '@/lib/graph/types';
import type { DiffEdge } from './diff-overlay';
import { DIFF_LABEL, DIFF_STYLE } from './diff-overlay';
import { CONDITIONAL_STYLE, EDGE_STYLE } from './flow-mapping';

type ChainEdgeType = Edge<{ edge: GraphEdge }, 'chain'>;

function ChainEdgeView(props: EdgeProps<ChainEdgeType>) {
  const e = props.data?.edge;
  const [path, labelX, labelY] = getBezierPath(props);
  if (!e) return <BaseEdge path={path} />;
  const conditional = e.kind === 'can-assume' && e.decision === 'Conditional';
  const s = conditional ? { ...EDGE_STYLE['can-assume'], ...CONDITIONAL_STYLE } : EDGE_STYLE[e.kind];
  const width = e.observation ? Math.min(6, 1.5 + Math.log10(e.observation.count + 1)) : 1.6;
  const title = conditional
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
      <BaseEdge
        path={path}
        interactionWidth={14}
        style={{
          stroke: s.stroke,
          strokeWidth: props.selected ? width + 1.5 : width,
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

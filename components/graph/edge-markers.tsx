'use client';

import { CANVAS, EDGE_STYLE_KEYS, EDGE_STYLES, markerId, strokeVar } from './edge-style';
import type { EdgeMarker, EdgeStyleKey } from './edge-style';

/**
 * The strokes as CSS variables (light, and dark under `.dark`) and one end marker per style, drawn in
 * the same variables: edges and legend swatches refer to them by id, so a theme switch repaints them
 * without re-rendering any edge. Rendered once per page that draws edges.
 */
export function EdgeMarkerDefs() {
  const vars = (theme: 'light' | 'dark') =>
    EDGE_STYLE_KEYS.map((k) => `${strokeVar(k).slice(4, -1)}:${EDGE_STYLES[k].stroke[theme]};`).join('') +
    `--rc-canvas:${CANVAS[theme]};`;
  return (
    <svg width="0" height="0" aria-hidden="true" className="absolute">
      <style>{`:root{${vars('light')}} .dark{${vars('dark')}}`}</style>
      <defs>
        {EDGE_STYLE_KEYS.map((k) =>
          EDGE_STYLES[k].marker === 'none' ? null : (
            <marker
              key={k}
              id={markerId(k)}
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerWidth="11"
              markerHeight="11"
              markerUnits="userSpaceOnUse"
              orient="auto-start-reverse"
            >
              <MarkerShape shape={EDGE_STYLES[k].marker} k={k} />
            </marker>
          ),
        )}
      </defs>
    </svg>
  );
}

function MarkerShape({ shape, k }: { shape: EdgeMarker; k: EdgeStyleKey }) {
  const c = strokeVar(k);
  const hollow = { fill: 'var(--rc-canvas)', stroke: c, strokeWidth: 1.6 };
  switch (shape) {
    case 'arrow':
      return <path d="M0,0 L10,5 L0,10 z" style={{ fill: c }} />;
    case 'open-arrow':
      return <path d="M1,1 L9,5 L1,9 z" style={hollow} />;
    case 'bar':
      return <rect x="6" y="0" width="3" height="10" style={{ fill: c }} />;
    case 'diamond':
      return <path d="M1,5 L5,1 L9,5 L5,9 z" style={hollow} />;
    case 'circle':
      return <circle cx="5" cy="5" r="4" style={{ fill: c }} />;
    case 'cross':
      return <path d="M1,1 L9,9 M9,1 L1,9" style={{ stroke: c, strokeWidth: 2.2, fill: 'none' }} />;
    case 'square':
      return <rect x="1.5" y="1.5" width="7" height="7" style={{ fill: c }} />;
    case 'none':
      return null;
  }
}

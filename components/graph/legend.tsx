'use client';

import type { EdgeKind } from '@/lib/graph/types';
import { EDGE_KINDS } from '@/lib/graph/types';
import type { EdgeStyleKey } from './edge-style';
import { EDGE_STYLES, markerId, strokeVar } from './edge-style';

/** A short line drawn exactly as the canvas draws the style: its stroke, dash and end marker. */
export function Swatch({ k }: { k: EdgeStyleKey }) {
  const s = EDGE_STYLES[k];
  return (
    <svg
      width="40"
      height="12"
      aria-hidden="true"
      className="shrink-0"
      data-testid="legend-swatch"
      data-style={k}
    >
      <line
        x1="1"
        y1="6"
        x2="34"
        y2="6"
        style={{ stroke: strokeVar(k) }}
        strokeWidth="2"
        {...(s.dash ? { strokeDasharray: s.dash } : {})}
        {...(s.marker !== 'none' ? { markerEnd: `url(#${markerId(k)})` } : {})}
      />
    </svg>
  );
}

/** The legend doubles as the edge-kind filter: a checkbox per kind, each with the swatch the canvas draws. */
export function Legend({
  shown,
  onToggle,
}: {
  shown: ReadonlySet<EdgeKind>;
  onToggle: (k: EdgeKind) => void;
}) {
  return (
    <fieldset className="space-y-1 text-xs" aria-label="Edge kinds">
      <legend className="mb-1 font-semibold text-slate-600 dark:text-slate-300">Edges</legend>
      {EDGE_KINDS.map((k) => (
        <div key={k}>
          <label className="flex cursor-pointer items-center gap-2" title={EDGE_STYLES[k].description}>
            <input type="checkbox" checked={shown.has(k)} onChange={() => onToggle(k)} />
            <Swatch k={k} />
            {EDGE_STYLES[k].label}
          </label>
          {k === 'can-assume' && (
            <div className="flex items-center gap-2 pl-5" title={EDGE_STYLES.conditional.description}>
              <Swatch k="conditional" /> conditional (e.g. needs ExternalId)
            </div>
          )}
        </div>
      ))}
    </fieldset>
  );
}

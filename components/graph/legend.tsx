'use client';

import type { EdgeKind } from '@/lib/graph/types';
import { EDGE_KINDS } from '@/lib/graph/types';
import { CONDITIONAL_STYLE, EDGE_STYLE } from './flow-mapping';

function Swatch({ stroke, dash }: { stroke: string; dash?: string }) {
  return (
    <svg width="28" height="8" aria-hidden="true" className="shrink-0">
      <line x1="0" y1="4" x2="28" y2="4" stroke={stroke} strokeWidth="2.5" strokeDasharray={dash} />
    </svg>
  );
}

/** The legend doubles as the edge-kind filter: a checkbox per kind. */
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
        <label key={k} className="flex cursor-pointer items-center gap-2" title={EDGE_STYLE[k].description}>
          <input type="checkbox" checked={shown.has(k)} onChange={() => onToggle(k)} />
          <Swatch
            stroke={EDGE_STYLE[k].stroke}
            {...(EDGE_STYLE[k].dash ? { dash: EDGE_STYLE[k].dash } : {})}
          />
          {EDGE_STYLE[k].label}
        </label>
      ))}
      <div
        className="flex items-center gap-2 pl-5"
        title="Allowed only if the conditions shown on hover hold"
      >
        <Swatch stroke={CONDITIONAL_STYLE.stroke} dash={CONDITIONAL_STYLE.dash} /> conditional (e.g. needs
        ExternalId)
      </div>
    </fieldset>
  );
}

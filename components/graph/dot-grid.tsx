'use client';

import { useStore, type ReactFlowState } from '@xyflow/react';
import { memo } from 'react';

const transformOf = (s: ReactFlowState) => s.transform;

/**
 * The dotted background, moved rather than redrawn: React Flow's `<Background>` rewrites its SVG
 * pattern on every pan frame, which repaints the whole pane. Here the dots are one element on a
 * layer of its own, shifted by a translation (the pan modulo one grid step); only zooming repaints it.
 */
function DotGridView({ gap }: { gap: number }) {
  const [x, y, zoom] = useStore(transformOf);
  const step = gap * zoom;
  const r = zoom / 2;
  const mod = (v: number) => ((v % step) + step) % step;
  return (
    <div
      aria-hidden
      data-testid="dot-grid"
      className="react-flow__background"
      style={{
        position: 'absolute',
        left: -step,
        top: -step,
        width: `calc(100% + ${step}px)`,
        height: `calc(100% + ${step}px)`,
        backgroundImage: `radial-gradient(circle at ${step / 2}px ${step / 2}px, var(--xy-background-pattern-dots-color-default) ${r}px, transparent ${r + 0.5}px)`,
        backgroundSize: `${step}px ${step}px`,
        transform: `translate(${mod(x)}px, ${mod(y)}px)`,
        willChange: 'transform',
      }}
    />
  );
}

export const DotGrid = memo(DotGridView);

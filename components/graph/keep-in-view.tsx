'use client';

import { useReactFlow, useStore } from '@xyflow/react';
import { useEffect, useState } from 'react';
import type { Rect } from './edge-routes';

/** Space kept between the selection and the canvas's edges, in screen px. */
const MARGIN = 40;

/** Whether `r` (flow coordinates) lies within the canvas of `width` × `height` at `t` = [x, y, zoom]. */
export function inView(
  r: Rect,
  t: readonly [number, number, number],
  width: number,
  height: number,
): boolean {
  const [x, y, z] = t;
  return (
    r.x * z + x >= MARGIN &&
    r.y * z + y >= MARGIN &&
    (r.x + r.width) * z + x <= width - MARGIN &&
    (r.y + r.height) * z + y <= height - MARGIN
  );
}

/**
 * Keeps the selected node or edge (with its two ends) in sight when the view first fits (a selection
 * in the link) and whenever the selection or the canvas changes, as when a side panel opens and narrows
 * the canvas: pans to it at the same zoom when it fits, zooms out just enough when it does not.
 */
export function KeepInView({ target }: { target: Rect | undefined }) {
  const flow = useReactFlow();
  const width = useStore((s) => s.width);
  const height = useStore((s) => s.height);
  // React Flow's first fit changes the zoom from 1: that change (once) is a moment to check too.
  const zoom = useStore((s) => s.transform[2]);
  const [fitSeen, setFitSeen] = useState(false);
  if (!fitSeen && zoom !== 1) setFitSeen(true);
  const key = target ? `${target.x},${target.y},${target.width},${target.height}` : '';
  useEffect(() => {
    if (!target || width === 0 || height === 0) return;
    const bring = () => {
      const t = flow.getViewport();
      if (inView(target, [t.x, t.y, t.zoom], width, height)) return;
      const fits =
        target.width * t.zoom <= width - 2 * MARGIN && target.height * t.zoom <= height - 2 * MARGIN;
      if (fits)
        void flow.setCenter(target.x + target.width / 2, target.y + target.height / 2, {
          zoom: t.zoom,
          duration: 200,
        });
      else void flow.fitBounds(target, { padding: 0.15, duration: 200 });
    };
    // Now, and once more after the first fit has surely run (it waits for the cards to be measured).
    bring();
    const timer = setTimeout(bring, 400);
    return () => clearTimeout(timer);
    // `key` stands for `target` (a new object on every layout); the canvas size changes when the panel opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, width, height, fitSeen, flow]);
  return null;
}

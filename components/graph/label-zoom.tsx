'use client';

import { useStore } from '@xyflow/react';
import { useEffect } from 'react';

/** The smallest text drawn on screen, in px: below it a label is hidden or simplified, never shrunk. */
export const MIN_LABEL_PX = 9;
/** Font sizes of the card's texts (nodes.tsx): the name, the kind line, the badges. */
const NAME_PX = 13;
const SMALL_PX = 11;
const BADGE_PX = 10;

export type LabelTier = 'full' | 'names' | 'none';

/** Which of a card's labels are drawn at `zoom`. */
export function labelTier(zoom: number): LabelTier {
  if (zoom * Math.min(SMALL_PX, BADGE_PX) >= MIN_LABEL_PX) return 'full';
  if (zoom * NAME_PX >= MIN_LABEL_PX) return 'names';
  return 'none';
}

// Rounded, so panning (zoom unchanged) and tiny zoom steps do not re-render.
const zoomOf = (s: { transform: [number, number, number] }) => Math.round(s.transform[2] * 100) / 100;

/**
 * Sets the label tier and the zoom on the canvas element (CSS in globals.css reads both), so no card
 * re-renders on zoom: one attribute write when the tier changes.
 */
export function LabelZoom() {
  const zoom = useStore(zoomOf);
  const domNode = useStore((s) => s.domNode);
  useEffect(() => {
    if (!domNode) return;
    // The canvas element is React Flow's own DOM node, not React state: attributes are set on it directly.
    const el: HTMLElement = domNode;
    el.setAttribute('data-label-tier', labelTier(zoom));
    el.style.setProperty('--rc-zoom', String(zoom));
  }, [zoom, domNode]);
  return null;
}

'use client';

import { useEffect, useRef, useState, type ReactNode } from 'react';

/**
 * Renders only the rows in view (fixed row height), so tens of thousands of events scroll smoothly;
 * calls `onEnd` when the last rows come into view, to fetch the next page.
 */
export function VirtualRows<T>({
  rows,
  rowHeight,
  render,
  onEnd,
  label,
}: {
  rows: readonly T[];
  rowHeight: number;
  render: (row: T, index: number) => ReactNode;
  onEnd?: () => void;
  label: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [scroll, setScroll] = useState({ top: 0, height: 600 });
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const update = () => setScroll({ top: el.scrollTop, height: el.clientHeight });
    update();
    el.addEventListener('scroll', update, { passive: true });
    const ro = new ResizeObserver(update);
    ro.observe(el);
    return () => {
      el.removeEventListener('scroll', update);
      ro.disconnect();
    };
  }, []);
  const first = Math.max(0, Math.floor(scroll.top / rowHeight) - 10);
  const last = Math.min(rows.length, Math.ceil((scroll.top + scroll.height) / rowHeight) + 10);
  useEffect(() => {
    if (onEnd && last >= rows.length - 5 && rows.length > 0) onEnd();
  }, [last, rows.length, onEnd]);
  return (
    <div ref={ref} role="rowgroup" aria-label={label} className="min-h-0 flex-1 overflow-auto">
      <div style={{ height: rows.length * rowHeight, position: 'relative' }}>
        {rows.slice(first, last).map((r, i) => (
          <div
            key={first + i}
            style={{
              position: 'absolute',
              top: (first + i) * rowHeight,
              height: rowHeight,
              left: 0,
              right: 0,
            }}
          >
            {render(r, first + i)}
          </div>
        ))}
      </div>
    </div>
  );
}

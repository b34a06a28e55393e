'use client';

import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

/**
 * Renders only the rows in view (fixed row height), so tens of thousands of events scroll smoothly;
 * calls `onEnd` when the last rows come into view, to fetch the next page. Arrow keys, Home and End
 * move the focus between rows, scrolling rows that are not drawn yet into view first.
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
  const onKeyDown = (ev: KeyboardEvent<HTMLDivElement>) => {
    const el = ref.current;
    const from = (ev.target as HTMLElement).closest<HTMLElement>('[data-row-index]');
    if (!el || !from) return;
    const at = Number(from.dataset.rowIndex);
    const to =
      ev.key === 'ArrowDown'
        ? at + 1
        : ev.key === 'ArrowUp'
          ? at - 1
          : ev.key === 'Home'
            ? 0
            : ev.key === 'End'
              ? rows.length - 1
              : undefined;
    if (to === undefined || to < 0 || to >= rows.length) return;
    ev.preventDefault();
    const top = to * rowHeight;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + rowHeight > el.scrollTop + el.clientHeight)
      el.scrollTop = top + rowHeight - el.clientHeight;
    // The row may be drawn only after the scroll re-renders the window.
    const focus = (tries: number) => {
      const target = el.querySelector<HTMLElement>(`[data-row-index="${to}"] > *`);
      if (target) target.focus();
      else if (tries > 0) requestAnimationFrame(() => focus(tries - 1));
    };
    focus(5);
  };
  return (
    <div
      ref={ref}
      // A list of row buttons (each named by its cells' text): a table role would ask for cells.
      role="list"
      aria-label={label}
      className="min-h-0 flex-1 overflow-auto"
      onKeyDown={onKeyDown}
    >
      <div style={{ height: rows.length * rowHeight, position: 'relative' }}>
        {rows.slice(first, last).map((r, i) => (
          <div
            key={first + i}
            role="listitem"
            data-row-index={first + i}
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

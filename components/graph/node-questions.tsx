'use client';

import type { Ask } from './paths-panel';

const BUTTON = 'rounded border px-2 py-0.5 text-xs hover:bg-slate-100 dark:hover:bg-slate-800';

/** One-click path questions from a node's panel; each opens the paths panel with this node as one end. */
export function NodeQuestions({
  id,
  ask,
}: {
  id: string;
  ask: (q: Ask, end: 'from' | 'to', id: string) => void;
}) {
  return (
    <nav aria-label="Questions about this node" className="flex flex-wrap gap-1">
      <button type="button" className={BUTTON} onClick={() => ask('paths', 'from', id)}>
        Paths from here…
      </button>
      <button type="button" className={BUTTON} onClick={() => ask('paths', 'to', id)}>
        Paths to here…
      </button>
      <button type="button" className={BUTTON} onClick={() => ask('reach-from', 'from', id)}>
        What can it reach?
      </button>
      <button type="button" className={BUTTON} onClick={() => ask('reach-to', 'to', id)}>
        Who can reach it?
      </button>
    </nav>
  );
}

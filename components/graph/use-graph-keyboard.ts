'use client';

import { useCallback, type KeyboardEvent } from 'react';
import type { RoleGraph } from '@/lib/graph/types';
import { GROUP_PREFIX } from './layered-layout';

/** Shown to screen readers for every node and edge (React Flow's `aria-describedby`). */
export const GRAPH_ARIA = {
  'node.a11yDescription.default':
    'Enter or Space opens its details (on an account box: collapses or opens it). Arrow right and arrow left go to its outgoing and incoming edges.',
  'edge.a11yDescription.default':
    'Enter or Space opens the edge with the engine’s reasons. Arrow up and down go to the other edges of the same node; arrow right and left go to its target and source.',
};

const cssId = (id: string) => (typeof CSS !== 'undefined' ? CSS.escape(id) : id);

function focusElement(root: HTMLElement, kind: 'node' | 'edge', id: string): boolean {
  const el = root.querySelector<HTMLElement | SVGElement>(`.react-flow__${kind}[data-id="${cssId(id)}"]`);
  if (!el) return false;
  el.focus();
  return true;
}

/**
 * Keyboard use of the graph. Tab walks the nodes (edges are out of the Tab sequence: React Flow puts
 * them first in the page). On a node: Enter or Space opens it, an account box collapses or opens;
 * arrow right/left go to its outgoing/incoming edges. On an edge: Enter or Space opens it, up/down walk
 * the edges of the node it was reached from, right/left go to its target/source node.
 */
export function useGraphKeyboard(
  view: RoleGraph | undefined,
  actions: {
    openNode: (id: string) => void;
    openEdge: (id: string) => void;
    toggleAccount: (account: string) => void;
  },
): (ev: KeyboardEvent<HTMLElement>) => void {
  const { openNode, openEdge, toggleAccount } = actions;
  return useCallback(
    (ev: KeyboardEvent<HTMLElement>) => {
      const target = ev.target as HTMLElement;
      const root = ev.currentTarget;
      const node = target.closest<HTMLElement>('.react-flow__node');
      const edge = target.closest<HTMLElement>('.react-flow__edge');
      const el = node ?? edge;
      // Only the element itself: a key typed in a field inside a panel is that field's.
      if (!el || el !== target) return;
      const id = el.dataset.id;
      if (!id) return;
      const activate = ev.key === 'Enter' || ev.key === ' ';
      if (node) {
        if (activate) {
          ev.preventDefault();
          if (id.startsWith(GROUP_PREFIX)) toggleAccount(id.slice(GROUP_PREFIX.length));
          else openNode(id);
          return;
        }
        if ((ev.key === 'ArrowRight' || ev.key === 'ArrowLeft') && view) {
          const out = ev.key === 'ArrowRight';
          const first = view.edges.find((e) => (out ? e.source : e.target) === id);
          if (first && focusElement(root, 'edge', first.id)) {
            root.dataset.edgeFrom = id;
            ev.preventDefault();
          }
        }
        return;
      }
      if (activate) {
        ev.preventDefault();
        openEdge(id);
        return;
      }
      const e = view?.edges.find((x) => x.id === id);
      if (!e || !view) return;
      if (ev.key === 'ArrowRight' || ev.key === 'ArrowLeft') {
        if (focusElement(root, 'node', ev.key === 'ArrowRight' ? e.target : e.source)) ev.preventDefault();
      } else if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
        const from = root.dataset.edgeFrom === e.target ? e.target : e.source;
        const siblings = view.edges.filter((x) => (from === e.source ? x.source : x.target) === from);
        const at = siblings.findIndex((x) => x.id === id);
        const next = siblings[(at + (ev.key === 'ArrowDown' ? 1 : -1) + siblings.length) % siblings.length];
        if (next && focusElement(root, 'edge', next.id)) ev.preventDefault();
      }
    },
    [view, openNode, openEdge, toggleAccount],
  );
}

'use client';

import { useEffect, useMemo, useState } from 'react';
import type { ElkNode } from 'elkjs/lib/elk-api';
import type { RoleGraph } from '@/lib/graph/types';
import type { FlowEdge, FlowNode } from './flow-mapping';
import { fromElk, toElk } from './flow-mapping';

type LayoutFn = (graph: ElkNode) => Promise<ElkNode>;

let workerLayout: LayoutFn | undefined;

/** One shared worker; falls back to laying out on the main thread where workers are unavailable. */
function layoutFn(): LayoutFn {
  if (workerLayout) return workerLayout;
  try {
    const worker = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module' });
    let next = 0;
    const pending = new Map<number, { resolve: (n: ElkNode) => void; reject: (e: Error) => void }>();
    worker.onmessage = (e: MessageEvent<{ id: number; laid?: ElkNode; error?: string }>) => {
      const p = pending.get(e.data.id);
      if (!p) return;
      pending.delete(e.data.id);
      if (e.data.laid) p.resolve(e.data.laid);
      else p.reject(new Error(e.data.error ?? 'layout failed'));
    };
    workerLayout = (graph) =>
      new Promise<ElkNode>((resolve, reject) => {
        const id = next++;
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, graph });
      });
  } catch {
    workerLayout = async (graph) => {
      const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
      return new ELK().layout(graph);
    };
  }
  return workerLayout;
}

export interface Laid {
  nodes: FlowNode[];
  edges: FlowEdge[];
}

/** Lays out `view` and returns React Flow's elements; `undefined` while the layout runs. */
export function useLayout(
  view: RoleGraph | undefined,
  opts: { focus?: string; accountNames?: Record<string, string>; findingsByNode?: Record<string, number> },
): { laid?: Laid; error?: string } {
  // Positions depend on the view only; focus and names only decorate, so changing them does not lay out again.
  const [state, setState] = useState<{ elk?: ElkNode; error?: string; for?: RoleGraph }>({});
  useEffect(() => {
    if (!view) return;
    let live = true;
    layoutFn()(toElk(view)).then(
      (elk) => live && setState({ elk, for: view }),
      (e: unknown) => live && setState({ error: e instanceof Error ? e.message : String(e), for: view }),
    );
    return () => {
      live = false;
    };
  }, [view]);
  const { focus, accountNames, findingsByNode } = opts;
  const elk = state.for === view ? state.elk : undefined;
  const error = state.for === view ? state.error : undefined;
  const laid = useMemo(
    () =>
      elk && view
        ? fromElk(elk, view, {
            ...(focus ? { focus } : {}),
            ...(accountNames ? { accountNames } : {}),
            ...(findingsByNode ? { findingsByNode } : {}),
          })
        : undefined,
    [elk, view, focus, accountNames, findingsByNode],
  );
  return { ...(laid ? { laid } : {}), ...(error ? { error } : {}) };
}

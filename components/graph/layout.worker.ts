/// <reference lib="webworker" />
// Lays out graphs off the main thread: ELK on a few hundred nodes takes long enough to drop frames.
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkNode } from 'elkjs/lib/elk-api';

const elk = new ELK();

self.onmessage = (e: MessageEvent<{ id: number; graph: ElkNode }>) => {
  const { id, graph } = e.data;
  elk.layout(graph).then(
    (laid) => self.postMessage({ id, laid }),
    (err: unknown) => self.postMessage({ id, error: err instanceof Error ? err.message : String(err) }),
  );
};

/**
 * How an analysis made in a worker thread (`analysis-worker.ts`) reaches the server's request thread:
 * the snapshot, the graph and the findings, as JSON text in slices of a few thousand items.
 *
 * Why JSON and slices: a structured clone of the whole result (hundreds of MB at 200,000 roles) would be
 * decoded on the request thread in one go, blocking it for seconds; each slice is one message, decoded
 * in its own turn of the event loop, so requests are answered between slices. JSON, not a structured
 * clone, because it is what every route sends anyway: an edge's lazily derived reasons and the engine's
 * deferred evaluations (getters, `toJSON`) arrive as the plain values they stand for, never dropped.
 */
import type { Finding } from '../findings/types';
import type { RoleGraph } from '../graph/types';
import type { Snapshot } from '../model';

/** What the worker computes; the request thread indexes it (`completeAnalysis`). */
export interface AnalysisCore {
  snapshot: Snapshot;
  graph: RoleGraph;
  findings: Finding[];
}

/** A list of the core sent in slices: a top-level list of the snapshot, the graph's nodes or edges, the findings. */
type ListPath = ['snapshot', string] | ['graph', 'nodes' | 'edges'] | ['findings'];

export type TransferMessage =
  /** Items appended, in order, to the list at `path`. */
  | { kind: 'slice'; path: ListPath; json: string }
  /** The snapshot's fields that are not lists; sent last. */
  | { kind: 'rest'; json: string }
  | { kind: 'failed'; code: string; message: string };

/** Items per slice: a few MB of JSON at most, a few ms to decode. */
export const SLICE_ITEMS = 2000;

function* slices(path: ListPath, items: readonly unknown[], size: number): Generator<TransferMessage> {
  // An empty list is sent too, so the receiver knows it is a list.
  if (items.length === 0) yield { kind: 'slice', path, json: '[]' };
  for (let i = 0; i < items.length; i += size)
    yield { kind: 'slice', path, json: JSON.stringify(items.slice(i, i + size)) };
}

/** The messages that carry `core`, the last one of kind `rest`. */
export function* transferMessages(core: AnalysisCore, size = SLICE_ITEMS): Generator<TransferMessage> {
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(core.snapshot))
    if (Array.isArray(value)) yield* slices(['snapshot', key], value, size);
    else rest[key] = value;
  yield* slices(['graph', 'nodes'], core.graph.nodes, size);
  yield* slices(['graph', 'edges'], core.graph.edges, size);
  yield* slices(['findings'], core.findings, size);
  yield { kind: 'rest', json: JSON.stringify(rest) };
}

/** Puts the core back together from `transferMessages`, one message at a time. */
export class TransferReceiver {
  private readonly snapshotLists = new Map<string, unknown[]>();
  private readonly nodes: RoleGraph['nodes'] = [];
  private readonly edges: RoleGraph['edges'] = [];
  private readonly findings: Finding[] = [];

  /** The core once the last message is in, else undefined. */
  accept(m: Exclude<TransferMessage, { kind: 'failed' }>): AnalysisCore | undefined {
    if (m.kind === 'rest') {
      const snapshot: object = {
        ...(JSON.parse(m.json) as object),
        ...Object.fromEntries(this.snapshotLists),
      };
      return {
        snapshot: snapshot as Snapshot,
        graph: { nodes: this.nodes, edges: this.edges },
        findings: this.findings,
      };
    }
    const items = JSON.parse(m.json) as unknown[];
    const [section, field] = m.path;
    const into =
      section === 'findings'
        ? (this.findings as unknown[])
        : section === 'graph'
          ? ((field === 'nodes' ? this.nodes : this.edges) as unknown[])
          : this.listOf(field);
    // A loop, not push(...items): a spread of many items can exceed the call stack's argument limit.
    for (const item of items) into.push(item);
    return undefined;
  }

  private listOf(key: string): unknown[] {
    let list = this.snapshotLists.get(key);
    if (!list) this.snapshotLists.set(key, (list = []));
    return list;
  }
}

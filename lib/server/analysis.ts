/**
 * The analysis of the current snapshot, computed once per snapshot and shared by every route:
 * the graph (with CloudTrail's observed and denied edges overlaid), its index, and the findings.
 */
import type { AssumeEvent, Result, Snapshot, SourceRead } from '../model';
import { gapsOf, ok } from '../model';
import type { RoleGraph } from '../graph/types';
import type { GraphIndex } from '../graph';
import { buildGraph, indexGraph } from '../graph';
import type { Finding } from '../findings/types';
import { computeFindings } from '../findings';
import { releaseTextMemos } from '../policy';
import type { NodeFindings } from '../findings/node-summary';
import { summariseByNode } from '../findings/node-summary';
import type { EdgeObservation, SnapshotMeta, Store, StoredEvent } from '../store';
import { edgeObservations, queryEvents } from '../store';

/** The part that evaluates policies (`analyseCore`); the rest are lookups built from it (`completeAnalysis`). */
export interface AnalysisCore {
  snapshot: Snapshot;
  graph: RoleGraph;
  findings: Finding[];
}

export interface Analysis {
  meta: SnapshotMeta;
  snapshot: Snapshot;
  graph: RoleGraph;
  index: GraphIndex;
  findings: Finding[];
  /** Findings by the node ids they concern. */
  findingsByNode: Map<string, Finding[]>;
  /** Per node: how many findings name it and the worst severity (the graph's badges and filter). */
  nodeFindings: Map<string, NodeFindings>;
  /**
   * What of the snapshot was not read fully (`gapsOf`), worked out once: a snapshot without coverage
   * records derives its parts from every role and user, tens of ms at 200,000 roles, and the node
   * details, paths and findings pages asked for it on every request.
   */
  gaps: readonly SourceRead[];
  /** Serialised responses of this analysis, by route and query (see `cachedBody`). */
  bodies: Map<string, string>;
}

/** Enough for every filter combination people click through; each body is at most a few MB. */
const MAX_CACHED_BODIES = 64;

/**
 * An analysis never changes, so the JSON of a response computed from it is computed once: large
 * findings lists took seconds to serialise, and every concurrent request waited behind that. A failed
 * `make` (e.g. an unknown node) is returned and not kept.
 */
export function cachedBody(a: Analysis, key: string, make: () => Result<string>): Result<string> {
  const hit = a.bodies.get(key);
  if (hit !== undefined) {
    // Re-insert: Map order is the eviction order, oldest first.
    a.bodies.delete(key);
    a.bodies.set(key, hit);
    return ok(hit);
  }
  const made = make();
  if (!made.ok) return made;
  a.bodies.set(key, made.value);
  if (a.bodies.size > MAX_CACHED_BODIES) a.bodies.delete(a.bodies.keys().next().value!);
  return made;
}

/** The events the findings look at: the audit window before the snapshot, newest first. */
function auditWindow(store: Store, snapshot: Snapshot, days = 30): StoredEvent[] {
  const end = new Date(snapshot.createdAt);
  const from = new Date(end.getTime() - days * 86_400_000).toISOString();
  const out: StoredEvent[] = [];
  let cursor: [string, string] | undefined;
  // Bounded: findings need the recent window, not the whole history.
  for (let i = 0; i < 200; i++) {
    const page = queryEvents(store, { from }, 1000, cursor);
    out.push(...page.events);
    const last = page.events[page.events.length - 1];
    if (!page.nextCursor || !last) break;
    cursor = [last.time, last.eventId];
  }
  return out;
}

/**
 * The part of an analysis that evaluates policies (seconds to minutes at scale): the graph and the
 * findings. Runs on the request thread for small estates, in a worker for large ones (`analysis-worker.ts`).
 */
export function analyseCore(store: Store, snapshot: Snapshot): AnalysisCore {
  const observations: EdgeObservation[] = edgeObservations(store);
  const graph = buildGraph(snapshot, { observations });
  const events: AssumeEvent[] = auditWindow(store, snapshot);
  const findings = computeFindings({ snapshot, graph, events, now: snapshot.createdAt });
  // The engine's text caches were for this analysis; the server keeps the analysis, not them.
  releaseTextMemos();
  return { snapshot, graph, findings };
}

/** The lookups the routes read an analysis through, built from its core (well under a second at 200k roles). */
export function completeAnalysis(meta: SnapshotMeta, core: AnalysisCore): Analysis {
  const { snapshot, graph, findings } = core;
  const index = indexGraph(graph);
  const findingsByNode = new Map<string, Finding[]>();
  for (const f of findings) {
    for (const n of f.nodes) {
      const list = findingsByNode.get(n);
      if (list) list.push(f);
      else findingsByNode.set(n, [f]);
    }
  }
  const nodeFindings = summariseByNode(findings);
  const gaps = gapsOf(snapshot);
  return { meta, snapshot, graph, index, findings, findingsByNode, nodeFindings, gaps, bodies: new Map() };
}

export function analyse(store: Store, meta: SnapshotMeta, snapshot: Snapshot): Analysis {
  return completeAnalysis(meta, analyseCore(store, snapshot));
}

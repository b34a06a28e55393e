/**
 * Orthogonal edge routes that keep off the cards and off each other. The layered layout puts every
 * card on one grid of columns, so the gaps between columns are free of cards: an edge leaves its
 * source on the right, runs down a channel of the gap after the source's column, along a lane (a
 * height that no card covers over the columns it crosses), down a channel of the gap before the
 * target's column, and enters the target on the left. Each edge gets its own port on each card (ports
 * spread over the card's height), its own channel in each gap and a lane clear of earlier lanes, so
 * parallel edges between the same two cards are drawn apart. Diagnostic edges are routed first, so they
 * get the straightest routes. Pure and deterministic; about O(e · (c + e)) for e edges and c cards.
 */
import type { GraphEdge } from '@/lib/graph/types';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface Point {
  x: number;
  y: number;
}

/** Space kept between a lane and a card, and between two lanes or two channels. */
const CARD_MARGIN = 6;
const SPACING = 6;
/** A channel keeps this far from the cards on either side of its gap. */
const GAP_INSET = 10;
/**
 * Two horizontal runs closer than this in height lie along each other (a stroke is 1.5–3 px wide);
 * less than SPACING, since the ports of one busy card may sit closer than that.
 */
const RUN_CLEARANCE = 4;
type Side = 'left' | 'right';
/** In a full gap, a length along a diagnostic edge's run counts as this much along any other. */
const DIAGNOSTIC_WEIGHT = 1000;
const DIAGNOSTIC = new Set(['missing-trust', 'missing-permission', 'denied-attempt']);

/** Edges that report a problem or a condition: routed first, drawn on top. */
export const isDiagnostic = (e: Pick<GraphEdge, 'kind' | 'decision'>): boolean =>
  DIAGNOSTIC.has(e.kind) || (e.kind === 'can-assume' && e.decision === 'Conditional');

interface Segment {
  at: number;
  from: number;
  to: number;
  /** A diagnostic edge's run: a full gap puts a later run along any other run before one of these. */
  diagnostic?: boolean;
}

/** Merged, sorted blocked intervals; returns the free point nearest `want`. */
function nearestFree(blocked: [number, number][], want: number): number {
  blocked.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const b of blocked) {
    const last = merged[merged.length - 1];
    if (last && b[0] <= last[1]) last[1] = Math.max(last[1], b[1]);
    else merged.push([b[0], b[1]]);
  }
  const inside = merged.find(([a, b]) => want > a && want < b);
  if (!inside) return want;
  // Either just above the interval that holds `want`, or just below it (the next interval starts later).
  const up = inside[0];
  const down = inside[1];
  return want - up <= down - want ? up : down;
}

const overlaps = (a0: number, a1: number, b0: number, b1: number): boolean =>
  Math.min(a0, a1) < Math.max(b0, b1) && Math.min(b0, b1) < Math.max(a0, a1);

/**
 * Routes for `edges` between the cards in `cards` (absolute rectangles by node id), as polylines from
 * the source's right side to the target's left side. `pitch` is the column pitch and `cardWidth` the
 * card width of the layout, which place the column gaps.
 */
export function routeEdges(
  cards: ReadonlyMap<string, Rect>,
  edges: readonly Pick<GraphEdge, 'id' | 'source' | 'target' | 'kind' | 'decision'>[],
  grid: { pitch: number; cardWidth: number },
): Map<string, Point[]> {
  const colOf = (r: Rect) => Math.round(r.x / grid.pitch);
  const byCol = new Map<number, Rect[]>();
  for (const r of cards.values()) {
    const c = colOf(r);
    const list = byCol.get(c);
    if (list) list.push(r);
    else byCol.set(c, [r]);
  }
  const gapLeft = (c: number) => c * grid.pitch + grid.cardWidth;
  const gapWidth = grid.pitch - grid.cardWidth;
  const slots = Math.max(1, Math.floor((gapWidth - 2 * GAP_INSET) / SPACING) + 1);

  // Ports: each edge its own height on each card side, ordered by the other end's height to avoid crossings.
  const routable = edges.filter((e) => cards.has(e.source) && cards.has(e.target));
  const outPort = new Map<string, number>();
  const inPort = new Map<string, number>();
  const spread = (side: Map<string, string[]>, other: (id: string) => number, into: Map<string, number>) => {
    for (const [card, ids] of side) {
      const r = cards.get(card)!;
      ids.sort((a, b) => other(a) - other(b) || (a < b ? -1 : 1));
      ids.forEach((id, k) => into.set(id, r.y + (r.height * (k + 1)) / (ids.length + 1)));
    }
  };
  const outs = new Map<string, string[]>();
  const ins = new Map<string, string[]>();
  const byId = new Map(routable.map((e) => [e.id, e]));
  for (const e of routable) {
    (outs.get(e.source) ?? outs.set(e.source, []).get(e.source)!).push(e.id);
    (ins.get(e.target) ?? ins.set(e.target, []).get(e.target)!).push(e.id);
  }
  const centre = (id: string) => {
    const r = cards.get(id)!;
    return r.y + r.height / 2;
  };
  spread(outs, (id) => centre(byId.get(id)!.target), outPort);
  spread(ins, (id) => centre(byId.get(id)!.source), inPort);

  // Horizontal runs already taken, listed under every column they pass over.
  const lanesByCol = new Map<number, Segment[]>();
  // Vertical runs already taken, by gap and then by slot: a slot is checked against its own runs only.
  const channels = new Map<number, Segment[][]>();
  const channelX = (gap: number, slot: number) => gapLeft(gap) + GAP_INSET + slot * SPACING;
  /**
   * The free slot of `gap` nearest its middle for a vertical run from y0 to y1, whose horizontal runs
   * leave it towards `side0` at y0 and towards `side1` at y1. Its slot is clear of the gap's other
   * vertical runs and, where one can be, its two horizontal runs within the gap clear of horizontal runs
   * already there (another card's port may sit at the same height: an out-run and an in-run at one height
   * would otherwise lie along each other).
   */
  const channel = (
    gap: number,
    y0: number,
    side0: Side,
    y1: number,
    side1: Side,
    diagnostic: boolean,
  ): number => {
    let used = channels.get(gap);
    if (!used) channels.set(gap, (used = Array.from({ length: slots }, () => [])));
    const left = gapLeft(gap);
    const right = left + gapWidth;
    const runClear = (x: number, y: number, side: Side) => {
      const [a, b] = side === 'left' ? [left, x] : [x, right];
      return !(lanesByCol.get(gap) ?? []).some(
        (l) => Math.abs(l.at - y) < RUN_CLEARANCE && overlaps(l.from, l.to, a, b),
      );
    };
    const verticalFree = (s: number) =>
      s >= 0 && s < slots && !used[s]!.some((u) => overlaps(u.from - SPACING, u.to + SPACING, y0, y1));
    const clear = (s: number) => {
      const x = channelX(gap, s);
      return verticalFree(s) && runClear(x, y0, side0) && runClear(x, y1, side1);
    };
    const mid = Math.floor((slots - 1) / 2);
    const nearestMid = (ok: (s: number) => boolean): number => {
      for (let d = 0; d < slots; d++) {
        if (ok(mid - d)) return mid - d;
        if (ok(mid + d)) return mid + d;
      }
      return -1;
    };
    let best = nearestMid(clear);
    if (best < 0) best = nearestMid(verticalFree);
    if (best < 0) {
      // A full gap: the slot where this run shares the least length with runs already there, along a
      // diagnostic edge's run only when every slot holds one (the analyst reads those; see isDiagnostic).
      const shared = (k: number) =>
        used[k]!.reduce(
          (sum, u) =>
            sum +
            (u.diagnostic ? DIAGNOSTIC_WEIGHT : 1) *
              Math.max(0, Math.min(u.to, Math.max(y0, y1)) - Math.max(u.from, Math.min(y0, y1))),
          0,
        );
      best = mid;
      for (let k = 0; k < slots; k++) if (shared(k) < shared(best)) best = k;
    }
    used[best]!.push({ at: best, from: Math.min(y0, y1), to: Math.max(y0, y1), diagnostic });
    return channelX(gap, best);
  };
  /** A height for a horizontal run from x0 to x1 clear of cards and earlier runs, nearest `want`. */
  const lane = (x0: number, x1: number, want: number): number => {
    const lo = Math.min(x0, x1);
    const hi = Math.max(x0, x1);
    const blocked: [number, number][] = [];
    for (let c = Math.floor(lo / grid.pitch) - 1; c <= Math.ceil(hi / grid.pitch) + 1; c++)
      for (const r of byCol.get(c) ?? [])
        if (r.x < hi && lo < r.x + r.width) blocked.push([r.y - CARD_MARGIN, r.y + r.height + CARD_MARGIN]);
    for (let c = Math.floor(lo / grid.pitch); c <= Math.floor(hi / grid.pitch); c++)
      for (const l of lanesByCol.get(c) ?? [])
        if (overlaps(l.from, l.to, lo, hi)) blocked.push([l.at - SPACING, l.at + SPACING]);
    return nearestFree(blocked, want);
  };
  const taken = (x0: number, x1: number, y: number) => {
    const seg = { at: y, from: Math.min(x0, x1), to: Math.max(x0, x1) };
    for (let c = Math.floor(seg.from / grid.pitch); c <= Math.floor(seg.to / grid.pitch); c++) {
      const list = lanesByCol.get(c);
      if (list) list.push(seg);
      else lanesByCol.set(c, [seg]);
    }
  };

  const order = [...routable].sort((a, b) => Number(isDiagnostic(b)) - Number(isDiagnostic(a)));
  const out = new Map<string, Point[]>();
  for (const e of order) {
    const s = cards.get(e.source)!;
    const t = cards.get(e.target)!;
    const diag = isDiagnostic(e);
    const sy = outPort.get(e.id)!;
    const ty = inPort.get(e.id)!;
    const sx = s.x + s.width;
    const tx = t.x;
    const cs = colOf(s);
    const ct = colOf(t);
    if (ct === cs + 1) {
      // Neighbouring columns: one channel in the gap between them.
      const x = channel(cs, sy, 'left', ty, 'right', diag);
      taken(sx, x, sy);
      taken(x, tx, ty);
      out.set(e.id, [
        { x: sx, y: sy },
        { x, y: sy },
        { x, y: ty },
        { x: tx, y: ty },
      ]);
      continue;
    }
    // Otherwise: down the gap after the source, along a lane, down the gap before the target.
    const x2Gap = ct - 1;
    const want = ct > cs ? ty : (sy + ty) / 2;
    const y = lane(gapLeft(cs) + gapWidth / 2, gapLeft(x2Gap) + gapWidth / 2, want);
    // The lane runs right to a later gap, or back left to an earlier one.
    const forward = x2Gap > cs;
    const x1 = channel(cs, sy, 'left', y, forward ? 'right' : 'left', diag);
    taken(sx, x1, sy);
    const x2 = channel(x2Gap, y, forward ? 'left' : 'right', ty, 'right', diag);
    taken(x1, x2, y);
    taken(x2, tx, ty);
    out.set(e.id, [
      { x: sx, y: sy },
      { x: x1, y: sy },
      { x: x1, y },
      { x: x2, y },
      { x: x2, y: ty },
      { x: tx, y: ty },
    ]);
  }
  return out;
}

/** An SVG path through `points` with rounded corners (radius at most `r`, less where runs are short). */
export function roundedPath(points: readonly Point[], r = 8): string {
  if (points.length === 0) return '';
  const f = (n: number) => Math.round(n * 10) / 10;
  let d = `M${f(points[0]!.x)},${f(points[0]!.y)}`;
  for (let i = 1; i < points.length - 1; i++) {
    const p = points[i - 1]!;
    const c = points[i]!;
    const n = points[i + 1]!;
    const inLen = Math.hypot(c.x - p.x, c.y - p.y);
    const outLen = Math.hypot(n.x - c.x, n.y - c.y);
    const k = Math.min(r, inLen / 2, outLen / 2);
    if (k < 0.5) {
      d += ` L${f(c.x)},${f(c.y)}`;
      continue;
    }
    const a = { x: c.x - ((c.x - p.x) / inLen) * k, y: c.y - ((c.y - p.y) / inLen) * k };
    const b = { x: c.x + ((n.x - c.x) / outLen) * k, y: c.y + ((n.y - c.y) / outLen) * k };
    d += ` L${f(a.x)},${f(a.y)} Q${f(c.x)},${f(c.y)} ${f(b.x)},${f(b.y)}`;
  }
  const last = points[points.length - 1]!;
  return `${d} L${f(last.x)},${f(last.y)}`;
}

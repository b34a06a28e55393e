/**
 * A layered layout made for this graph's shape, fast enough for the main thread: a few milliseconds
 * for 300 nodes, where ELK's compound layered layout took 2–6 CPU-seconds (measured on the ui-graph
 * bench's view; see the README's Performance section).
 *
 * Columns are chain depth (entry points left, data right), shared by every account so a chain reads
 * left to right across accounts; each account is one box spanning the columns its nodes occupy, and
 * boxes whose columns overlap are stacked. Within a box, each column is ordered by the barycenter of
 * its neighbours (a few sweeps), then nodes move down to line up with what they connect to.
 * Pure and deterministic: the same view always gives the same positions. O((n + e) · sweeps + n log n).
 */
import type { GraphNode, RoleGraph } from '@/lib/graph/types';

export const NODE_WIDTH = 220;
export const NODE_HEIGHT = 54;
export const GROUP_PREFIX = 'group:';
const LAYER_GAP = 96;
const NODE_GAP = 24;
const PAD = { top: 34, left: 14, bottom: 14, right: 14 };
const GROUP_GAP = 24;
const SWEEPS = 4;
const PITCH_X = NODE_WIDTH + LAYER_GAP;
/** Column pitch: every card's x is a multiple of it (edge routing finds the gaps between columns by it). */
export const LAYER_PITCH = PITCH_X;
const PITCH_Y = NODE_HEIGHT + NODE_GAP;

/** A placed box; a group's children are placed relative to it, as React Flow expects of a parent. */
export interface Placed {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
  children?: Placed[];
}

export const groupId = (account: string): string => `${GROUP_PREFIX}${account}`;

/** Account boxes hold an account's nodes; services, anonymous and account nodes stand alone. */
const boxOf = (n: GraphNode): string | undefined =>
  n.account === undefined || n.kind === 'account' || n.kind === 'external-account' ? undefined : n.account;

interface Group {
  account: string;
  members: number[];
  minRank: number;
  maxRank: number;
  /** Rows: the tallest column's node count. */
  rows: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Lays out `view`; the result lists account boxes (with their members) first, then free-standing nodes. */
export function layeredLayout(view: RoleGraph): { children: Placed[] } {
  const n = view.nodes.length;
  const index = new Map<string, number>();
  view.nodes.forEach((node, i) => index.set(node.id, i));
  const { succ, pred } = adjacency(view, index);
  // Account boxes in order of first appearance (the API's order, so a view keeps its shape as it grows).
  const groups: Group[] = [];
  const groupOf = new Int32Array(n).fill(-1);
  const byAccount = new Map<string, number>();
  const free: number[] = [];
  view.nodes.forEach((node, i) => {
    const account = boxOf(node);
    if (account === undefined) {
      free.push(i);
      return;
    }
    let gi = byAccount.get(account);
    if (gi === undefined) {
      gi = groups.length;
      byAccount.set(account, gi);
      groups.push({
        account,
        members: [],
        minRank: Infinity,
        maxRank: -1,
        rows: 0,
        x: 0,
        y: 0,
        width: 0,
        height: 0,
      });
    }
    groupOf[i] = gi;
    groups[gi]!.members.push(i);
  });
  const rank = columns(n, succ, pred, groupOf, groups);
  for (const g of groups)
    for (const i of g.members) {
      g.minRank = Math.min(g.minRank, rank[i]!);
      g.maxRank = Math.max(g.maxRank, rank[i]!);
    }

  // Cells: one column of one box, in the order the sweeps settle.
  const maxRank = Math.max(-1, ...groups.map((g) => g.maxRank));
  const cellsAt: number[][][] = Array.from({ length: maxRank + 1 }, () => []);
  for (const g of groups) {
    const cols: number[][] = Array.from({ length: g.maxRank - g.minRank + 1 }, () => []);
    for (const i of g.members) cols[rank[i]! - g.minRank]!.push(i);
    cols.forEach((c, k) => {
      if (c.length === 0) return;
      cellsAt[g.minRank + k]!.push(c);
      g.rows = Math.max(g.rows, c.length);
    });
  }
  placeGroups(groups);

  // Absolute y of each boxed node, from its box's top and its slot in the column.
  const slot = new Int32Array(n);
  const y = new Float64Array(n);
  const setSlots = (c: number[], slots: number[]) => {
    c.forEach((i, j) => {
      slot[i] = slots[j]!;
      y[i] = groups[groupOf[i]!]!.y + PAD.top + slot[i] * PITCH_Y;
    });
  };
  const inOrder = (c: number[]) => c.map((_, j) => j);
  for (const cs of cellsAt) for (const c of cs) setSlots(c, inOrder(c));

  /** Mean y of the neighbours in earlier (`pred`) or later (`succ`) columns; free nodes are placed last, so ignored. */
  const bary = (i: number, side: 'pred' | 'succ'): number => {
    let sum = 0;
    let count = 0;
    for (const m of side === 'pred' ? pred[i]! : succ[i]!) {
      if (groupOf[m] === -1) continue;
      if (side === 'pred' ? rank[m]! < rank[i]! : rank[m]! > rank[i]!) {
        sum += y[m]!;
        count++;
      }
    }
    return count > 0 ? sum / count : y[i]!;
  };
  for (let s = 0; s < SWEEPS; s++) {
    const forward = s % 2 === 0;
    for (let step = 0; step <= maxRank; step++) {
      for (const c of cellsAt[forward ? step : maxRank - step]!) {
        const key = new Map(c.map((i) => [i, bary(i, forward ? 'pred' : 'succ')]));
        // Ties keep the current order, so the result is deterministic.
        c.sort((a, b) => key.get(a)! - key.get(b)! || slot[a]! - slot[b]!);
        setSlots(c, inOrder(c));
      }
    }
  }
  // Nodes move down towards their predecessors where the column has room: chains run straight.
  for (const cs of cellsAt) {
    for (const c of cs) {
      const g = groups[groupOf[c[0]!]!]!;
      const slots: number[] = [];
      c.forEach((i, j) => {
        const want = Math.round((bary(i, 'pred') - g.y - PAD.top) / PITCH_Y);
        const lo = j === 0 ? 0 : slots[j - 1]! + 1;
        slots.push(Math.max(lo, Math.min(want, g.rows - (c.length - j))));
      });
      setSlots(c, slots);
    }
  }

  const boxes: Placed[] = groups.map((g) => ({
    id: groupId(g.account),
    x: g.x,
    y: g.y,
    width: g.width,
    height: g.height,
    children: g.members.map((i) => ({
      id: view.nodes[i]!.id,
      x: PAD.left + (rank[i]! - g.minRank) * PITCH_X,
      y: y[i]! - g.y,
      width: NODE_WIDTH,
      height: NODE_HEIGHT,
    })),
  }));
  return { children: [...boxes, ...placeFree(free, rank, y, groupOf, succ, pred, view, boxes)] };
}

/**
 * Services, anonymous and account nodes: each in its column, at the free height nearest the mean of
 * its neighbours' heights, so it sits beside the box it points into rather than on top of it.
 */
function placeFree(
  free: number[],
  rank: Int32Array,
  y: Float64Array,
  groupOf: Int32Array,
  succ: number[][],
  pred: number[][],
  view: RoleGraph,
  boxes: Placed[],
): Placed[] {
  const taken: { x: number; y: number; width: number; height: number }[] = [...boxes];
  const out: Placed[] = [];
  for (const i of free) {
    const x = rank[i]! * PITCH_X;
    let sum = 0;
    let count = 0;
    for (const m of [...pred[i]!, ...succ[i]!])
      if (groupOf[m] !== -1) {
        sum += y[m]!;
        count++;
      }
    const want = count > 0 ? sum / count : 0;
    const blocks = taken
      .filter((t) => x < t.x + t.width && t.x < x + NODE_WIDTH)
      .map((t) => [t.y - GROUP_GAP, t.y + t.height + GROUP_GAP] as const);
    const fits = (top: number) => blocks.every(([a, b]) => top + NODE_HEIGHT <= a || top >= b);
    const candidates = [want, ...blocks.flatMap(([a, b]) => [a - NODE_HEIGHT, b])].filter(fits);
    // `want` always has a candidate: below the lowest block fits.
    const top = candidates.reduce((best, c) => (Math.abs(c - want) < Math.abs(best - want) ? c : best));
    const placed = { id: view.nodes[i]!.id, x, y: top, width: NODE_WIDTH, height: NODE_HEIGHT };
    taken.push(placed);
    out.push(placed);
  }
  return out;
}

/** Successors and predecessors by index; self-loops and edges to nodes outside the view dropped. */
function adjacency(view: RoleGraph, index: Map<string, number>): { succ: number[][]; pred: number[][] } {
  const succ: number[][] = view.nodes.map(() => []);
  const pred: number[][] = view.nodes.map(() => []);
  const seen = new Set<string>();
  for (const e of view.edges) {
    const s = index.get(e.source);
    const t = index.get(e.target);
    if (s === undefined || t === undefined || s === t) continue;
    const key = `${s}>${t}`;
    if (seen.has(key)) continue; // parallel edges of several kinds count once
    seen.add(key);
    succ[s]!.push(t);
    pred[t]!.push(s);
  }
  return { succ, pred };
}

/**
 * Column of each node: cycles are broken by ignoring the back edges of an iterative depth-first
 * search, columns are longest paths from the sources, and then each source moves right next to the
 * nearest of its successors (so an entry point sits beside what it enters, not at the far left).
 */
function layers(
  n: number,
  succ: number[][],
  pred: number[][],
  weight: (i: number) => number = () => 1,
): Int32Array {
  const state = new Uint8Array(n); // 0 new, 1 on the stack, 2 done
  const back = new Set<string>();
  for (let root = 0; root < n; root++) {
    if (state[root] !== 0) continue;
    const stack: { v: number; next: number }[] = [{ v: root, next: 0 }];
    state[root] = 1;
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const out = succ[top.v]!;
      if (top.next < out.length) {
        const w = out[top.next++]!;
        if (state[w] === 1) back.add(`${top.v}>${w}`);
        else if (state[w] === 0) {
          state[w] = 1;
          stack.push({ v: w, next: 0 });
        }
      } else {
        state[top.v] = 2;
        stack.pop();
      }
    }
  }
  const forward = (s: number, t: number) => !back.has(`${s}>${t}`);
  const indeg = new Int32Array(n);
  for (let s = 0; s < n; s++) for (const t of succ[s]!) if (forward(s, t)) indeg[t]!++;
  const rank = new Int32Array(n);
  const order: number[] = [];
  for (let i = 0; i < n; i++) if (indeg[i] === 0) order.push(i);
  for (let h = 0; h < order.length; h++) {
    const s = order[h]!;
    for (const t of succ[s]!) {
      if (!forward(s, t)) continue;
      rank[t] = Math.max(rank[t]!, rank[s]! + weight(s));
      if (--indeg[t]! === 0) order.push(t);
    }
  }
  for (let i = 0; i < n; i++) {
    const ins = pred[i]!.filter((s) => forward(s, i));
    const outs = succ[i]!.filter((t) => forward(i, t));
    if (ins.length === 0 && outs.length > 0)
      rank[i] = Math.max(0, Math.min(...outs.map((t) => rank[t]!)) - weight(i));
  }
  return rank;
}

/**
 * Column of each node. Within a box, columns come from the box's own edges; the boxes themselves are
 * layered the same way over the edges between them, each as wide as its columns, so a chain that
 * crosses accounts runs left to right from box to box, and boxes with no chain between them share
 * columns (and are stacked). A free-standing node is a unit one column wide.
 */
function columns(
  n: number,
  succ: number[][],
  pred: number[][],
  groupOf: Int32Array,
  groups: Group[],
): Int32Array {
  const inner = (adj: number[][]) =>
    adj.map((ns, i) => (groupOf[i] === -1 ? [] : ns.filter((m) => groupOf[m] === groupOf[i])));
  const local = layers(n, inner(succ), inner(pred));
  // Units: the boxes, then each free-standing node as a unit one column wide.
  const unitOf = new Int32Array(n);
  let units = groups.length;
  for (let i = 0; i < n; i++) unitOf[i] = groupOf[i] === -1 ? units++ : groupOf[i]!;
  const width = new Int32Array(units).fill(1);
  for (let i = 0; i < n; i++) width[unitOf[i]!] = Math.max(width[unitOf[i]!]!, local[i]! + 1);
  const uSucc: number[][] = Array.from({ length: units }, () => []);
  const uPred: number[][] = Array.from({ length: units }, () => []);
  const seen = new Set<number>();
  for (let s = 0; s < n; s++)
    for (const t of succ[s]!) {
      const a = unitOf[s]!;
      const b = unitOf[t]!;
      if (a === b || seen.has(a * units + b)) continue;
      seen.add(a * units + b);
      uSucc[a]!.push(b);
      uPred[b]!.push(a);
    }
  const offset = layers(units, uSucc, uPred, (u) => width[u]!);
  const rank = new Int32Array(n);
  for (let i = 0; i < n; i++) rank[i] = offset[unitOf[i]!]! + local[i]!;
  return rank;
}

/** Sizes each box and places it at its first column, below every earlier box its columns overlap. */
function placeGroups(groups: Group[]): void {
  for (const [k, g] of groups.entries()) {
    const cols = g.maxRank - g.minRank + 1;
    g.width = cols * NODE_WIDTH + (cols - 1) * LAYER_GAP + PAD.left + PAD.right;
    g.height = g.rows * NODE_HEIGHT + (g.rows - 1) * NODE_GAP + PAD.top + PAD.bottom;
    g.x = g.minRank * PITCH_X - PAD.left;
    g.y = 0;
    for (const p of groups.slice(0, k))
      if (g.x < p.x + p.width && p.x < g.x + g.width) g.y = Math.max(g.y, p.y + p.height + GROUP_GAP);
  }
}

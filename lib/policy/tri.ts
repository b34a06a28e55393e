/**
 * Three-valued results (`yes`, `no`, `maybe`), each carrying the open conditions that a `maybe`
 * depends on. `and` is `no` if any part is `no`; `or` is `yes` if any part is `yes`.
 */
import type { OpenCondition } from './types';

export interface Tri {
  v: 'yes' | 'no' | 'maybe';
  open: OpenCondition[];
}

export const YES: Tri = { v: 'yes', open: [] };
export const NO: Tri = { v: 'no', open: [] };

function merge(open: OpenCondition[] | undefined, t: Tri | undefined): OpenCondition[] | undefined {
  if (t === undefined || t.v !== 'maybe') return open;
  if (!open) return t.open.slice();
  for (const o of t.open) open.push(o);
  return open;
}

/** Fixed arity (no rest list per call): the evaluator combines two or three results at a time, often. */
export function and(a: Tri, b: Tri, c?: Tri): Tri {
  if (a.v === 'no' || b.v === 'no' || c?.v === 'no') return NO;
  const open = merge(merge(merge(undefined, a), b), c);
  return open ? { v: 'maybe', open } : YES;
}

export function or(a: Tri, b: Tri, c?: Tri): Tri {
  if (a.v === 'yes' || b.v === 'yes' || c?.v === 'yes') return YES;
  const open = merge(merge(merge(undefined, a), b), c);
  return open ? { v: 'maybe', open } : NO;
}

/** `and` over a list. */
export function allOf(parts: readonly Tri[]): Tri {
  let acc = YES;
  for (const p of parts) {
    acc = and(acc, p);
    if (acc.v === 'no') return NO;
  }
  return acc;
}

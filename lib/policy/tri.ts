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

export function and(...parts: Tri[]): Tri {
  let maybe: OpenCondition[] | undefined;
  for (const p of parts) {
    if (p.v === 'no') return NO;
    if (p.v === 'maybe') (maybe ??= []).push(...p.open);
  }
  return maybe ? { v: 'maybe', open: maybe } : YES;
}

export function or(...parts: Tri[]): Tri {
  let maybe: OpenCondition[] | undefined;
  for (const p of parts) {
    if (p.v === 'yes') return YES;
    if (p.v === 'maybe') (maybe ??= []).push(...p.open);
  }
  return maybe ? { v: 'maybe', open: maybe } : NO;
}

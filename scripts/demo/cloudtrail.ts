/** CloudTrail records of the demo organisation (placeholder until the full generator lands). */
import type { Ids } from './rng';

export function cloudTrailFiles(_ids: Ids): Map<string, unknown[]> {
  return new Map();
}

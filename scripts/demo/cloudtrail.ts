/**
 * Thirty days of CloudTrail for the demo organisation: what each workload, person and partner does.
 * Every call is scheduled from a seeded stream, so the output is the same on every run.
 */
import type { Ids } from './rng';
import { toFiles } from './trail';
import { Scenario } from './ct-scenario';
import { fleet, scaleOut } from './ct-fleet';
import { security, engineer } from './ct-people';
import { outsiders } from './ct-outsiders';

/** Every CloudTrail file of the demo: path → the records it holds. */
export function cloudTrailFiles(ids: Ids): Map<string, unknown[]> {
  const sc = new Scenario(ids);
  fleet(sc);
  security(sc);
  engineer(sc);
  outsiders(sc);
  scaleOut(sc);
  return toFiles(sc.trail);
}

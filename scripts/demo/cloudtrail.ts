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
import { identityCenterSignIns } from './ct-identity-center';

/** Every CloudTrail file of the demo: path → the records it holds. */
export function cloudTrailFiles(ids: Ids): Map<string, unknown[]> {
  const sc = new Scenario(ids);
  fleet(sc);
  security(sc);
  engineer(sc);
  outsiders(sc);
  scaleOut(sc);
  // Last, so the keys and ids the trail hands out in order stay those of the calls before it.
  identityCenterSignIns(sc);
  return toFiles(sc.trail);
}

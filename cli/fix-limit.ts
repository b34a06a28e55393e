/**
 * How many findings `rolechain analyze` prints with their fix (`--fixes`), and what the others say.
 *
 * Why a limit: a trust or bucket fix is vetted (every rule runs again on the changed policy) and every
 * fix is re-checked by the engine when first read, a few milliseconds each. On 200,000 roles there are
 * about 120,000 findings: working out every fix took longer than the analysis itself and ran the default
 * heap out (docs/scale.md). A person reads the most severe findings first, and findings come sorted by
 * severity, so the first `limit` get their fix, vetted and re-checked, as before; each later finding
 * that has a fix says that it was NOT worked out, never a fix unchecked. The default is above any
 * account's usual count (the demo organisation has 23 findings), so small estates print as before.
 */
import type { Finding } from '../lib/findings';
import { hasFix } from '../lib/findings';
import type { Result } from '../lib/model';
import { err, ok } from '../lib/model';

export const DEFAULT_FIXES = 100;

/** `--fixes N` (a whole number ≥ 0) or `all`; absent: the default. */
export function parseFixes(value: string | undefined): Result<number> {
  if (value === undefined) return ok(DEFAULT_FIXES);
  if (value === 'all') return ok(Infinity);
  if (!/^\d{1,9}$/.test(value)) return err('bad_fixes', `--fixes is a whole number or all, not '${value}'`);
  return ok(Number(value));
}

/** How many of `findings` have a fix that the first `limit` leave out (without working any out). */
export function withheldCount(findings: readonly Finding[], limit: number): number {
  let n = 0;
  for (let i = Math.min(limit, findings.length); i < findings.length; i++)
    if (hasFix(findings[i] as Finding)) n++;
  return n;
}

/** What a finding whose fix was left out says in its place (table, SARIF). */
export const WITHHELD =
  'not shown, NOT vetted or re-checked (beyond --fixes: rerun with --fixes all, or narrow with --rule)';

/** The summary line for the table and the JSON's `fixes.note`, or undefined when none was left out. */
export function withheldSummary(limit: number, withheld: number): string | undefined {
  if (withheld === 0) return undefined;
  return `fixes: the first ${limit.toLocaleString('en-US')} findings (most severe first) with their fix, vetted and re-checked; ${withheld.toLocaleString('en-US')} later findings have a fix that was NOT vetted or re-checked and is not shown: rerun with --fixes all (slow on a large estate) or narrow with --rule`;
}

/**
 * `f` as the JSON prints it beyond the limit: its own fields without its fix (copied by descriptor, so
 * the lazy fix is never read) and `fixWithheld: true` where it has one (the JSON's `fixes.note` says
 * what that means).
 */
export function withoutFix(f: Finding): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(f))
    if (key !== 'fix') out[key] = (f as unknown as Record<string, unknown>)[key];
  if (hasFix(f)) out.fixWithheld = true;
  return out;
}

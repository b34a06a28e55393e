/**
 * What a finding's fix is about, read without working the fix out. Why: a trust or bucket fix is vetted
 * (the rules run again on the changed policy, vet-fixes.ts) and re-checked when first read, which costs
 * milliseconds each; an organisation of 200,000 roles has about 120,000 findings, and a report that
 * shows the fixes of only some of them must still say which findings have one, and where (SARIF locates
 * a finding on its fix's target), without paying for the rest.
 */
import type { Finding, Fix } from './types';

/** The fix each finding had before vetting, where vetting is deferred (see `vetFixes`). */
const unvetted = new WeakMap<Finding, Fix>();

/** Records `fix` as `f`'s fix before vetting (vet-fixes.ts). */
export function rememberUnvetted(f: Finding, fix: Fix | undefined): void {
  if (fix) unvetted.set(f, fix);
  else unvetted.delete(f);
}

/** Whether `f` has a fix (vetted or not), without vetting or re-checking it. */
export function hasFix(f: Finding): boolean {
  const d = Object.getOwnPropertyDescriptor(f, 'fix');
  if (!d) return false;
  return d.get ? unvetted.has(f) : d.value !== undefined;
}

/**
 * The ARN (or `s3://bucket`) `f`'s fix changes, without vetting or re-checking it. Vetting keeps the
 * target (it binds or withdraws the change to the same policy), so this is the vetted fix's target too.
 */
export function fixTarget(f: Finding): string | undefined {
  const d = Object.getOwnPropertyDescriptor(f, 'fix');
  if (!d) return undefined;
  if (d.get) return unvetted.get(f)?.target;
  return (d.value as Fix | undefined)?.target;
}

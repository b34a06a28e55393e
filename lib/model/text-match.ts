/**
 * How every search box in Rolechain matches text: case-insensitively, by substring, with spaces,
 * hyphens and underscores taken as the same separator — "missing trust" finds the rule
 * `missing-trust`, "doris s3" finds `doris-s3-role`. One function, so the graph's node search, the
 * findings search and the audit filters cannot disagree.
 */

/** Lower case, and every run of spaces, hyphens and underscores as one space. */
export function searchKey(s: string): string {
  return s.toLowerCase().replace(/[\s_-]+/g, ' ');
}

/** True when `needle` (any case, any separator) occurs in one of `haystacks`; an empty needle matches. */
export function matchesText(needle: string, ...haystacks: readonly (string | undefined)[]): boolean {
  const n = searchKey(needle.trim());
  if (n === '') return true;
  return haystacks.some((h) => h !== undefined && searchKey(h).includes(n));
}

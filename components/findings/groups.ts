/** The findings view's groups: the API's counts, with the page's findings dealt into them. */
import type { Finding, Severity } from '@/lib/findings/types';
import { SEVERITIES } from '@/lib/findings/types';
import type { FindingCounts } from '@/lib/server/findings-api';

export interface FindingGroup {
  severity: Severity;
  rule: string;
  /** Findings in the group over all pages. */
  count: number;
  /** The group's first findings, from the page already loaded; the rest load on demand. */
  items: Finding[];
}

export interface SeveritySection {
  severity: Severity;
  count: number;
  groups: FindingGroup[];
}

/**
 * Deals a page into the groups of `counts`. Pages come in the order severity, rule, id, so the
 * findings a page holds of a group are that group's first ones, and the group's own query goes on
 * from there.
 */
export function sectionsOf(counts: FindingCounts, page: readonly Finding[]): SeveritySection[] {
  const items = new Map<string, Finding[]>();
  for (const f of page) {
    const k = `${f.severity}\n${f.rule}`;
    const list = items.get(k);
    if (list) list.push(f);
    else items.set(k, [f]);
  }
  const out: SeveritySection[] = [];
  for (const s of SEVERITIES) {
    const groups = counts.groups
      .filter((g) => g.severity === s)
      .map((g) => ({ ...g, items: items.get(`${g.severity}\n${g.rule}`) ?? [] }));
    if (groups.length > 0) out.push({ severity: s, count: counts.severity[s] ?? 0, groups });
  }
  return out;
}

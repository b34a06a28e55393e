/**
 * Suggestions from a known list of values (stored role ARNs, rule ids, finding titles): the ones that
 * match what is typed the way the server's search does (`matchesText`: any case, any part, spaces,
 * hyphens and underscores alike), at most `max`, in the list's order. Nothing typed shows the first
 * `max`, so Arrow Down on an empty box lists what there is.
 */
import { matchesText } from '@/lib/model/text-match';
import type { ComboOption } from './combobox';

export const MAX_SUGGESTIONS = 50;

export function suggestionsFor(
  text: string,
  values: readonly string[],
  max: number = MAX_SUGGESTIONS,
): ComboOption[] {
  const out: ComboOption[] = [];
  const seen = new Set<string>();
  for (const v of values) {
    if (out.length >= max) break;
    if (seen.has(v) || !matchesText(text, v)) continue;
    seen.add(v);
    out.push({ value: v });
  }
  return out;
}

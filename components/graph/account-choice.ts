/**
 * Which accounts the sidebar draws. Up to `LISTED_ACCOUNTS_MAX` accounts are listed whole (a select and
 * a checkbox each, as a small estate wants); above that the sidebar draws a search box and at most
 * `SUGGESTED_ACCOUNTS_MAX` matches of what is typed. Why: at 1,000 accounts the whole lists were
 * thousands of DOM nodes drawn on every render of the explorer, and no one scrolls them.
 */
import { matchesText } from '@/lib/model/text-match';

export const LISTED_ACCOUNTS_MAX = 20;
export const SUGGESTED_ACCOUNTS_MAX = 20;

export interface AccountEntry {
  id: string;
  name: string | null;
  external: boolean;
}

/** How an account is named in the sidebar. */
export const accountLabel = (a: Pick<AccountEntry, 'id' | 'name'>): string =>
  a.name ? `${a.name} (${a.id})` : a.id;

/** Whether the sidebar lists these accounts whole, or offers a search box over them. */
export const listsWhole = (accounts: readonly AccountEntry[]): boolean =>
  accounts.length <= LISTED_ACCOUNTS_MAX;

/**
 * The accounts whose id or name contains `text` (any case, any separator), ids that start with it
 * first, at most `limit`; none for blank text (the box then has nothing to suggest).
 */
export function matchAccounts(
  accounts: readonly AccountEntry[],
  text: string,
  limit = SUGGESTED_ACCOUNTS_MAX,
): AccountEntry[] {
  const t = text.trim();
  if (t === '') return [];
  const starts: AccountEntry[] = [];
  const contains: AccountEntry[] = [];
  for (const a of accounts) {
    if (a.id.startsWith(t)) starts.push(a);
    else if (matchesText(t, a.id, a.name ?? undefined)) contains.push(a);
    if (starts.length >= limit) break;
  }
  return [...starts, ...contains].slice(0, limit);
}

'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback } from 'react';

export type UrlPatch = Record<string, string | readonly string[] | undefined>;

export interface UrlSetOptions {
  /**
   * Rewrite the current history entry instead of adding one. For transient states (a value being
   * typed, a default filled in): Back should return to the previous view, not to each keystroke.
   */
  replace?: boolean;
}

/**
 * Every view keeps its state in the URL, so a link reproduces what someone saw.
 * A list is kept as repeated parameters (`exp=a&exp=b`), since ARNs may hold commas.
 * A change is a history entry (Back and Forward walk focus, selection and filter changes); a patch that
 * changes nothing adds none, so a repeated click does not make Back look broken.
 */
export function useUrlState(): [URLSearchParams, (patch: UrlPatch, opts?: UrlSetOptions) => void] {
  const params = useSearchParams();
  const router = useRouter();
  const path = usePathname();
  const set = useCallback(
    (patch: UrlPatch, opts: UrlSetOptions = {}) => {
      const current = params.toString();
      const next = new URLSearchParams(current);
      for (const [k, v] of Object.entries(patch)) {
        next.delete(k);
        if (v === undefined || v === '') continue;
        if (typeof v === 'string') next.set(k, v);
        else for (const item of v) next.append(k, item);
      }
      const s = next.toString();
      if (s === current) return;
      const url = s === '' ? path : `${path}?${s}`;
      if (opts.replace) router.replace(url, { scroll: false });
      else router.push(url, { scroll: false });
    },
    [params, router, path],
  );
  return [params, set];
}

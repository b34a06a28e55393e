'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback } from 'react';

export type UrlPatch = Record<string, string | readonly string[] | undefined>;

/**
 * Every view keeps its state in the URL, so a link reproduces what someone saw.
 * A list is kept as repeated parameters (`exp=a&exp=b`), since ARNs may hold commas.
 */
export function useUrlState(): [URLSearchParams, (patch: UrlPatch) => void] {
  const params = useSearchParams();
  const router = useRouter();
  const path = usePathname();
  const set = useCallback(
    (patch: UrlPatch) => {
      const next = new URLSearchParams(params.toString());
      for (const [k, v] of Object.entries(patch)) {
        next.delete(k);
        if (v === undefined || v === '') continue;
        if (typeof v === 'string') next.set(k, v);
        else for (const item of v) next.append(k, item);
      }
      const s = next.toString();
      router.replace(s === '' ? path : `${path}?${s}`, { scroll: false });
    },
    [params, router, path],
  );
  return [params, set];
}
